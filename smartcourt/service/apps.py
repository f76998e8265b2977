from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "smartcourt.service"
    label = "service"
    verbose_name = _("送达")

    def ready(self) -> None:
        from smartcourt.jobs.handoff import register_receiver

        from . import permissions, workbench  # noqa: F401  (register service scopes and workbench panels)

        # After the dossier filed the complaint (not at acceptance): the copy served is the dossier's anchored file.
        register_receiver(
            "dossier.complaint_filed", "smartcourt.service.hooks.complaint_copies_serve", queue_name="service"
        )
        register_receiver("service.attempt_started", "smartcourt.service.hooks.attempt_dispatch", queue_name="service")

        from smartcourt.core.outbox.selectors import register_related_links

        from .selectors import ATTEMPT_RELATED, service_attempt_links

        register_related_links(ATTEMPT_RELATED, service_attempt_links)  # outbox rows link to their task

        from smartcourt.core.request_limits import body_limit_register

        from .services.common import MAX_DOCUMENT_BYTES

        for view_name in ("service:capture", "service:address", "service:case_task_create"):
            body_limit_register(view_name, lambda: MAX_DOCUMENT_BYTES, "送达照片、确认书扫描件、送达文书")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "smartcourt.service"
    label = "service"
    verbose_name = _("送达")

    def ready(self) -> None:
        from smartcourt.filing.hooks import register_case_opened

        from . import permissions, workbench  # noqa: F401  (register service scopes and workbench panels)
        from .hooks import complaint_copies_serve

        register_case_opened(complaint_copies_serve)

        from smartcourt.core.outbox.selectors import register_related_links

        from .selectors import ATTEMPT_RELATED, service_attempt_links

        register_related_links(ATTEMPT_RELATED, service_attempt_links)  # outbox rows link to their task

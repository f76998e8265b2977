from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "smartcourt.hearings"
    label = "hearings"
    verbose_name = _("庭审")

    def ready(self) -> None:
        from smartcourt.courts.noticeboard import register_hearing_notice_source

        from . import permissions, workbench  # noqa: F401  (register the hearing scopes and workbench panels)
        from .selectors import hearing_notices_public

        register_hearing_notice_source(hearing_notices_public)

        from .draft_sources import register as register_draft_sources

        register_draft_sources()

        from smartcourt.documents.signals import SERVED
        from smartcourt.jobs.handoff import register_receiver

        # a summons handed to the service app: linked to its participant, or withdrawn (durable hand-off, ADR 0010)
        register_receiver(SERVED, "smartcourt.hearings.summons.document_served")

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

        from smartcourt.documents.signals import document_served

        from .summons import on_document_served

        document_served.connect(
            on_document_served, dispatch_uid="hearings.summons.served"
        )  # the evidence with its cross-examination results, for the drafting page

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    """Mediation before and during a case, judicial confirmation, shared courts, the dispute funnel (issue 19)."""

    name = "smartcourt.mediation"
    label = "mediation"
    verbose_name = _("调解")

    def ready(self) -> None:
        from smartcourt.jobs.handoff import register_receiver

        from . import permissions, workbench  # noqa: F401  (register the mediation scopes and workbench panels)

        # a filing accepted on the mediation track opens its dispute; a dispute filed as a case carries its materials
        register_receiver("filing.case_opened", "smartcourt.mediation.services.dispute_from_filing")
        register_receiver("mediation.case_filed", "smartcourt.mediation.services.case_filed_intake")

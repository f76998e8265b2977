from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "smartcourt.dossier"
    label = "dossier"
    verbose_name = _("电子卷宗")

    def ready(self) -> None:
        from smartcourt.jobs.handoff import register_receiver

        register_receiver("filing.case_opened", "smartcourt.dossier.hooks.filing_case_opened")
        register_receiver("dossier.ocr_requested", "smartcourt.dossier.hooks.pages_ocr_requested")
        register_receiver("case.power_of_attorney_accepted", "smartcourt.dossier.hooks.power_of_attorney_accepted")

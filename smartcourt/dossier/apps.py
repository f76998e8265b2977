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

        from smartcourt.core.intake.limits import dossier_max_bytes
        from smartcourt.core.request_limits import body_limit_register

        # A batch (page or API) takes one file's limit in all: its files are checked in memory together.
        for view_name in ("dossier:scan", "api-v1:dossier_documents"):
            body_limit_register(view_name, dossier_max_bytes, "卷宗扫描归档：一批合计不超过单个文件的上限")

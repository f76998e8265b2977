from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "smartcourt.dossier"
    label = "dossier"
    verbose_name = _("电子卷宗")

    def ready(self) -> None:
        from smartcourt.filing.hooks import register_case_opened

        from .hooks import filing_accepted

        register_case_opened(filing_accepted)

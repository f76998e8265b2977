from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaperCustodyConfig(AppConfig):
    """Paper custody (纸质卷宗保管): part of the dossier context, its own app so its migrations stand apart."""

    name = "smartcourt.dossier.custody"
    label = "dossier_custody"
    verbose_name = _("纸质卷宗保管")

    def ready(self) -> None:
        from . import permissions, workbench  # noqa: F401  (register paper-file scopes and workbench panels)

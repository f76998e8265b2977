from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "smartcourt.ledger"
    label = "ledger"
    verbose_name = _("存证账本")

    def ready(self) -> None:
        from . import workbench  # noqa: F401  (register the workbench panel)

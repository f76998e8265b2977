from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "smartcourt.ledger"
    label = "ledger"
    verbose_name = _("存证账本")

    def ready(self) -> None:
        from smartcourt.core.intake.limits import dossier_max_bytes
        from smartcourt.core.request_limits import body_limit_register

        from . import workbench  # noqa: F401  (register the workbench panel)

        # the public verification page hashes (never keeps) any file the dossier could hold
        body_limit_register("ledger:verify", dossier_max_bytes, "存证核验：不超过卷宗单个文件的上限")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    """Enforcement (执行): cases, online inquiry and control, measures, case funds, auctions (issue 20)."""

    name = "smartcourt.enforcement"
    label = "enforcement"
    verbose_name = _("执行")

    def ready(self) -> None:
        from . import (  # noqa: F401  (register the enforcement scopes and the workbench panels)
            permissions,
            workbench,
            workbench_crosscourt,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "smartcourt.cases"
    label = "cases"
    verbose_name = _("案件")

    def ready(self) -> None:
        from . import permissions, selectors_stats, workbench  # noqa: F401  (scopes, figure versions, panels)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManagementConfig(AppConfig):
    name = "smartcourt.management"
    label = "management"
    verbose_name = _("审判管理")

    def ready(self) -> None:
        from . import workbench  # noqa: F401  (the leaders' workbench panel)

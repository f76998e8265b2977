from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "smartcourt.filing"
    label = "filing"
    verbose_name = _("立案")

    def ready(self) -> None:
        from . import permissions, workbench  # noqa: F401  (register filing scopes and workbench panels)

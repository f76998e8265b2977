from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "smartcourt.service"
    label = "service"
    verbose_name = _("送达")

    def ready(self) -> None:
        from . import permissions, workbench  # noqa: F401  (register service scopes and workbench panels)

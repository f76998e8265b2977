from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "smartcourt.portal"
    label = "portal"
    verbose_name = _("诉讼服务（公众端）")

    def ready(self) -> None:
        from . import permissions, wiring  # noqa: F401  (IDENTITY scopes; identity check, filer defaults, contacts)

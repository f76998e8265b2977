from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo court generator: a composition root that calls every app's services (no models of its own)."""

    name = "smartcourt.demo"
    label = "demo"
    verbose_name = _("演示数据")

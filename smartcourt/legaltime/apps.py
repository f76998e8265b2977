from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegaltimeConfig(AppConfig):
    """Legal time (法定期间): deadlines, the working-day calendar, the trial-period clock. Every app counts time here."""

    name = "smartcourt.legaltime"
    label = "legaltime"
    verbose_name = _("法定期间")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    """Mediation before and during a case, judicial confirmation, shared courts, the dispute funnel (issue 19)."""

    name = "smartcourt.mediation"
    label = "mediation"
    verbose_name = _("调解")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "smartcourt.core.intake"
    label = "core_intake"
    verbose_name = _("文件接收")

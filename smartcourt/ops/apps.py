from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operating the installation (运维): backup and restore, the sweep of upload temp files (ADR 0028)."""

    name = "smartcourt.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from .tempfiles import upload_temp_dir_ensure

        upload_temp_dir_ensure()

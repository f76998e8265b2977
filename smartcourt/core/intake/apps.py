from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "smartcourt.core.intake"
    label = "core_intake"
    verbose_name = _("文件接收")

    def ready(self) -> None:
        from PIL import Image

        from . import scan as _scan  # noqa: F401  (registers the virus-scanner system check, intake.W001)
        from .limits import limits_current

        # Pillow's own decompression-bomb guard at our pixel limit, for every Image.open in the project (OCR pages,
        # exports), not only the intake's header check: beyond it Pillow warns, beyond twice it refuses to open.
        Image.MAX_IMAGE_PIXELS = limits_current().max_pixels

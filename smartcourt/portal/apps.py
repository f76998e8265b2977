from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "smartcourt.portal"
    label = "portal"
    verbose_name = _("诉讼服务（公众端）")

    def ready(self) -> None:
        from smartcourt.core.intake.limits import filing_max_bytes
        from smartcourt.core.request_limits import body_limit_register
        from smartcourt.documents.signals import TOOK_EFFECT
        from smartcourt.jobs.handoff import register_receiver

        from . import permissions, wiring, workbench  # noqa: F401  (scopes; identity check, filer defaults; panels)
        from .identity import EmbeddedIdentityProvider

        # a court document took effect: open its publication task (durable hand-off, ADR 0010)
        register_receiver(TOOK_EFFECT, "smartcourt.portal.hooks.document_took_effect")
        body_limit_register("portal:verify", lambda: EmbeddedIdentityProvider.max_photo_bytes, "身份证照片")
        body_limit_register("portal:kiosk", filing_max_bytes, "自助终端立案：全部材料合计不超过网上立案单个文件的上限")

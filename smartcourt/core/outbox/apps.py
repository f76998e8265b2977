from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The one outbox for SMS and e-mail: a Django app of its own inside core (label `core_outbox`), so its table
    migrates apart from core's, as core's file intake does."""

    name = "smartcourt.core.outbox"
    label = "core_outbox"
    verbose_name = _("短信与邮件发件箱")

"""The one outbox for SMS and e-mail (短信与邮件发件箱): every message any app sends is one row here.

Core sits below every domain app, so what a message is for is a generic reference (`related_type`, `related_id`),
never a foreign key into another app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel

from .labels import provider_label, purpose_label


class OutboundMessage(BaseModel):
    """One SMS or e-mail: written in the sender's transaction, handed to the channel's provider after the commit
    (or at once, from a task, where the sender needs the provider's verdict: service of process)."""

    class Channel(models.TextChoices):
        SMS = "sms", _("短信")
        EMAIL = "email", _("电子邮件")

    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENDING = "sending", _("发送中")
        OUTBOX = "outbox", _("已写入发件箱（无回执）")  # the embedded SMS provider: no gateway, no report
        ACCEPTED = "accepted", _("服务器已接收")
        SENT = "sent", _("已发送")  # messages sent before the outbox was unified (no finer status recorded)
        DELIVERED = "delivered", _("已送达终端")
        REJECTED = "rejected", _("被拒收")  # the provider refused it for good: not retried
        FAILED = "failed", _("发送失败")  # retried while attempts remain

    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("收件地址"), max_length=200)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    # [{"name", "storage_name", "content_type", "sha256"}]: files in the intake's store, read when sending.
    attachments = models.JSONField(_("附件"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    provider = models.CharField(_("通道"), max_length=48, blank=True)
    reference = models.CharField(_("通道消息编号"), max_length=120, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("最多尝试次数"), default=5)
    # When the relay schedule may (re)queue it; NULL: nothing to do, or the sender delivers it itself.
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    purpose = models.CharField(_("用途"), max_length=48, blank=True)  # e.g. "filing.accepted", "service.sms_link"
    related_type = models.CharField(_("关联对象类型"), max_length=48, blank=True)  # e.g. "service.attempt"
    related_id = models.CharField(_("关联对象编号"), max_length=64, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("收件用户"),
    )
    court = models.ForeignKey(
        "courts.Court", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("法院")
    )

    class Meta:
        verbose_name = _("短信与邮件发件箱")
        verbose_name_plural = _("短信与邮件发件箱")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["court", "-created_at"], name="outbox_court_recent"),
            models.Index(fields=["related_type", "related_id"], name="outbox_related"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.to} · {self.get_status_display()}"

    def get_provider_display(self) -> str:
        return provider_label(self.provider)

    def get_purpose_display(self) -> str:
        return purpose_label(self.purpose)

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Created/updated stamps for every table."""

    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyModel(models.Model):
    """A log table whose rows are never changed or deleted once written (audit log, timelines, custody events).

    `save()` of an already-stored row and `delete()` raise ValueError("<Model> rows are append-only"); a model may
    add `append_only_update_hint` to tell the caller what to do instead of an update. Abstract and field-less, so
    it adds no columns and no migrations.
    """

    append_only_update_hint: ClassVar[str] = ""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            message = self._append_only_message()
            if self.append_only_update_hint:
                message = f"{message}; {self.append_only_update_hint}"
            raise ValueError(message)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError(self._append_only_message())

    def _append_only_message(self) -> str:
        return f"{type(self).__name__} rows are append-only"


class AuditLog(AppendOnlyModel):
    """Who did or viewed what, when and why. Append-only; reads of personal data set `data_subject`."""

    class Kind(models.TextChoices):
        WRITE = "write", _("操作")
        READ = "read", _("查阅")
        AUTH = "auth", _("登录与认证")

    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices, default=Kind.WRITE)
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_label = models.CharField(_("对象"), max_length=200, blank=True)
    # Whose personal data was read, as "user:<id>" or "person:<id>" (个人信息保护法: let people see who viewed it).
    data_subject = models.CharField(_("信息主体"), max_length=64, blank=True, db_index=True)
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    extra = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"


class Notification(models.Model):
    """An in-site message (站内信) to one user; SMS / e-mail adapters deliver copies from the same row."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("收件人")
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    topic = models.CharField(_("主题"), max_length=48, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

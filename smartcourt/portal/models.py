"""The public side's tables: litigant accounts with real-name verification."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel


class LitigantAccount(BaseModel):
    """A party's or lawyer's account details and the state of real-name verification (在线诉讼规则 Art. 7)."""

    class Kind(models.TextChoices):
        PARTY = "party", _("当事人")
        LAWYER = "lawyer", _("律师")

    class State(models.TextChoices):
        UNVERIFIED = "unverified", _("未认证")
        PENDING = "pending", _("待人工审核")
        VERIFIED = "verified", _("已认证")
        REFUSED = "refused", _("认证未通过")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="litigant_account")
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    # The court the person registered with (常用法院): its filing officers verify the account (permission table,
    # IDENTITY at COURT scope). Null only for an account no court has been told of yet (identity_submit fills it).
    court = models.ForeignKey(
        "courts.Court",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("注册法院"),
    )
    id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    id_photo = models.FileField(_("证件照片"), upload_to="portal/id/", blank=True, max_length=200)
    id_photo_sha256 = models.CharField(_("证件照片摘要"), max_length=64, blank=True)
    state = models.CharField(_("认证状态"), max_length=12, choices=State.choices, default=State.UNVERIFIED)
    provider = models.CharField(_("认证方式"), max_length=32, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    refusal_reason = models.CharField(_("未通过理由"), max_length=200, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)

    class Meta:
        verbose_name = _("诉讼参与人账户")
        verbose_name_plural = _("诉讼参与人账户")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="litigant_account_id_unique"
            )
        ]
        indexes = [models.Index(fields=["court", "state"], name="litigant_account_court_queue")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.get_state_display()}"


class KioskDevice(BaseModel):
    """A court's registered self-service terminal (自助立案终端): only a terminal presenting its device key may file.

    Registered by the court's administrator through `kiosk_device_register` (audited), which shows the key once:
    set in the terminal's browser as a cookie at registration, or sent by a terminal application in the
    `X-Kiosk-Key` header. Only the key's SHA-256 is stored; a revoked terminal files nothing more."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    name = models.CharField(_("终端名称"), max_length=64)
    prefix = models.CharField(_("密钥前缀"), max_length=12)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("自助立案终端")
        verbose_name_plural = _("自助立案终端")

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

"""The public side's tables: litigant accounts with real-name verification."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel

from .rules.publication import ExclusionReason


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


class PublicationKind(models.TextChoices):
    JUDGMENT = "judgment", _("判决书")
    RULING = "ruling", _("裁定书")


class PublicationState(models.TextChoices):
    PENDING = "pending", _("待审核")
    REVIEWED = "reviewed", _("已审核，待公布")
    EXCLUDED = "excluded", _("不公布")
    PUBLISHED = "published", _("已公布")


class PublicationTask(BaseModel):
    """One effective judgment or ruling on its way to the public portal (裁判文书上网, 法释〔2016〕19号, ADR 0036):
    opened when it takes effect, with its deadline; decided excluded (with the reason) or anonymised, reviewed side
    by side, and published with the published PDF anchored in the ledger. Published rows are the portal's
    judgments (`published_text`, `search_text`)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件"))
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    kind = models.CharField(_("文书种类"), max_length=12, choices=PublicationKind.choices)
    title = models.CharField(_("文书标题"), max_length=200)
    case_number = models.CharField(_("案号"), max_length=64)
    case_kind = models.CharField(_("案件类型"), max_length=24, blank=True)
    cause = models.CharField(_("案由"), max_length=100, blank=True)
    effective_on = models.DateField(_("生效日期"))
    due_on = models.DateField(_("公布期限"), db_index=True)
    # the original, as signed: the source of the anonymised text, never shown to the public
    full_text = models.TextField(_("文书原文"))
    source_sha256 = models.CharField(_("原文摘要"), max_length=64)
    parties = models.JSONField(_("当事人信息"), default=list, blank=True)
    signed_pdf_sha256 = models.CharField(_("签章文书摘要"), max_length=64, blank=True)
    signed_pdf_name = models.CharField(_("签章文书存储名"), max_length=500, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=PublicationState.choices, default=PublicationState.PENDING, db_index=True
    )
    suggested_exclusion = models.CharField(_("建议不公布理由"), max_length=24, blank=True)
    suggested_note = models.CharField(_("建议说明"), max_length=200, blank=True)
    exclusion_reason = models.CharField(_("不公布理由"), max_length=24, choices=ExclusionReason.choices, blank=True)
    exclusion_note = models.CharField(_("不公布说明"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    anonymised_text = models.TextField(_("隐名处理后文本"), blank=True)
    replacements = models.JSONField(_("替换记录"), default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_pdf_name = models.CharField(_("公布文书存储名"), max_length=500, blank=True)
    published_pdf_sha256 = models.CharField(_("公布文书摘要"), max_length=64, blank=True, db_index=True)
    search_text = models.TextField(_("检索词"), blank=True)

    class Meta:
        verbose_name = _("裁判文书公开任务")
        verbose_name_plural = _("裁判文书公开任务")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "source_sha256"], name="publication_task_source_unique")]
        indexes = [
            models.Index(fields=["court", "state", "due_on"], name="publication_court_state"),
            models.Index(fields=["state", "published_at"], name="publication_published"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

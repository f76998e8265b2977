"""Court documents (裁判文书与诉讼文书): court template versions, documents generated or drafted for a case, their
draft versions, review (阅核) steps and their comments, and the signed PDF."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import AppendOnlyModel, BaseModel

from .kinds import KIND_CHOICES


class DocumentTemplate(BaseModel):
    """One version of a kind's .docx template for a court (court=None: the stock version everyone starts from)."""

    court = models.ForeignKey("courts.Court", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("文书种类"), max_length=32, choices=KIND_CHOICES)
    version = models.PositiveIntegerField(_("版本"))
    storage_name = models.CharField(_("存储名"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    fields_used = models.JSONField(_("使用的字段"), default=list)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["court", "kind", "version"], name="documents_template_version_once")
        ]


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    READY = "ready", _("待签章")  # a routine notice generated from its template
    IN_REVIEW = "in_review", _("阅核中")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已核准")
    SIGNED = "signed", _("已签章")
    SERVED = "served", _("已送达")
    EFFECTIVE = "effective", _("已生效")


class DocumentJob(models.TextChoices):
    """The background signing of a document (签章任务): queued, running (签章中), failed with its reason, or none."""

    NONE = "", _("无")
    QUEUED = "queued", _("排队等待签章")
    RUNNING = "running", _("签章中")
    FAILED = "failed", _("签章失败")


class Document(BaseModel):
    """A document of a case: generated from a template (通知书、传票: signed at once) or drafted and reviewed."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="court_documents")
    kind = models.CharField(_("文书种类"), max_length=32, choices=KIND_CHOICES)
    title = models.CharField(_("标题"), max_length=200)
    state = models.CharField(_("状态"), max_length=16, choices=DocumentState.choices, default=DocumentState.DRAFT)
    recipient = models.ForeignKey("cases.CaseParty", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(DocumentTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    context = models.JSONField(_("字段值"), default=dict, blank=True)
    body = models.TextField(_("正文"), blank=True)  # the draft (autosaved)
    docx_storage_name = models.CharField(max_length=200, blank=True)
    pdf_storage_name = models.CharField(max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    signed_storage_name = models.CharField(max_length=200, blank=True)
    signed_sha256 = models.CharField(_("签章文件SHA-256"), max_length=64, blank=True, db_index=True)
    signed_at = models.DateTimeField(_("签章时间"), null=True, blank=True)
    served_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.CharField(_("生成失败原因"), max_length=300, blank=True)
    # what asked for it (e.g. "hearings.summons:<hearing>:<participant>:<time>"): generating again returns it
    origin_ref = models.CharField(_("来源"), max_length=120, blank=True, db_index=True)
    # the background signing (tasks.document_sign_task): its state, step and progress for the document's page
    job = models.CharField(_("签章任务"), max_length=16, choices=DocumentJob.choices, default="", blank=True)
    job_step = models.CharField(_("签章进度说明"), max_length=60, blank=True)
    job_progress = models.PositiveSmallIntegerField(_("签章进度"), default=0)
    job_serve = models.BooleanField(_("签章后交付送达"), default=False)
    job_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return self.title

    @property
    def ledger_subject(self) -> str:
        return f"case:{self.case_id}/documents.signed:{self.pk}"


class DraftVersion(AppendOnlyModel):
    """A saved version of a draft (版本): never changed; the diff page compares two."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    body = models.TextField(_("正文"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)

    append_only_update_hint = "save a new version instead"

    class Meta:
        verbose_name = _("文稿版本")
        verbose_name_plural = _("文稿版本")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="documents_version_once")]


class SignoffStepState(models.TextChoices):
    WAITING = "waiting", _("待阅核")
    APPROVED = "approved", _("同意")
    RETURNED = "returned", _("退回修改")
    SUPERSEDED = "superseded", _("已重新提交")


class SignoffStep(BaseModel):
    """One step of a document's review chain (阅核): who, in what capacity, and what they decided."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="signoff_steps")
    round = models.PositiveIntegerField(_("轮次"), default=1)
    position = models.PositiveSmallIntegerField(_("顺序"))
    capacity = models.CharField(_("审核身份"), max_length=32)  # rules.review.CAPACITIES
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=SignoffStepState.choices, default=SignoffStepState.WAITING)
    opinion = models.TextField(_("意见"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.ForeignKey(DraftVersion, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("阅核步骤")
        verbose_name_plural = _("阅核步骤")
        ordering = ["document", "round", "position"]


class SignoffComment(BaseModel):
    """A reviewer's comment anchored to a passage of the version reviewed (the quoted passage and its offset)."""

    step = models.ForeignKey(SignoffStep, on_delete=models.CASCADE, related_name="comments")
    passage = models.CharField(_("批注段落"), max_length=500)
    offset = models.PositiveIntegerField(_("位置"), null=True, blank=True)
    text = models.TextField(_("批注"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("阅核批注")
        verbose_name_plural = _("阅核批注")
        ordering = ["step", "offset", "id"]


class SignoffChainConfig(BaseModel):
    """A court's review chain for a group of kinds (configurable; the defaults are in rules/review.py)."""

    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="+")
    group = models.CharField(_("文书类别"), max_length=16)  # "judgment" | "ruling" | "mediation"
    capacities = models.JSONField(_("审核链"), default=list)  # e.g. ["presiding_judge", "division_head"]

    class Meta:
        verbose_name = _("阅核链设置")
        verbose_name_plural = _("阅核链设置")
        constraints = [models.UniqueConstraint(fields=["court", "group"], name="documents_chain_once")]

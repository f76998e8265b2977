"""The electronic dossier (电子卷宗, 在线诉讼规则 Art. 35): documents in volume order, their pages, the clerks'
cataloguing corrections and what the classifier learns from them, and exports of the whole file."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel

from .rules.catalogue import CHOICES as CATEGORY_CHOICES


class DocumentSource(models.TextChoices):
    FILING = "filing", _("网上立案")
    SCAN = "scan", _("扫描")
    GENERATED = "generated", _("系统生成")
    UPLOAD = "upload", _("上传")


class CategorySource(models.TextChoices):
    CLASSIFIER = "classifier", _("自动编目")
    CLERK = "clerk", _("书记员编目")
    SYSTEM = "system", _("系统指定")
    PARTY = "party", _("当事人提交")  # placed from the title the party gave it, never re-read from its text


class OcrState(models.TextChoices):
    PENDING = "pending", _("待识别")
    DONE = "done", _("已识别")
    FAILED = "failed", _("识别失败")
    PARTIAL = "partial", _("部分页失败")


class DossierDocument(BaseModel):
    """One document of a case file: its bytes stored once by SHA-256, its place in the volume order (卷宗目录)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="dossier_documents", verbose_name=_("案件")
    )
    title = models.CharField(_("文件名称"), max_length=200)
    category = models.CharField(_("卷宗目录类别"), max_length=32, choices=CATEGORY_CHOICES, default="other")
    category_confidence = models.FloatField(_("编目置信度"), default=0.0)
    category_source = models.CharField(
        _("编目来源"), max_length=16, choices=CategorySource.choices, default=CategorySource.CLASSIFIER
    )
    category_reasons = models.JSONField(_("编目依据"), default=list, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=DocumentSource.choices)
    origin_ref = models.CharField(_("来源标识"), max_length=120, blank=True)
    filename = models.CharField(_("原文件名"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_name = models.CharField(_("存储名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    page_count = models.PositiveIntegerField(_("页数"), default=0)
    position = models.PositiveIntegerField(_("卷内顺序"), default=0)
    ocr_state = models.CharField(_("文字识别"), max_length=16, choices=OcrState.choices, default=OcrState.PENDING)
    scan_note = models.CharField(_("病毒扫描"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("归档人")
    )

    class Meta:
        verbose_name = _("卷宗文件")
        verbose_name_plural = _("卷宗文件")
        ordering = ["case", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "origin_ref"], condition=~Q(origin_ref=""), name="dossier_document_origin_once"
            )
        ]
        indexes = [models.Index(fields=["case", "position"], name="dossier_doc_volume_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def ledger_subject(self) -> str:
        return f"case:{self.case_id}/dossier.document:{self.pk}"


class DossierPage(BaseModel):
    """One page: its own stored file (a single-page PDF or an image), its number in the document and in the whole
    case file, the 200-dpi image the OCR read and what it read (text, lines with boxes, confidence)."""

    document = models.ForeignKey(DossierDocument, on_delete=models.CASCADE, related_name="pages")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件"))
    number = models.PositiveIntegerField(_("文件内页码"))
    global_number = models.PositiveIntegerField(_("卷宗页号"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_name = models.CharField(_("存储名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    image_name = models.CharField(_("识别用图像"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("宽（像素）"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高（像素）"), null=True, blank=True)
    ocr_state = models.CharField(_("文字识别"), max_length=16, choices=OcrState.choices, default=OcrState.PENDING)
    ocr_error = models.CharField(_("识别失败原因"), max_length=300, blank=True)
    ocr_text = models.TextField(_("识别文字"), blank=True)
    ocr_lines = models.JSONField(
        _("识别行"), default=list, blank=True
    )  # [{"text", "box": [x0,y0,x1,y1], "confidence"}]
    ocr_confidence = models.FloatField(_("识别置信度"), null=True, blank=True)
    ocr_engine = models.CharField(_("识别引擎"), max_length=80, blank=True)
    ledger_status = models.CharField(_("存证状态"), max_length=16, default="pending")

    class Meta:
        verbose_name = _("卷宗页")
        verbose_name_plural = _("卷宗页")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="dossier_page_number_once")]
        indexes = [
            models.Index(fields=["case", "global_number"], name="dossier_page_case_number"),
            # the ledger-status reconciliation reads the few pages still pending, not every page
            models.Index(
                fields=["id"], condition=models.Q(ledger_status="pending"), name="dossier_page_ledger_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} 第{self.number}页"

    @property
    def ledger_subject(self) -> str:
        return f"case:{self.case_id}/dossier.page:{self.pk}"


class CatalogueCorrection(BaseModel):
    """A clerk's decision on a document's category (a change, or a confirmation when old == new); kept for good."""

    document = models.ForeignKey(DossierDocument, on_delete=models.CASCADE, related_name="corrections")
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    old_category = models.CharField(_("原类别"), max_length=32, choices=CATEGORY_CHOICES)
    old_confidence = models.FloatField(_("原置信度"), default=0.0)
    new_category = models.CharField(_("更正类别"), max_length=32, choices=CATEGORY_CHOICES)
    phrase = models.CharField(_("标题特征"), max_length=60, blank=True)
    actor = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("更正人"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("编目更正")
        verbose_name_plural = _("编目更正")
        ordering = ["-created_at", "-id"]


class LearnedPhrase(BaseModel):
    """The per-court override table derived from corrections: a title phrase and the category clerks gave it."""

    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="+", verbose_name=_("法院"))
    phrase = models.CharField(_("标题特征"), max_length=60)
    category = models.CharField(_("类别"), max_length=32, choices=CATEGORY_CHOICES)
    agree = models.PositiveIntegerField(_("一致更正次数"), default=0)
    disagree = models.PositiveIntegerField(_("相反更正次数"), default=0)

    class Meta:
        verbose_name = _("编目学习规则")
        verbose_name_plural = _("编目学习规则")
        constraints = [models.UniqueConstraint(fields=["court", "phrase"], name="dossier_learned_phrase_once")]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.category}"

    @property
    def weight(self) -> float:
        return self.agree / (self.agree + self.disagree) if self.agree else 0.0


class DossierExport(BaseModel):
    """The whole file as one PDF (catalogue in front, bookmarks per document, page numbers), anchored in the ledger."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="dossier_exports")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_name = models.CharField(_("存储名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    page_count = models.PositiveIntegerField(_("页数"))
    document_count = models.PositiveIntegerField(_("文件数"))
    catalogue = models.JSONField(_("卷宗目录"), default=list)
    created_by = models.ForeignKey("courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("卷宗导出")
        verbose_name_plural = _("卷宗导出")
        ordering = ["-created_at", "-id"]

    @property
    def ledger_subject(self) -> str:
        return f"case:{self.case_id}/dossier.export:{self.pk}"

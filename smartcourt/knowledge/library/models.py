"""Case library (案例库) and the Q&A board (法答网). See ADR 0035.

- `LibraryCase`: a decided case that can be pushed as similar: reference cases published from above (指导性案例,
  参考案例: no court, seen by every court) and typical cases a court selects (典型案例: its court), with tags, the
  facts that are compared, and how it was decided (charges or cause, statutes applied, sentence, amount).
- `ExpertDesignation`: who answers the board's questions for a court (法答网专家), designated by the court's president
  or trial-management office through the permission table (Resource.LEGAL_QA_EXPERT).
- `Question` / `Answer`: judges ask, designated experts answer; each answer has a stable URL to cite.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel


class LibraryKind(models.TextChoices):
    GUIDING = "guiding", _("指导性案例")
    REFERENCE = "reference", _("参考案例")
    TYPICAL = "typical", _("典型案例")


class LibraryCase(BaseModel):
    kind = models.CharField(_("类别"), max_length=16, choices=LibraryKind.choices)
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, null=True, blank=True, related_name="library_cases",
        verbose_name=_("选编法院"), help_text=_("典型案例为选编的法院；指导性案例、参考案例为空（全国适用）"),
    )  # fmt: skip
    number = models.CharField(_("编号"), max_length=64, blank=True, help_text=_("如：指导性案例 32 号"))
    case_number = models.CharField(_("案号"), max_length=64, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    case_type = models.CharField(_("案件类型"), max_length=16, blank=True, help_text=_("criminal / civil / …"))
    cause = models.CharField(_("案由或罪名"), max_length=200, blank=True, help_text=_("多个罪名以、分隔"))
    facts = models.TextField(_("基本案情"))
    reasoning = models.TextField(_("裁判理由"), blank=True)
    result = models.TextField(_("裁判结果"), blank=True)
    statutes = models.TextField(_("适用法条"), blank=True, help_text=_("每行一条，如：刑法/第一百三十三条之一"))
    sentence = models.CharField(_("刑罚或判项要点"), max_length=200, blank=True)
    amount = models.DecimalField(_("涉案金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    tags = models.CharField(_("标签"), max_length=300, blank=True, help_text=_("以、分隔"))
    summary = models.TextField(_("裁判要旨"), blank=True, help_text=_("选编理由与裁判要点（典型案例）"))
    decided_on = models.DateField(_("裁判日期"), null=True, blank=True)
    source_case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("本院案件")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retired_at = models.DateTimeField(_("撤下时间"), null=True, blank=True, help_text=_("撤下后不再检索、推送"))
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("案例")
        verbose_name_plural = _("案例库")
        ordering = ("-decided_on", "-pk")
        indexes = [models.Index(fields=["kind", "court"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge_library:case", args=[self.pk])

    @property
    def charges(self) -> list[str]:
        return [c for c in self.cause.replace("，", "、").split("、") if c]

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.replace("，", "、").split("、") if t]

    @property
    def statute_list(self) -> list[str]:
        return [s.strip() for s in self.statutes.splitlines() if s.strip()]


class ExpertDesignation(BaseModel):
    court = models.ForeignKey(
        "courts.Court", on_delete=models.CASCADE, related_name="qa_experts", verbose_name=_("法院")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qa_designations", verbose_name=_("专家")
    )
    field = models.CharField(_("专业领域"), max_length=100, blank=True)
    active = models.BooleanField(_("有效"), default=True)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("法答网专家")
        verbose_name_plural = _("法答网专家")
        constraints = [models.UniqueConstraint(fields=["court", "user"], name="knowledge_library_expert_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.court}"


class Question(BaseModel):
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="qa_questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qa_questions")
    title = models.CharField(_("问题"), max_length=200)
    body = models.TextField(_("问题说明"), blank=True)
    cause = models.CharField(_("相关案由或罪名"), max_length=100, blank=True)
    field = models.CharField(
        _("专业领域"), max_length=100, blank=True, help_text=_("按领域分派给本院该领域的专家；空：本院任一专家")
    )

    class Meta:
        verbose_name = _("法答网问题")
        verbose_name_plural = _("法答网问题")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge_library:question", args=[self.pk])


class Answer(BaseModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qa_answers")
    body = models.TextField(_("答复"))

    class Meta:
        verbose_name = _("法答网答复")
        verbose_name_plural = _("法答网答复")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.question} #{self.pk}"

    def get_absolute_url(self) -> str:
        """The answer's stable, citable address."""
        return reverse("knowledge_library:answer", args=[self.pk])

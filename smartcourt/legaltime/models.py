"""The trial-period clock's stored adjustments (审限变动). Deduction kinds come from `rules.deductions` (one list)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import BaseModel

from .rules.deductions import DeductionKind

EXTENSION = "extension"
PROCEDURE_CHANGE = "procedure_change"
# A row records a deduction (its DeductionKind, suspension included), an approved extension or a procedure change.
KIND_CHOICES: list[tuple[str, str]] = [
    *((kind.value, kind.label) for kind in DeductionKind),
    (EXTENSION, "延长审限"),
    (PROCEDURE_CHANGE, "程序转换"),
]


class TrialPeriodAdjustment(BaseModel):
    """A suspension (中止), a deduction (扣除, 不计入审限) or an approved extension (延长) of a case's trial period.

    The table is the one `cases` created (moved here by migration 0001, state only); the case is a string FK and
    legaltime never imports `cases`: callers pass the case's id and the plain values the clock needs."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="period_adjustments")
    kind = models.CharField(_("类别"), max_length=24, choices=KIND_CHOICES)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("延长月数"), default=0)
    days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    approved_by = models.ForeignKey(
        "courts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("批准人")
    )
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "cases_trialperiodadjustment"
        verbose_name = _("审限变动")
        verbose_name_plural = _("审限变动")
        ordering = ["case", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on:%Y-%m-%d}"

    @property
    def deduction(self) -> DeductionKind | None:
        """The deduction kind this row records, or None for an extension or a procedure change."""
        try:
            return DeductionKind(self.kind)
        except ValueError:
            return None

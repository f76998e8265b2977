"""Periods not counted in the trial period (不计入审限): the one definition of each kind, its label and its article.

The model's `kind` choices, the trial-period clock, the public API (`GET /api/v1/deadlines/deductions`), the case
page's form and its template all read this enum; nothing else lists deduction kinds.

What the law excludes, by case kind (the rule group of the trial period):
- civil: public notice, appraisal, the parties' settlement, jurisdiction objections and disputes between courts
  (民诉法解释 Art. 243); suspension until resumption and audit / valuation / asset clearance (严格执行案件审理期限
  制度的若干规定 Art. 9(9), 9(8)); mediation extended after filing (人民法院在线调解规则 Art. 24);
- administrative: the same list in 行政诉讼法解释 Art. 50;
- any other trial or enforcement period: 严格执行案件审理期限制度的若干规定 Art. 9, which lists them for all courts;
- a postponement (延期审理) only where Art. 9(2), (3) or (5) of that rule excludes it (a new defender, the prosecutor's
  supplementary investigation, a party's application for new witnesses or evidence); the hearings app records it
  with the postponement (hearings/rules/postponement.py). A postponement as such does not stop the clock.
Suspension (中止) is a deduction like the others on the clock, but it is entered as `suspend` / `resume` (the case
changes state, 民事诉讼法 Art. 153–154), never as a `deduction_start` of its own.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from smartcourt.core.citations import Citation

from .deadlines import GROUPS, SPC_2000


class DeductionKind(StrEnum):
    """A kind of period not counted in the trial period (扣除审限事由)."""

    SUSPENSION = "suspension"
    PUBLIC_NOTICE = "public_notice"
    APPRAISAL = "appraisal"
    JURISDICTION_OBJECTION = "jurisdiction_objection"
    SETTLEMENT = "settlement"
    AUDIT = "audit"
    MEDIATION = "mediation"
    POSTPONEMENT = "postponement"

    @property
    def label(self) -> str:
        """The Chinese name, as the article words it."""
        return LABELS[self]

    @property
    def entered_by_suspension(self) -> bool:
        """Entered as suspend / resume (the case's state), not as a deduction of its own."""
        return self == DeductionKind.SUSPENSION

    @property
    def entered_by_hearing(self) -> bool:
        """Recorded by the hearings app with the postponement that causes it (its first and last day fixed by law),
        never entered by hand on the case page."""
        return self == DeductionKind.POSTPONEMENT

    def citation(self, group: str) -> Citation:
        """The article excluding this kind from a trial period of `group` (civil, admin, criminal, enforcement …)."""
        return CITATIONS.get(group, {}).get(self, FALLBACK)

    def as_dict(self) -> dict[str, Any]:
        groups = [g for g in CITATIONS if self in CITATIONS[g]]
        return {
            "code": self.value,
            "label": self.label,
            "events": ["suspend", "resume"] if self.entered_by_suspension else ["deduction_start", "deduction_end"],
            "citations": [
                *({"applies_to": g, "applies_to_label": GROUPS[g], **CITATIONS[g][self].as_dict()} for g in groups),
                {"applies_to": "other", "applies_to_label": "其他审理、执行期限", **FALLBACK.as_dict()},
            ],
        }


LABELS: dict[DeductionKind, str] = {
    DeductionKind.SUSPENSION: "中止诉讼期间",
    DeductionKind.PUBLIC_NOTICE: "公告期间",
    DeductionKind.APPRAISAL: "鉴定期间",
    DeductionKind.JURISDICTION_OBJECTION: "管辖异议及管辖争议处理期间",
    DeductionKind.SETTLEMENT: "双方当事人和解期间",
    DeductionKind.AUDIT: "审计、评估、资产清理期间",
    DeductionKind.MEDIATION: "立案后延长的调解期间",
    DeductionKind.POSTPONEMENT: "决定延期审理的期间",
}
_CIVIL_243 = Citation("民诉法解释", "第二百四十三条")
_ADMIN_50 = Citation("行政诉讼法解释", "第五十条")
CITATIONS: dict[str, dict[DeductionKind, Citation]] = {
    "civil": {
        DeductionKind.PUBLIC_NOTICE: _CIVIL_243,
        DeductionKind.APPRAISAL: _CIVIL_243,
        DeductionKind.JURISDICTION_OBJECTION: _CIVIL_243,
        DeductionKind.SETTLEMENT: _CIVIL_243,
        DeductionKind.SUSPENSION: Citation(SPC_2000, "第九条第（九）项"),
        DeductionKind.AUDIT: Citation(SPC_2000, "第九条第（八）项"),
        DeductionKind.MEDIATION: Citation("人民法院在线调解规则", "第二十四条"),
        # a postponement a party applied for (new witness, new evidence, new appraisal), at most one month
        DeductionKind.POSTPONEMENT: Citation(SPC_2000, "第九条第（五）项"),
    },
    "admin": {
        DeductionKind.PUBLIC_NOTICE: _ADMIN_50,
        DeductionKind.APPRAISAL: _ADMIN_50,
        DeductionKind.JURISDICTION_OBJECTION: _ADMIN_50,
        DeductionKind.MEDIATION: _ADMIN_50,
        DeductionKind.SUSPENSION: _ADMIN_50,
    },
}
FALLBACK = Citation(SPC_2000, "第九条")


def deduction_kind_get(code: str) -> DeductionKind | None:
    """The kind for `code`, or None when there is no such kind."""
    try:
        return DeductionKind(code)
    except ValueError:
        return None


# The kinds a clerk records by hand as a deduction of their own (every kind but suspension, entered through the case's
# state, and postponement, recorded by the hearings app with the postponement), in declaration order.
RECORDED_KINDS: tuple[DeductionKind, ...] = tuple(
    k for k in DeductionKind if not k.entered_by_suspension and not k.entered_by_hearing
)

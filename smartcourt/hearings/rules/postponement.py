"""Postponement of a hearing (延期开庭 / 延期审理): the statutory reasons, how many times, how long between sessions,
and what a postponement does to the trial-period clock (审限).

Reasons: civil 民事诉讼法 Art. 149 (administrative cases by 行政诉讼法 Art. 101); "其他应当延期的情形" of Art. 149(4)
means force majeure or an accident that stops the hearing (延长审限和延期开庭的规定 Art. 2) and needs the court
president's approval (same, Art. 6). Criminal 刑事诉讼法 Art. 204.

Limits (民商事, 延长审限和延期开庭的规定): at most two postponements under the ordinary procedure, one under the simple
and small-claims procedures (Art. 3); after a session the next is fixed and at most one month later, unless force
majeure or the parties agree (Art. 5).

The trial-period clock: a postponement as such does not stop it. 民诉法解释 Art. 243 lists what a civil trial period
excludes (public notice, appraisal, settlement, jurisdiction) and postponement is not among them. Only these are not
counted (最高人民法院关于严格执行案件审理期限制度的若干规定 Art. 9):
- (2) a criminal case postponed because the defendant appoints a new defender or one is assigned: from the day the
  postponement is announced to the tenth day;
- (3) the prosecutor's supplementary investigation after a postponement the panel agreed to: the postponement, at
  most one month (刑事诉讼法 Art. 205);
- (5) a postponement a party, agent or defender applied for to call a new witness, obtain new evidence, or have a new
  appraisal or inspection: the postponement, at most one month.
A rule never queries: `clock_effect` returns the days to exclude; the hearings service records them on the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from smartcourt.core.citations import Citation
from smartcourt.legaltime.rules.deadlines import add_months

SPC_2019 = "最高人民法院关于严格规范民商事案件延长审限和延期开庭问题的规定"
SPC_2000 = "最高人民法院关于严格执行案件审理期限制度的若干规定"
ONE_DAY = timedelta(days=1)


class PostponementReason(StrEnum):
    """Why a hearing is postponed (延期开庭事由)."""

    ABSENCE = "absence"
    RECUSAL = "recusal"
    NEW_EVIDENCE = "new_evidence"
    FORCE_MAJEURE = "force_majeure"
    SUPPLEMENTARY_INVESTIGATION = "supplementary_investigation"
    NEW_DEFENDER = "new_defender"

    @property
    def label(self) -> str:
        return REASONS[self].label


@dataclass(frozen=True)
class ReasonSpec:
    label: str
    civil: Citation | None  # the article for civil / administrative cases (None: not a civil reason)
    criminal: Citation | None  # the article for criminal cases (None: not a criminal reason)
    needs_president: bool = False  # 延长审限和延期开庭的规定 Art. 6


REASONS: dict[PostponementReason, ReasonSpec] = {
    PostponementReason.ABSENCE: ReasonSpec(
        "必须到庭的当事人和其他诉讼参与人有正当理由没有到庭", Citation("民事诉讼法", "第一百四十九条第（一）项"), None
    ),
    PostponementReason.RECUSAL: ReasonSpec(
        "当事人临时提出回避申请（申请回避而不能进行审判）",
        Citation("民事诉讼法", "第一百四十九条第（二）项"),
        Citation("刑事诉讼法", "第二百零四条第（三）项"),
    ),
    PostponementReason.NEW_EVIDENCE: ReasonSpec(
        "需要通知新的证人到庭，调取新的证据，重新鉴定、勘验，或者需要补充调查",
        Citation("民事诉讼法", "第一百四十九条第（三）项"),
        Citation("刑事诉讼法", "第二百零四条第（一）项"),
    ),
    PostponementReason.FORCE_MAJEURE: ReasonSpec(
        "因不可抗力或者意外事件导致庭审无法正常进行",
        Citation("民事诉讼法", "第一百四十九条第（四）项"),
        None,
        needs_president=True,
    ),
    PostponementReason.SUPPLEMENTARY_INVESTIGATION: ReasonSpec(
        "检察人员发现提起公诉的案件需要补充侦查，提出建议", None, Citation("刑事诉讼法", "第二百零四条第（二）项")
    ),
    PostponementReason.NEW_DEFENDER: ReasonSpec(
        "被告人另行委托辩护人或者法院另行指定辩护人", None, Citation(SPC_2000, "第九条第（二）项")
    ),
}
FORCE_MAJEURE_MEANING = Citation(SPC_2019, "第二条")
PRESIDENT_APPROVAL = Citation(SPC_2019, "第六条")
COUNT_LIMIT = Citation(SPC_2019, "第三条")
INTERVAL_LIMIT = Citation(SPC_2019, "第五条")
NOT_A_DEDUCTION = Citation("民诉法解释", "第二百四十三条")


def reasons_for(case_kind: str) -> list[tuple[PostponementReason, str, Citation]]:
    """The reasons a case of `case_kind` may be postponed for, each with its article."""
    out = []
    for reason, spec in REASONS.items():
        citation = spec.criminal if case_kind == "criminal" else spec.civil
        if citation is not None:
            out.append((reason, spec.label, citation))
    return out


def reason_citation(reason: PostponementReason, case_kind: str) -> Citation | None:
    spec = REASONS[reason]
    return spec.criminal if case_kind == "criminal" else spec.civil


@dataclass(frozen=True)
class PostponementCheck:
    ok: bool
    message: str


def postponement_check(
    *,
    reason: PostponementReason,
    case_kind: str,
    procedure: str,
    earlier_postponements: int,
    held_on: date | None,
    next_on: date | None,
    parties_agree: bool,
    president_approval: str,
) -> PostponementCheck:
    """Whether this postponement is allowed (reason for the case kind, count, interval, approval)."""
    citation = reason_citation(reason, case_kind)
    if citation is None:
        return PostponementCheck(False, f"“{REASONS[reason].label}”不是本类案件的法定延期事由。")
    if REASONS[reason].needs_president and not president_approval.strip():
        return PostponementCheck(
            False, f"以“其他应当延期的情形”延期开庭，应当报本院院长批准（{PRESIDENT_APPROVAL}），请填写院长批准情况。"
        )
    if case_kind == "civil":
        limit = 1 if procedure in ("simple", "small_claims") else 2
        if earlier_postponements >= limit:
            name = "简易程序及小额诉讼程序" if limit == 1 else "普通程序"
            return PostponementCheck(
                False,
                f"适用{name}审理的民商事案件，延期开庭审理次数不超过{limit}次，本案已延期{earlier_postponements}次（{COUNT_LIMIT}）。",
            )
        exempt = parties_agree or reason == PostponementReason.FORCE_MAJEURE
        if held_on is not None and next_on is not None and not exempt and next_on > _add_month(held_on):
            return PostponementCheck(
                False,
                f"开庭后延期的，两次开庭间隔不得超过一个月（最迟{_add_month(held_on).isoformat()}），但因不可抗力或当事人"
                f"同意的除外（{INTERVAL_LIMIT}）。",
            )
    return PostponementCheck(True, f"延期事由：{REASONS[reason].label}（{citation}）。")


def _add_month(day: date) -> date:
    return add_months(day, 1)  # legaltime's one month arithmetic (民法典 Art. 202 for a short month)


@dataclass(frozen=True)
class ClockEffect:
    """Days a postponement keeps out of the trial period (first and last day both excluded), with the article."""

    first: date
    last: date
    citation: Citation
    explanation: str


def clock_effect(
    *, reason: PostponementReason, case_kind: str, on_party_application: bool, decided_on: date, next_on: date | None
) -> ClockEffect | None:
    """What the postponement does to the trial-period clock; None where the law excludes nothing (the usual case)."""
    until_next = (next_on - ONE_DAY) if next_on is not None and next_on > decided_on else None
    month_end = _add_month(decided_on) - ONE_DAY
    if reason == PostponementReason.NEW_DEFENDER and case_kind == "criminal":
        last = decided_on + timedelta(days=9)  # 自宣布延期审理之日起至第十日止: the announcement day is day one
        return ClockEffect(
            decided_on,
            last,
            Citation(SPC_2000, "第九条第（二）项"),
            "另行委托、指定辩护人准备辩护的时间，自宣布延期审理之日起至第十日止，不计入审限",
        )
    if reason == PostponementReason.SUPPLEMENTARY_INVESTIGATION and case_kind == "criminal":
        last = min(month_end, until_next) if until_next else month_end
        return ClockEffect(
            decided_on,
            last,
            Citation(SPC_2000, "第九条第（三）项"),
            "公诉人建议补充侦查、合议庭同意延期审理的期间（补充侦查一个月以内，刑事诉讼法第二百零五条），不计入审限",
        )
    if reason == PostponementReason.NEW_EVIDENCE and on_party_application:
        last = min(month_end, until_next) if until_next else month_end
        return ClockEffect(
            decided_on,
            last,
            Citation(SPC_2000, "第九条第（五）项"),
            "因当事人、诉讼代理人、辩护人申请通知新的证人到庭、调取新的证据、申请重新鉴定或者勘验，法院决定延期审理一个月之内的期间，不计入审限",
        )
    return None


def no_clock_effect_text(case_kind: str) -> str:
    """Why a postponement leaves the trial period running (shown with the postponement)."""
    if case_kind == "criminal":
        return f"该延期事由不属于不计入审限的期间（{SPC_2000}第九条），审限继续计算。"
    return f"延期开庭本身不中止、不扣除审限（{NOT_A_DEDUCTION}所列不计入审限的期间不含延期开庭），审限继续计算。"

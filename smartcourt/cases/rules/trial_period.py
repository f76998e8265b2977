"""The trial-period clock (审限): deductions, suspensions, extensions and procedure changes, as pure functions.

Inputs are plain dataclasses so the case models (another module) can feed them from their own rows:
- the period itself and its start: `deadlines.RULES[code]` of kind TRIAL_PERIOD, counted from the day after
  filing (最高人民法院关于严格执行案件审理期限制度的若干规定 Art. 8; 民诉法解释 Art. 125);
- days not counted (不计入审限): public notice, appraisal, settlement period of both parties, jurisdiction
  objections and disputes (民诉法解释 Art. 243; 行政诉讼法解释 Art. 50), suspension until resumption, audit /
  valuation (审限规定 Art. 9(8)(9)), extended online mediation (在线调解规则 Art. 24). A deduction counts every
  calendar day from its first to its last day, both included; overlapping ones are merged so no day is deducted
  twice; an open one (no end) runs up to `today` and the clock is paused; one that starts after the period has
  already run out cannot revive it;
- extensions approved (months and / or days), checked against absolute ceilings where the law sets one;
- procedure changes: simple → ordinary keeps counting from the original filing day (民诉法解释 Art. 258(3); 行政诉讼法
  解释 Art. 105(2)); a criminal case counts afresh from the decision (刑诉法解释 Arts. 368(2), 376). Extensions
  approved under the old procedure lapse with it.
The end of a trial period is not moved off a rest day (see `deadlines` module docstring).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from smartcourt.core.citations import Citation
from smartcourt.core.errors import ApplicationError
from smartcourt.courts.rules.calendar import Calendar, years_missing_warning

from .deadlines import SPC_2000, SPC_2019, DeadlineRule, RuleKind, Unit, add_months, fmt, rule_get

ONE_DAY = timedelta(days=1)


class DeductionKind(StrEnum):
    PUBLIC_NOTICE = "public_notice"
    APPRAISAL = "appraisal"
    JURISDICTION_OBJECTION = "jurisdiction_objection"
    SETTLEMENT = "settlement"
    SUSPENSION = "suspension"
    AUDIT = "audit"
    MEDIATION = "mediation"


DEDUCTION_LABELS = {
    DeductionKind.PUBLIC_NOTICE: "公告期间",
    DeductionKind.APPRAISAL: "鉴定期间",
    DeductionKind.JURISDICTION_OBJECTION: "管辖异议及管辖争议处理期间",
    DeductionKind.SETTLEMENT: "双方当事人和解期间",
    DeductionKind.SUSPENSION: "中止诉讼期间",
    DeductionKind.AUDIT: "审计、评估、资产清理期间",
    DeductionKind.MEDIATION: "立案后延长的调解期间",
}
_CIVIL_243 = Citation("民诉法解释", "第二百四十三条")
_ADMIN_50 = Citation("行政诉讼法解释", "第五十条")
DEDUCTION_CITATIONS: dict[str, dict[DeductionKind, Citation]] = {
    "civil": {
        DeductionKind.PUBLIC_NOTICE: _CIVIL_243,
        DeductionKind.APPRAISAL: _CIVIL_243,
        DeductionKind.JURISDICTION_OBJECTION: _CIVIL_243,
        DeductionKind.SETTLEMENT: _CIVIL_243,
        DeductionKind.SUSPENSION: Citation(SPC_2000, "第九条第（九）项"),
        DeductionKind.AUDIT: Citation(SPC_2000, "第九条第（八）项"),
        DeductionKind.MEDIATION: Citation("人民法院在线调解规则", "第二十四条"),
    },
    "admin": {
        DeductionKind.PUBLIC_NOTICE: _ADMIN_50,
        DeductionKind.APPRAISAL: _ADMIN_50,
        DeductionKind.JURISDICTION_OBJECTION: _ADMIN_50,
        DeductionKind.MEDIATION: _ADMIN_50,
        DeductionKind.SUSPENSION: _ADMIN_50,
    },
}
_FALLBACK = Citation(SPC_2000, "第九条")

# How long before expiry an extension must be requested (days, citation), per rule group.
EXTENSION_REQUEST_LEAD = {
    "civil": (15, Citation(SPC_2019, "第一条第二款")),
    "admin": (10, Citation(SPC_2000, "第十三条")),
    "criminal": (7, Citation(SPC_2000, "第十一条")),
}
ALERT_THRESHOLDS: tuple[int, ...] = (30, 15, 7, 3)


class NotATrialPeriod(ApplicationError):
    code = "deadlines.not_trial_period"
    message = _("该规则不是审理期限，不能用于审限计算。")


@dataclass(frozen=True)
class Deduction:
    """Days not counted in the trial period (扣除审限 / 中止)."""

    kind: DeductionKind
    start: date
    end: date | None = None  # None: still running; counted up to `today`
    note: str = ""


@dataclass(frozen=True)
class Extension:
    """An approved extension (延长审限)."""

    approved_on: date
    months: int = 0
    days: int = 0
    approved_by: str = ""  # e.g. 本院院长, 上级人民法院


@dataclass(frozen=True)
class ProcedureChange:
    """A change of procedure (e.g. 简易程序转为普通程序): the trial-period rule in force from `on`."""

    rule: str
    on: date


class AlertLevel(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    WITHIN = "within"


@dataclass(frozen=True)
class Alert:
    level: AlertLevel
    days_remaining: int
    threshold: int | None
    message: str


def deadline_alert(days_remaining: int, thresholds: Iterable[int] = ALERT_THRESHOLDS) -> Alert | None:
    """The reminder due for `days_remaining` (30/15/7/3 days by default), or None while far from expiry."""
    if days_remaining < 0:
        return Alert(AlertLevel.OVERDUE, days_remaining, None, f"已超期{-days_remaining}日")
    if days_remaining == 0:
        return Alert(AlertLevel.DUE_TODAY, 0, 0, "今日届满")
    crossed = [t for t in thresholds if days_remaining <= t]
    if not crossed:
        return None
    threshold = min(crossed)
    return Alert(AlertLevel.WITHIN, days_remaining, threshold, f"距届满还有{days_remaining}日（{threshold}日内提醒）")


@dataclass(frozen=True)
class TrialPeriodStatus:
    rule: DeadlineRule
    filed_on: date
    counted_from: date
    base_due: date  # the period with extensions, before deductions
    due: date
    today: date
    days_remaining: int  # negative when overdue
    days_deducted: int
    paused: bool
    extension_request_by: date | None
    alert: Alert | None
    explanation: list[str]
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.code,
            "due": self.due.isoformat(),
            "days_remaining": self.days_remaining,
            "days_deducted": self.days_deducted,
            "paused": self.paused,
            "extension_request_by": self.extension_request_by.isoformat() if self.extension_request_by else None,
            "alert": None if self.alert is None else {"level": self.alert.level.value, "message": self.alert.message},
            "explanation": self.explanation,
            "warnings": self.warnings,
        }


def _trial_rule(code: str) -> DeadlineRule:
    rule = rule_get(code)
    if rule.kind != RuleKind.TRIAL_PERIOD:
        raise NotATrialPeriod(f"“{rule.label}”不是审理期限，不能用于审限计算。", extra={"rule": code})
    return rule


def _period_end(rule: DeadlineRule, start: date, months: int, days: int) -> date:
    if rule.unit in (Unit.MONTH, Unit.YEAR):
        total = rule.amount * (12 if rule.unit == Unit.YEAR else 1) + months
        return add_months(start, total) + timedelta(days=days)
    return add_months(start + timedelta(days=rule.amount), months) + timedelta(days=days)


def _ext_text(months: int, days: int) -> str:
    return "".join(p for p in (f"{months}个月" if months else "", f"{days}日" if days else "")) or "0日"


def trial_period_clock(
    *,
    rule: str,
    filed_on: date,
    today: date,
    calendar: Calendar,
    deductions: Sequence[Deduction] = (),
    extensions: Sequence[Extension] = (),
    changes: Sequence[ProcedureChange] = (),
    thresholds: Iterable[int] = ALERT_THRESHOLDS,
) -> TrialPeriodStatus:
    """Where a case's trial period stands on `today`: due date, days left, explanation (see module docstring)."""
    current = _trial_rule(rule)
    counted_from = filed_on
    lines = [
        f"立案（受理）日期：{fmt(filed_on)}，当日不计入，自次日起算（{current.counting.start}；{SPC_2000}第八条）。",
        f"适用：{current.label}，{current.period_text}（{current.citation}）。",
    ]
    warnings: list[str] = []
    kept_extensions = sorted(extensions, key=lambda e: e.approved_on)
    for change in sorted(changes, key=lambda c: c.on):
        target = _trial_rule(change.rule)
        if change.on < filed_on:
            warnings.append(f"程序变更日期{change.on.isoformat()}早于立案日期，请核对。")
        dropped = [e for e in kept_extensions if e.approved_on < change.on]
        kept_extensions = [e for e in kept_extensions if e.approved_on >= change.on]
        if target.group == "criminal":
            counted_from = change.on
            basis = "自决定转为该程序之日起重新计算（刑诉法解释第三百六十八条第二款、第三百七十六条）"
        else:
            basis = (
                "审理期限自立案之日计算（民诉法解释第二百五十八条第三款）"
                if target.group == "civil"
                else "审理期限自立案之日起计算（行政诉讼法解释第一百零五条第二款）"
            )
        lines.append(
            f"{change.on.isoformat()}由{current.label}转为{target.label}，{target.period_text}（{target.citation}），{basis}。"
        )
        if dropped:
            lines.append(f"转换前批准的延长（{len(dropped)}次）随原程序失效，不再计入。")
        current = target
    months = sum(e.months for e in kept_extensions)
    days = sum(e.days for e in kept_extensions)
    plain_end = _period_end(current, counted_from, 0, 0)
    lines.append(f"法定审限届满日：{fmt(plain_end)}（起算日{counted_from.isoformat()}，{current.period_text}）。")
    end = _period_end(current, counted_from, months, days)
    for ext in kept_extensions:
        who = f"，{ext.approved_by}批准" if ext.approved_by else ""
        lines.append(f"延长：{ext.approved_on.isoformat()}批准延长{_ext_text(ext.months, ext.days)}{who}。")
    if kept_extensions:
        lines.append(f"延长后届满日：{fmt(end)}。")
    if current.max_total is not None:
        cap = add_months(counted_from, current.max_total[0]) + timedelta(days=current.max_total[1])
        if end > cap:
            warnings.append(
                f"延长后的审限（至{end.isoformat()}）超过法定上限（至{cap.isoformat()}，{current.max_total_citation}），请核对。"
            )
    # Deductions: clip to the counted days, merge overlaps, add only those that began while the clock was running.
    cites = DEDUCTION_CITATIONS.get(current.group, {})
    pieces: list[tuple[date, date, Deduction]] = []
    paused = False
    for d in sorted(deductions, key=lambda x: x.start):
        last = d.end if d.end is not None else today
        if d.end is not None and d.end < d.start:
            warnings.append(f"{DEDUCTION_LABELS[d.kind]}的结束日期早于开始日期（{d.start}—{d.end}），未予扣除。")
            continue
        if d.end is None and d.start <= today:
            paused = True
        first = max(d.start, counted_from + ONE_DAY)
        if last >= first:
            pieces.append((first, last, d))
    merged: list[list[Any]] = []
    for first, last, d in pieces:
        if merged and first <= merged[-1][1] + ONE_DAY:
            merged[-1][1] = max(merged[-1][1], last)
            merged[-1][2].append(d)
        else:
            merged.append([first, last, [d]])
    due, deducted = end, 0
    for first, last, items in merged:
        names = "、".join(
            f"{DEDUCTION_LABELS[d.kind]}（{cites.get(d.kind, _FALLBACK)}）" + ("，尚未结束" if d.end is None else "")
            for d in items
        )
        if first > due:
            warnings.append(f"{names}开始于{first.isoformat()}，此时审限已于{due.isoformat()}届满，不能扣除。")
            continue
        n = (last - first).days + 1
        due += timedelta(days=n)
        deducted += n
        lines.append(f"不计入审限：{first.isoformat()}至{last.isoformat()}，共{n}日——{names}。")
    if deducted:
        lines.append(f"扣除共{deducted}日，审限顺延至{fmt(due)}。")
    if paused:
        lines.append("审限计算暂停中：尚有未结束的扣除或中止期间，按截至今日计算；该期间结束前，届满日每日顺延。")
    if not calendar.is_working_day(due):
        lines.append(
            f"{fmt(due)}为休息日（{calendar.rest_reason(due)}）；审限不依期间届满顺延规则顺延（从严掌握），"
            f"请在此前结案。"
        )
    lead = EXTENSION_REQUEST_LEAD.get(current.group)
    request_by = None
    if lead is not None and current.extension:
        request_by = due - timedelta(days=lead[0])
        lines.append(f"如需延长审限，应在届满{lead[0]}日前（{request_by.isoformat()}前）提出申请（{lead[1]}）。")
    remaining = (due - today).days
    status = "已超期" if remaining < 0 else "剩余"
    lines.append(f"审限届满日：{fmt(due)}；截至{today.isoformat()}，{status}{abs(remaining)}日。")
    missing = calendar.years_missing(filed_on, max(due, today))
    if missing:
        warnings.append(years_missing_warning(missing))
    return TrialPeriodStatus(
        rule=current,
        filed_on=filed_on,
        counted_from=counted_from,
        base_due=end,
        due=due,
        today=today,
        days_remaining=remaining,
        days_deducted=deducted,
        paused=paused,
        extension_request_by=request_by,
        alert=deadline_alert(remaining, thresholds),
        explanation=lines,
        warnings=warnings,
    )

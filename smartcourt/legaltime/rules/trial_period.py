"""The trial-period clock (审限): deductions, suspensions, extensions and procedure changes, as pure functions.

Inputs are plain dataclasses, so a case's stored adjustments (`legaltime.selectors.trial_period_status`) and the
public calculator's list of events (`trial_period_replay`) feed the same clock:
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

A sequence of events (`ClockEvent`: suspend, resume, deduction start / end, extension, procedure change) is
checked as it happens (`trial_period_replay`): a resumption without a suspension, the end of a deduction that never
started, an extension the rule does not allow, one beyond the statutory ceiling or after expiry, events out of date
order — each is refused with `IllegalSequence`, whose message cites the article. `extension_check` is the same test
for an extension recorded on a case.
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

from .calendar import Calendar, years_missing_warning
from .deadlines import SPC_2000, SPC_2019, DeadlineRule, RuleKind, Unit, add_months, fmt, rule_get
from .deductions import DeductionKind, deduction_kind_get

ONE_DAY = timedelta(days=1)

# (case kind, procedure) → trial-period rule code; cases without a statutory trial period map to nothing.
TRIAL_RULES: dict[tuple[str, str], str] = {
    ("civil", "ordinary"): "civil.ordinary.trial",
    ("civil", "retrial"): "civil.ordinary.trial",
    ("civil", "simple"): "civil.simple.trial",
    ("civil", "small_claims"): "civil.small_claims.trial",
    ("civil", "second_instance"): "civil.second_instance.trial",
    ("civil", "special"): "civil.special_procedure.trial",
    ("criminal", "ordinary"): "criminal.first_instance.trial",
    ("criminal", "simple"): "criminal.simple.trial",
    ("criminal", "second_instance"): "criminal.second_instance.trial",
    ("administrative", "ordinary"): "admin.first_instance.trial",
    ("administrative", "simple"): "admin.simple.trial",
    ("administrative", "second_instance"): "admin.second_instance.trial",
    ("enforcement", "enforcement"): "enforcement.case",
}


def trial_rule_code(*, kind: str, procedure: str) -> str | None:
    """The trial-period rule of a case of `kind` under `procedure`, or None when it has no statutory trial period."""
    return TRIAL_RULES.get((kind, procedure))


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
    extended_months: int = 0  # extensions in force (those approved under an earlier procedure have lapsed)
    extended_days: int = 0

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
    pieces: list[tuple[date, date, Deduction]] = []
    paused = False
    for d in sorted(deductions, key=lambda x: x.start):
        last = d.end if d.end is not None else today
        if d.end is not None and d.end < d.start:
            warnings.append(f"{d.kind.label}的结束日期早于开始日期（{d.start}—{d.end}），未予扣除。")
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
            f"{d.kind.label}（{d.kind.citation(current.group)}）" + ("，尚未结束" if d.end is None else "")
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
        extended_months=months,
        extended_days=days,
    )


# --- checking a sequence of events ----------------------------------------------------------------------------


class IllegalSequence(ApplicationError):
    """An event the trial-period rules do not allow where it stands; the message cites the article."""

    code = "trial_period.illegal_sequence"
    message = _("审限事件的顺序不符合规定，请核对。")


def extension_check(*, status: TrialPeriodStatus, on: date, months: int, days: int) -> None:
    """Refuse an extension approved on `on` that the rule in force does not allow: none at all, after expiry, or
    beyond the statutory ceiling (e.g. simple procedure: four months in all, 民诉法解释 Art. 258(1))."""
    rule = status.rule
    if months < 0 or days < 0 or (months == 0 and days == 0):
        raise IllegalSequence("请填写延长的月数或天数。", code="trial_period.extension_empty")
    if not rule.extension:
        raise IllegalSequence(
            f"{rule.label}没有延长的规定，不能延长（{rule.citation}）。",
            code="trial_period.extension_not_allowed",
            extra={"rule": rule.code},
        )
    if status.due < on:
        lead = EXTENSION_REQUEST_LEAD.get(rule.group)
        basis = f"，应在届满{lead[0]}日前申请（{lead[1]}）" if lead else f"（{rule.citation}）"
        raise IllegalSequence(
            f"审限已于{status.due:%Y-%m-%d}届满，延长申请应在届满前提出{basis}。",
            code="trial_period.extension_after_expiry",
            extra={"rule": rule.code, "due": status.due.isoformat()},
        )
    if rule.max_total is not None:
        total_months, total_days = status.extended_months + months, status.extended_days + days
        end = _period_end(rule, status.counted_from, total_months, total_days)
        cap = add_months(status.counted_from, rule.max_total[0]) + timedelta(days=rule.max_total[1])
        if end > cap:
            raise IllegalSequence(
                f"延长{_ext_text(months, days)}后审限至{end.isoformat()}，超过法定上限（至{cap.isoformat()}，"
                f"{rule.max_total_citation}）：{rule.extension}。",
                code="trial_period.extension_beyond_limit",
                extra={"rule": rule.code, "limit": cap.isoformat()},
            )


# --- who approves an extension (延长审限的审批) ----------------------------------------------------------------


class ApproverLevel(StrEnum):
    """Whose president approves an extension, relative to the court hearing the case."""

    OWN_PRESIDENT = "own_president"  # 本院院长
    UPPER_COURT = "upper_court"  # 上一级人民法院（院长）
    HIGH_COURT = "high_court"  # 高级人民法院（院长）
    SUPREME_COURT = "supreme_court"  # 最高人民法院

    @property
    def label(self) -> str:
        return APPROVER_LABELS[self]


APPROVER_LABELS = {
    ApproverLevel.OWN_PRESIDENT: "本院院长",
    ApproverLevel.UPPER_COURT: "上一级人民法院",
    ApproverLevel.HIGH_COURT: "高级人民法院",
    ApproverLevel.SUPREME_COURT: "最高人民法院",
}


@dataclass(frozen=True)
class ExtensionTier:
    """One approver's share of a rule's extensions: who approves, up to which cumulative extension, by which article.

    `up_to` is the total extension (months, days) this approver may bring the period to; None where the law names
    no figure. `when_high_court` is who approves instead when the case is heard by a high court itself (行政诉讼法
    Art. 81, 88: the high court's own cases go to the Supreme People's Court)."""

    level: ApproverLevel
    up_to: tuple[int, int] | None
    citation: Citation
    when_high_court: ApproverLevel | None = None


CRIMINAL_INTERPRETATION = "刑诉法解释"
# Per trial-period rule, in the order the approvals are climbed; a rule missing here has no extension at all.
EXTENSION_TIERS: dict[str, tuple[ExtensionTier, ...]] = {
    # 民事诉讼法 Art. 152: six more months with the court president's approval; beyond, the higher court (上级人民法院;
    # 2019 规定 Art. 1(3): 报请上级人民法院批准, requested 15 days before expiry).
    "civil.ordinary.trial": (
        ExtensionTier(ApproverLevel.OWN_PRESIDENT, (6, 0), Citation("民事诉讼法", "第一百五十二条")),
        ExtensionTier(ApproverLevel.UPPER_COURT, None, Citation("民事诉讼法", "第一百五十二条")),
    ),
    "civil.simple.trial": (
        ExtensionTier(ApproverLevel.OWN_PRESIDENT, (1, 0), Citation("民事诉讼法", "第一百六十四条")),
    ),
    "civil.small_claims.trial": (
        ExtensionTier(ApproverLevel.OWN_PRESIDENT, (1, 0), Citation("民事诉讼法", "第一百六十八条")),
    ),
    "civil.special_procedure.trial": (
        ExtensionTier(ApproverLevel.OWN_PRESIDENT, None, Citation("民事诉讼法", "第一百八十七条")),
    ),
    "civil.second_instance.trial": (
        ExtensionTier(ApproverLevel.OWN_PRESIDENT, None, Citation("民事诉讼法", "第一百八十三条第一款")),
    ),
    "civil.second_instance.ruling": (
        ExtensionTier(ApproverLevel.OWN_PRESIDENT, None, Citation("民诉法解释", "第三百三十九条")),
    ),
    # 刑事诉讼法 Art. 208(1): two months, at the latest three (the court's own decision, by its president); the
    # higher court approves three months more once (刑诉法解释 Art. 210(1)); beyond, the Supreme People's Court.
    "criminal.first_instance.trial": (
        ExtensionTier(ApproverLevel.OWN_PRESIDENT, (1, 0), Citation("刑事诉讼法", "第二百零八条第一款")),
        ExtensionTier(ApproverLevel.UPPER_COURT, (4, 0), Citation(CRIMINAL_INTERPRETATION, "第二百一十条第一款")),
        ExtensionTier(ApproverLevel.SUPREME_COURT, None, Citation(CRIMINAL_INTERPRETATION, "第二百一十条第三款")),
    ),
    "criminal.simple.trial": (
        ExtensionTier(ApproverLevel.OWN_PRESIDENT, None, Citation("刑事诉讼法", "第二百二十条")),
    ),
    "criminal.fast_track.trial": (
        ExtensionTier(ApproverLevel.OWN_PRESIDENT, None, Citation("刑事诉讼法", "第二百二十五条")),
    ),
    # 刑事诉讼法 Art. 243(1): the high court approves or decides two more months; beyond, the Supreme People's Court.
    "criminal.second_instance.trial": (
        ExtensionTier(ApproverLevel.HIGH_COURT, (2, 0), Citation("刑事诉讼法", "第二百四十三条第一款")),
        ExtensionTier(ApproverLevel.SUPREME_COURT, None, Citation("刑事诉讼法", "第二百四十三条第一款")),
    ),
    "admin.first_instance.trial": (
        ExtensionTier(
            ApproverLevel.HIGH_COURT,
            None,
            Citation("行政诉讼法", "第八十一条"),
            when_high_court=ApproverLevel.SUPREME_COURT,
        ),
    ),
    "admin.second_instance.trial": (
        ExtensionTier(
            ApproverLevel.HIGH_COURT,
            None,
            Citation("行政诉讼法", "第八十八条"),
            when_high_court=ApproverLevel.SUPREME_COURT,
        ),
    ),
    # 审限规定 Art. 5: three more months with the president's approval; further extensions too (reported upwards
    # for the record, not for approval).
    "enforcement.case": (ExtensionTier(ApproverLevel.OWN_PRESIDENT, None, Citation(SPC_2000, "第五条")),),
    "enforcement.non_litigation": (ExtensionTier(ApproverLevel.OWN_PRESIDENT, None, Citation(SPC_2000, "第五条")),),
}


@dataclass(frozen=True)
class ExtensionAuthority:
    """Who must approve one requested extension, and why (the tier's article)."""

    level: ApproverLevel
    citation: Citation
    tier: int  # 1 for the first approver of the rule, 2 for the next …
    due_before: date  # the period (with extensions, before deductions) before this extension
    due_after: date  # … and after it
    explanation: str

    @property
    def label(self) -> str:
        return self.level.label

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level.value,
            "label": self.label,
            "citation": self.citation.as_dict(),
            "tier": self.tier,
            "explanation": self.explanation,
        }


def extension_authority(
    *,
    status: TrialPeriodStatus,
    on: date,
    months: int,
    days: int,
    court_level: str = "",
    requested: ApproverLevel | str | None = None,
) -> ExtensionAuthority:
    """Who must approve an extension of `months` and `days` requested on `on`, after `extension_check` has let it
    through: the first tier of the rule not yet used up (民诉法 Art. 152: the court president up to six months, then
    the higher court). An extension that would run past its approver's share is refused: the rest is the next
    approver's, asked for separately. `requested` (a level the requester named) must be that approver: a request to
    the wrong level is refused, citing the article. `court_level` is the hearing court's level ("high" …)."""
    extension_check(status=status, on=on, months=months, days=days)
    rule = status.rule
    tiers = EXTENSION_TIERS.get(rule.code, ())
    if not tiers:
        raise IllegalSequence(
            f"{rule.label}没有延长的规定，不能延长（{rule.citation}）。",
            code="trial_period.extension_not_allowed",
            extra={"rule": rule.code},
        )
    start = status.counted_from
    before = _period_end(rule, start, status.extended_months, status.extended_days)
    after = _period_end(rule, start, status.extended_months + months, status.extended_days + days)
    for index, tier in enumerate(tiers, start=1):
        cap = None if tier.up_to is None else _period_end(rule, start, *tier.up_to)
        if cap is not None and before >= cap:
            continue  # this approver's share is used up
        level = tier.when_high_court if (tier.when_high_court and court_level == "high") else tier.level
        if cap is not None and after > cap:
            following = tiers[index] if index < len(tiers) else None
            rest = (
                f"超出部分须在此期限届满前另行报请{following.level.label}批准（{following.citation}）"
                if following
                else "法律没有再次延长的规定"
            )
            raise IllegalSequence(
                f"延长{_ext_text(months, days)}后审限至{after.isoformat()}，超过{level.label}可批准的范围（累计延长"
                f"{_ext_text(*tier.up_to)}，至{cap.isoformat()}，{tier.citation}）；{rest}。",  # type: ignore[misc]
                code="trial_period.extension_beyond_approver",
                extra={"rule": rule.code, "approver": level.value, "limit": cap.isoformat()},
            )
        if requested and ApproverLevel(requested) != level:
            raise IllegalSequence(
                f"本次延长应报请{level.label}批准（{tier.citation}），不能报请{ApproverLevel(requested).label}。",
                code="trial_period.extension_wrong_approver",
                extra={"rule": rule.code, "approver": level.value, "requested": str(requested)},
            )
        return ExtensionAuthority(
            level=level,
            citation=tier.citation,
            tier=index,
            due_before=before,
            due_after=after,
            explanation=f"延长{_ext_text(months, days)}（审限由{before.isoformat()}延至{after.isoformat()}），"
            f"应由{level.label}批准（{tier.citation}）。",
        )
    last = tiers[-1]
    raise IllegalSequence(
        f"{rule.label}已延长至{before.isoformat()}，{last.level.label}可批准的延长已经用尽，法律没有再次延长的规定"
        f"（{last.citation}）。",
        code="trial_period.extension_beyond_limit",
        extra={"rule": rule.code},
    )


class EventKind(StrEnum):
    SUSPEND = "suspend"
    RESUME = "resume"
    DEDUCTION_START = "deduction_start"
    DEDUCTION_END = "deduction_end"
    EXTENSION = "extension"
    PROCEDURE_CHANGE = "procedure_change"


EVENT_LABELS = {
    EventKind.SUSPEND: "中止",
    EventKind.RESUME: "恢复审理",
    EventKind.DEDUCTION_START: "扣除开始",
    EventKind.DEDUCTION_END: "扣除结束",
    EventKind.EXTENSION: "延长审限",
    EventKind.PROCEDURE_CHANGE: "程序转换",
}


@dataclass(frozen=True)
class ClockEvent:
    """One thing that happened to a case's clock, on a day: what the public calculator is given, in date order."""

    on: date
    kind: EventKind
    deduction: str = ""  # a DeductionKind code, for deduction_start / deduction_end
    months: int = 0  # extension
    days: int = 0  # extension
    to_rule: str = ""  # procedure_change: the trial-period rule in force from `on`
    approver: str = ""  # extension: the ApproverLevel it was (or is to be) approved by; checked when given


def _deduction_of(event: ClockEvent, where: str) -> DeductionKind:
    codes = "、".join(k.value for k in DeductionKind if not k.entered_by_suspension)
    if not event.deduction:
        raise IllegalSequence(
            f"{where}：请填写扣除事由（deduction），可选：{codes}。", code="trial_period.deduction_required"
        )
    kind = deduction_kind_get(event.deduction)
    if kind is None:
        raise IllegalSequence(
            f"{where}：未知的扣除事由“{event.deduction}”，可选：{codes}（见 GET /api/v1/deadlines/deductions）。",
            code="trial_period.unknown_deduction",
            extra={"deduction": event.deduction},
        )
    if kind.entered_by_suspension:
        raise IllegalSequence(
            f"{where}：中止诉讼期间请以“中止”（suspend）和“恢复审理”（resume）事件填写。",
            code="trial_period.suspension_as_deduction",
        )
    return kind


def trial_period_replay(
    *,
    rule: str,
    start: date,
    events: Sequence[ClockEvent],
    today: date,
    calendar: Calendar,
    thresholds: Iterable[int] = ALERT_THRESHOLDS,
) -> TrialPeriodStatus:
    """A case's whole clock from its filing day and its events, each checked where it stands (module docstring).

    Suspensions and deductions still open after the last event run up to `today` (the clock is paused)."""
    current = _trial_rule(rule)
    suspended_on: date | None = None
    running: dict[DeductionKind, date] = {}
    deductions: list[Deduction] = []
    extensions: list[Extension] = []
    changes: list[ProcedureChange] = []
    previous = start

    def still_open() -> list[Deduction]:
        open_ = [Deduction(kind, first) for kind, first in running.items()]
        return open_ + ([Deduction(DeductionKind.SUSPENSION, suspended_on)] if suspended_on else [])

    for n, event in enumerate(events, start=1):
        where = f"第{n}个事件（{EVENT_LABELS[event.kind]}，{event.on.isoformat()}）"
        if event.on < start:
            raise IllegalSequence(
                f"{where}早于立案日期{start.isoformat()}；审限自立案次日起算（{SPC_2000}第八条）。",
                code="trial_period.event_before_start",
            )
        if event.on < previous:
            raise IllegalSequence(
                f"{where}早于前一个事件（{previous.isoformat()}），请按日期先后顺序填写事件。",
                code="trial_period.events_out_of_order",
            )
        previous = event.on
        suspension = DeductionKind.SUSPENSION.citation(current.group)
        if event.kind == EventKind.SUSPEND:
            if suspended_on is not None:
                raise IllegalSequence(
                    f"{where}：案件已于{suspended_on.isoformat()}中止，尚未恢复审理，不能再次中止（{suspension}）。",
                    code="trial_period.already_suspended",
                )
            suspended_on = event.on
        elif event.kind == EventKind.RESUME:
            if suspended_on is None:
                raise IllegalSequence(
                    f"{where}：案件未中止，不能恢复审理；不计入审限的是自中止至恢复审理的期间（{suspension}），"
                    "须先有“中止”事件。",
                    code="trial_period.resume_without_suspend",
                )
            deductions.append(Deduction(DeductionKind.SUSPENSION, suspended_on, event.on))
            suspended_on = None
        elif event.kind == EventKind.DEDUCTION_START:
            kind = _deduction_of(event, where)
            if kind in running:
                raise IllegalSequence(
                    f"{where}：{kind.label}已于{running[kind].isoformat()}开始，尚未结束，不能重复开始"
                    f"（{kind.citation(current.group)}）。",
                    code="trial_period.deduction_already_running",
                )
            running[kind] = event.on
        elif event.kind == EventKind.DEDUCTION_END:
            kind = _deduction_of(event, where)
            if kind not in running:
                raise IllegalSequence(
                    f"{where}：没有进行中的{kind.label}，不能结束；不计入审限的是该期间自开始至结束的日数"
                    f"（{kind.citation(current.group)}），须先有“扣除开始”事件。",
                    code="trial_period.deduction_end_without_start",
                )
            deductions.append(Deduction(kind, running.pop(kind), event.on))
        elif event.kind == EventKind.EXTENSION:
            so_far = trial_period_clock(
                rule=rule,
                filed_on=start,
                today=event.on,
                calendar=calendar,
                deductions=[*deductions, *still_open()],
                extensions=extensions,
                changes=changes,
            )
            if event.approver and event.approver not in {level.value for level in ApproverLevel}:
                choices = "、".join(f"{level.value}（{level.label}）" for level in ApproverLevel)
                raise IllegalSequence(
                    f"{where}：未知的批准机关“{event.approver}”，可选：{choices}。",
                    code="trial_period.unknown_approver",
                    extra={"approver": event.approver},
                )
            try:
                authority = extension_authority(
                    status=so_far, on=event.on, months=event.months, days=event.days, requested=event.approver or None
                )
            except IllegalSequence as exc:
                raise IllegalSequence(f"{where}：{exc.message}", code=exc.code, extra=exc.extra) from None
            extensions.append(
                Extension(approved_on=event.on, months=event.months, days=event.days, approved_by=authority.label)
            )
        elif event.kind == EventKind.PROCEDURE_CHANGE:
            if not event.to_rule:
                raise IllegalSequence(
                    f"{where}：请填写转换后适用的审限规则（to_rule）。", code="trial_period.to_rule_required"
                )
            target = _trial_rule(event.to_rule.strip())
            if target.code == current.code:
                raise IllegalSequence(
                    f"{where}：转换后的规则与当前适用的“{current.label}”相同。", code="trial_period.same_procedure"
                )
            if target.group != current.group:
                raise IllegalSequence(
                    f"{where}：“{current.label}”不能转为“{target.label}”，程序转换只能在同类案件的审理程序之间进行。",
                    code="trial_period.procedure_change_across_kinds",
                    extra={"rule": current.code, "to_rule": target.code},
                )
            changes.append(ProcedureChange(rule=target.code, on=event.on))
            current = target
    status = trial_period_clock(
        rule=rule,
        filed_on=start,
        today=today,
        calendar=calendar,
        deductions=[*deductions, *still_open()],
        extensions=extensions,
        changes=changes,
        thresholds=thresholds,
    )
    if events and events[-1].on > today:
        status.warnings.append(
            f"部分事件晚于计算基准日{today.isoformat()}：已结束的期间按所填日期计算，尚未结束的期间自计算基准日后不计。"
        )
    return status

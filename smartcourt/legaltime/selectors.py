"""Reads of legal time: the working-day calendar, a deadline's due date, a case's trial-period clock.

Every app counts time through here (ADR 0008): `deadline_due` for a period from a day, `trial_period_status` for a
case's clock. legaltime never imports `cases`: a caller passes the case as a `ClockCase` of plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from smartcourt.core.citations import Citation
from smartcourt.core.errors import NotFound
from smartcourt.courts.selectors import holiday_days_load

from .models import EXTENSION, PROCEDURE_CHANGE, TrialPeriodAdjustment
from .rules.calendar import Calendar
from .rules.deadlines import DeadlineResult, DeadlineRule, deadline_compute, rule_get
from .rules.deductions import RECORDED_KINDS, deduction_kind_get
from .rules.trial_period import (
    ApproverLevel,
    Deduction,
    Extension,
    ExtensionAuthority,
    IllegalSequence,
    ProcedureChange,
    TrialPeriodStatus,
    extension_authority,
    trial_period_clock,
    trial_rule_code,
)

__all__ = ["ApproverLevel", "ExtensionAuthority"]  # the approval vocabulary callers use without legaltime.rules


def calendar_load() -> Calendar:
    """Every loaded year's holidays and make-up working days, as the value the rules count on (two queries)."""
    days = holiday_days_load()
    return Calendar(holidays=days.holidays, workdays=days.workdays, years=days.years)


def deadline_due(
    *, rule: str, start: date, amount: int | None = None, calendar: Calendar | None = None
) -> DeadlineResult:
    """The due date of the registry's `rule` counted from `start`, rest days and holidays applied, with the
    explanation; `amount` is the length a court set for a rule it fixes case by case (指定期限, e.g. 补正)."""
    return deadline_compute(rule=rule, start=start, calendar=calendar or calendar_load(), amount=amount)


def deadline_rule_get(*, code: str) -> DeadlineRule:
    """The registry's rule for `code`; an unknown code is refused (`deadlines.unknown_rule`)."""
    return rule_get(code)


@dataclass(frozen=True)
class ClockCase:
    """What the trial-period clock needs of a case, as plain values (legaltime does not import `cases`)."""

    case_id: int
    kind: str  # CaseKind value: civil, criminal, administrative, enforcement …
    procedure: str  # Procedure value: ordinary, simple, small_claims …
    filed_on: date


@dataclass(frozen=True)
class DeductionOption:
    """A deduction kind offered on a case's page, with the article that applies to that case's kind."""

    code: str
    label: str
    citation: Citation


def trial_period_adjustment_list(*, case_id: int) -> list[TrialPeriodAdjustment]:
    return list(
        TrialPeriodAdjustment.objects.filter(case_id=case_id).select_related("approved_by").order_by("started_on", "id")
    )


def trial_period_adjustment_get(*, case_id: int, adjustment_id: int) -> TrialPeriodAdjustment:
    adjustment = TrialPeriodAdjustment.objects.filter(case_id=case_id, pk=adjustment_id).first()
    if adjustment is None:
        raise NotFound()
    return adjustment


def trial_period_deduction_running(*, case_id: int, kind: str) -> TrialPeriodAdjustment | None:
    """The case's deduction of `kind` that has started and not yet ended, if any."""
    return (
        TrialPeriodAdjustment.objects.filter(case_id=case_id, kind=kind, ended_on__isnull=True)
        .order_by("started_on", "id")
        .first()
    )


def trial_period_rule_code(*, kind: str, procedure: str) -> str | None:
    """The trial-period rule code for a case of `kind` under `procedure` (None: no statutory trial period)."""
    return trial_rule_code(kind=kind, procedure=procedure)


def deduction_options(*, case_kind: str, procedure: str) -> list[DeductionOption]:
    """The deduction kinds a clerk may record on a case (suspension goes through the case's state), each with the
    article for this case's kind; empty for a case without a statutory trial period."""
    code = trial_rule_code(kind=case_kind, procedure=procedure)
    if code is None:
        return []
    group = rule_get(code).group
    return [DeductionOption(k.value, k.label, k.citation(group)) for k in RECORDED_KINDS]


def deduction_option(*, code: str, case_kind: str, procedure: str) -> DeductionOption | None:
    """One deduction kind with the article for this case's kind (suspension included), or None."""
    kind = deduction_kind_get(code)
    rule = trial_rule_code(kind=case_kind, procedure=procedure)
    if kind is None or rule is None:
        return None
    return DeductionOption(kind.value, kind.label, kind.citation(rule_get(rule).group))


def trial_period_status(
    *,
    subject: ClockCase,
    today: date | None = None,
    calendar: Calendar | None = None,
    adjustments: list[TrialPeriodAdjustment] | None = None,
) -> TrialPeriodStatus | None:
    """The clock of a case (due date, days left, explanation), or None when it has no statutory trial period.

    Whether the clock applies at all (an open case) is the caller's to decide; this counts what is recorded."""
    if adjustments is None:
        adjustments = trial_period_adjustment_list(case_id=subject.case_id) if subject.case_id else []
    first_change = next((a for a in adjustments if a.kind == PROCEDURE_CHANGE), None)
    # After a change of procedure the clock still starts from the rule the case was filed under.
    code = (
        first_change.detail.get("from_rule")
        if first_change
        else trial_rule_code(kind=subject.kind, procedure=subject.procedure)
    )
    if code is None:
        return None
    deductions = []
    for a in adjustments:
        kind = a.deduction
        if kind is not None:
            deductions.append(Deduction(kind=kind, start=a.started_on, end=a.ended_on, note=a.reason))
    return trial_period_clock(
        rule=code,
        filed_on=subject.filed_on,
        today=today or timezone.localdate(),
        calendar=calendar or calendar_load(),
        deductions=deductions,
        extensions=[
            Extension(
                approved_on=a.started_on,
                months=a.months,
                days=a.days,
                approved_by=a.approved_by.get_full_name() if a.approved_by is not None else "",
            )
            for a in adjustments
            if a.kind == EXTENSION
        ],
        changes=[
            ProcedureChange(rule=a.detail["rule"], on=a.started_on)
            for a in adjustments
            if a.kind == PROCEDURE_CHANGE and a.detail.get("rule")
        ],
    )


def trial_period_extension_authority(
    *,
    subject: ClockCase,
    on: date,
    months: int,
    days: int,
    court_level: str = "",
    requested: str | None = None,
) -> ExtensionAuthority:
    """Who must approve extending this case's trial period by `months` and `days` on `on` (延长审限的审批), after the
    same checks as a recorded extension: none allowed, after expiry, beyond the statutory ceiling, beyond the
    approver's share, or to the wrong approver (`requested`) — each refused with its article (IllegalSequence)."""
    status = trial_period_status(subject=subject, today=on)
    if status is None:
        raise IllegalSequence("本案不适用审理期限，无需延长。", code="trial_period.not_applicable")
    return extension_authority(
        status=status, on=on, months=months, days=days, court_level=court_level, requested=requested
    )

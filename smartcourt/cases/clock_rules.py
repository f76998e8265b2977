"""Glue between a case's rows and the pure trial-period rules (rules/trial_period.py, rules/deadlines.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from smartcourt.courts.selectors import calendar_load

from .rules.trial_period import (
    Deduction,
    DeductionKind,
    Extension,
    ProcedureChange,
    TrialPeriodStatus,
    trial_period_clock,
)

if TYPE_CHECKING:
    from smartcourt.courts.rules.calendar import Calendar

    from .models import Case, TrialPeriodAdjustment

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
_DEDUCTION_KINDS = {
    "suspension": DeductionKind.SUSPENSION,
    "public_notice": DeductionKind.PUBLIC_NOTICE,
    "appraisal": DeductionKind.APPRAISAL,
    "jurisdiction": DeductionKind.JURISDICTION_OBJECTION,
    "settlement": DeductionKind.SETTLEMENT,
}
RUNNING_STATES = ("registered", "in_trial", "suspended")


def trial_rule_code(*, kind: str, procedure: str) -> str | None:
    return TRIAL_RULES.get((kind, procedure))


def trial_period_for_case(
    *, case: Case, adjustments: list[TrialPeriodAdjustment], today: date, calendar: Calendar | None = None
) -> TrialPeriodStatus | None:
    """The clock of a running case, or None when the case has no statutory trial period or is closed."""
    if case.state not in RUNNING_STATES:
        return None
    changes = [
        ProcedureChange(rule=a.detail["rule"], on=a.started_on)
        for a in adjustments
        if a.kind == "procedure_change" and a.detail.get("rule")
    ]
    first_change = next((a for a in adjustments if a.kind == "procedure_change"), None)
    # After a change of procedure the clock still starts from the rule the case was filed under.
    code = (
        first_change.detail.get("from_rule")
        if first_change
        else trial_rule_code(kind=case.kind, procedure=case.procedure)
    )
    if code is None:
        return None
    return trial_period_clock(
        rule=code,
        filed_on=case.filed_on,
        today=today,
        calendar=calendar or calendar_load(),
        deductions=[
            Deduction(kind=_DEDUCTION_KINDS[a.kind], start=a.started_on, end=a.ended_on, note=a.reason)
            for a in adjustments
            if a.kind in _DEDUCTION_KINDS
        ],
        extensions=[
            Extension(
                approved_on=a.started_on,
                months=a.months,
                days=a.days,
                approved_by=a.approved_by.get_full_name() if a.approved_by_id else "",
            )
            for a in adjustments
            if a.kind == "extension"
        ],
        changes=changes,
    )

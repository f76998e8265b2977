"""Writes of the trial-period clock (审限): suspensions, deductions, extensions and procedure changes of a case.

Each is called by the case's own service (`cases.services`), inside its transaction and under its lock on the
case row: the case service changes the case, appends the one case event and writes the one audit row; the function
here checks the clock's rules and records the adjustment. legaltime never imports `cases` — the case comes as a
`ClockCase` of plain values or as its id, and the foreign key is the string "cases.Case".
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError

from .models import EXTENSION, PROCEDURE_CHANGE, TrialPeriodAdjustment
from .rules.deductions import DeductionKind, deduction_kind_get
from .rules.trial_period import extension_authority, trial_rule_code
from .selectors import ClockCase, trial_period_deduction_running, trial_period_status

if TYPE_CHECKING:
    from smartcourt.courts.models import User


class TrialPeriodInputError(ApplicationError):
    code = "trial_period.invalid_input"
    message = _("审限变动的内容有误，请检查后重试。")


@transaction.atomic
def trial_period_suspension_start(*, case_id: int, on: date, reason: str = "") -> TrialPeriodAdjustment:
    """Stop the clock from `on` until resumption (中止诉讼, 审限规定 Art. 9(9)); the case's state is the caller's."""
    return TrialPeriodAdjustment.objects.create(
        case_id=case_id, kind=DeductionKind.SUSPENSION.value, started_on=on, reason=reason
    )


@transaction.atomic
def trial_period_suspension_end(*, case_id: int, on: date) -> int:
    """Restart the clock on resumption (恢复诉讼): end the case's open suspension on `on`; the rows ended."""
    return TrialPeriodAdjustment.objects.filter(
        case_id=case_id, kind=DeductionKind.SUSPENSION.value, ended_on__isnull=True
    ).update(ended_on=on)


@transaction.atomic
def trial_period_deduction_start(
    *, subject: ClockCase, kind: str, started_on: date, reason: str = ""
) -> TrialPeriodAdjustment:
    """Start a period not counted in the trial period (不计入审限, e.g. 民诉法解释 Art. 243: public notice,
    appraisal, settlement, jurisdiction objections)."""
    deduction = deduction_kind_get(kind)
    if deduction is None or deduction.entered_by_suspension:
        raise TrialPeriodInputError(_("未知的扣除审限事由。"), extra={"field": "kind"})
    if trial_period_deduction_running(case_id=subject.case_id, kind=deduction.value) is not None:
        raise TrialPeriodInputError(f"本案已有进行中的{deduction.label}，请先登记其结束日期。", extra={"field": "kind"})
    if started_on < subject.filed_on:
        raise TrialPeriodInputError(_("扣除期间不能早于立案日期。"), extra={"field": "started_on"})
    return TrialPeriodAdjustment.objects.create(
        case_id=subject.case_id, kind=deduction.value, started_on=started_on, reason=reason
    )


@transaction.atomic
def trial_period_deduction_end(*, case_id: int, adjustment_id: int, ended_on: date) -> TrialPeriodAdjustment:
    """End a running deduction on `ended_on` (both its first and its last day are not counted)."""
    adjustment = TrialPeriodAdjustment.objects.select_for_update().filter(pk=adjustment_id, case_id=case_id).first()
    deduction = adjustment.deduction if adjustment is not None else None
    if adjustment is None or deduction is None or deduction.entered_by_suspension or adjustment.ended_on is not None:
        raise TrialPeriodInputError(_("该扣除期间不存在或已结束。"))
    if ended_on < adjustment.started_on:
        raise TrialPeriodInputError(_("结束日期不能早于开始日期。"), extra={"field": "ended_on"})
    adjustment.ended_on = ended_on
    adjustment.save(update_fields=["ended_on", "updated_at"])
    return adjustment


@transaction.atomic
def trial_period_extension_record(
    *,
    subject: ClockCase,
    on: date,
    months: int,
    days: int,
    approved_by: User,
    reason: str,
    court_level: str = "",
    approver_level: str | None = None,
) -> TrialPeriodAdjustment:
    """Record an approved extension (延长审限), refused where the rule in force allows none, after expiry, beyond
    its statutory ceiling (`rules.trial_period.extension_check`, the public calculator's own test), or beyond what
    `approver_level` may approve (`rules.trial_period.extension_authority`): checked again when the approval is
    given, since the clock may have moved since the request."""
    status = trial_period_status(subject=subject, today=on)
    if status is None:
        raise TrialPeriodInputError(_("本案不适用审理期限，无需延长。"))
    authority = extension_authority(
        status=status, on=on, months=months, days=days, court_level=court_level, requested=approver_level
    )
    return TrialPeriodAdjustment.objects.create(
        case_id=subject.case_id,
        kind=EXTENSION,
        started_on=on,
        months=months,
        days=days,
        approved_by=approved_by,
        reason=reason,
        detail={"approver_level": authority.level.value, "citation": str(authority.citation)},
    )


@transaction.atomic
def trial_period_procedure_change_record(
    *, subject: ClockCase, procedure: str, on: date, reason: str = ""
) -> TrialPeriodAdjustment:
    """Record a change of procedure (e.g. 简易程序转为普通程序): the trial-period rule in force from `on`."""
    new_rule = trial_rule_code(kind=subject.kind, procedure=procedure)
    old_rule = trial_rule_code(kind=subject.kind, procedure=subject.procedure)
    if new_rule is None or old_rule is None:
        raise TrialPeriodInputError(_("该案件类型不能转换为所选程序。"), extra={"field": "procedure"})
    return TrialPeriodAdjustment.objects.create(
        case_id=subject.case_id,
        kind=PROCEDURE_CHANGE,
        started_on=on,
        reason=reason,
        detail={"from": subject.procedure, "to": procedure, "from_rule": old_rule, "rule": new_rule},
    )

"""Writes for court fees after acceptance: the fee notice (交纳诉讼费用通知书), payments reported and confirmed,
refunds on halving or withdrawal, and judicial aid (缓减免) applications with their decision."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.errors import Forbidden
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts
from smartcourt.legaltime.selectors import deadline_due

from ..hooks import filer_notify
from ..models import FeeNotice, FeeRelief, Filing, FilingEventType, Payment, Refund
from ..payments import provider_get
from ..rules import relief as relief_rules
from ..rules.fees import FeeResult, fee_halve
from ..rules.filing_input import FilingInputError, claim_amount_parse
from ..selectors import filing_fee_estimate
from .filing import FilingStateError, filing_event_append

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import User

CENT = Decimal("0.01")


def _basis(result: FeeResult) -> dict:
    return {
        "kind": result.kind.value,
        "basis": result.basis,
        "lines": [
            {"text": line.text, "amount": f"{line.amount:.2f}", "citation": str(line.citation)}
            for line in result.breakdown
        ],
        "notes": list(result.notes),
        "citations": [str(c) for c in result.citations],
    }


def fee_notice_issue(*, filing: Filing, case: Case, actor: Actor, today: date | None = None) -> FeeNotice:
    """Compute the case fee from the fee rules and the court's settings; due 7 days after notice (Art. 22)."""
    today = today or timezone.localdate()
    result = filing_fee_estimate(filing=filing)  # the same figure the filer saw before submitting
    if result is None:
        raise FilingStateError("受诉法院未确定，不能发出交纳诉讼费用通知书。")
    kind = result.kind
    deadline = deadline_due(rule="fee.payment", start=today)
    payer = next((p.name for p in filing.parties.all() if p.role == "plaintiff"), "原告")
    notice = FeeNotice.objects.create(
        filing=filing,
        case=case,
        number=f"{case.number}-费",
        fee_kind=kind.value,
        amount=result.fee,
        basis=_basis(result),
        issued_on=today,
        due_on=deadline.due,
        due_explanation=deadline.explanation,
        payer_name=payer,
        payment_reference=f"SF{today:%y%m%d}{secrets.randbelow(10**8):08d}",
    )
    case_event_append(
        case=case,
        type=CaseEventType.FEE_NOTICE_ISSUED,
        actor=actor,
        summary=f"发出交纳诉讼费用通知书：{result.fee}元，{deadline.due:%Y-%m-%d}前交纳（诉讼费用交纳办法第二十二条）",
        new={"amount": f"{result.fee:.2f}", "due_on": deadline.due.isoformat()},
    )
    return notice


def _notice_locked(notice: FeeNotice) -> FeeNotice:
    return FeeNotice.objects.select_for_update().select_related("filing", "case").get(pk=notice.pk)


@transaction.atomic
def payment_report(*, notice: FeeNotice, actor: User, provider: str, reference: str, amount: str) -> Payment:
    """The party reports a payment (e.g. a bank transfer's serial number); staff confirm it later."""
    notice = _notice_locked(notice)
    if not allows(user=actor, resource=Resource.FILING, action=Action.CHANGE, obj=notice.filing):
        raise Forbidden()  # the filer's act (FILING/CHANGE, OWN): court staff confirm payments, never report them
    if notice.state not in (FeeNotice.State.UNPAID, FeeNotice.State.OVERDUE, FeeNotice.State.DEFERRED):
        raise FilingStateError(f"该通知书状态为“{notice.get_state_display()}”，无需再次交费。")
    chosen = provider_get(provider)
    if chosen is None:
        raise FilingInputError("请选择交费方式。", field="provider")
    problem = chosen.reference_problem(reference)
    if problem:
        raise FilingInputError(problem, field="reference")
    paid = claim_amount_parse(amount, field="amount", label="交费金额")
    if paid is None or paid != notice.amount:
        raise FilingInputError(f"交费金额应为通知书载明的{notice.amount}元。", field="amount")
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                notice=notice, provider=provider, reference=reference.strip(), amount=paid, reported_by=actor
            )
    except IntegrityError:
        raise FilingInputError("该流水号已登记过，请核对。", field="reference") from None
    notice.state = FeeNotice.State.PENDING
    notice.save(update_fields=["state", "updated_at"])
    case_event_append(
        case=notice.case,
        type=CaseEventType.FEE_PAYMENT_REPORTED,
        actor=actor,
        summary=f"当事人提交交费凭证（{chosen.label}）",
    )
    audit_record(actor=actor, action=AuditAction.FEE_PAYMENT_REPORT, target=notice)
    return payment


@transaction.atomic
def payment_confirm(*, payment: Payment, actor: User, received: bool, note: str = "") -> Payment:
    """Finance / filing staff confirm the money arrived (or not); the notice is then paid or open again."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    notice = _notice_locked(payment.notice)
    if notice.case.court_id not in grant_courts(user=actor, resource=Resource.FEE, action=Action.CHANGE):
        raise Forbidden("只有本院立案或财务人员可以确认到账。")
    if payment.state != Payment.State.REPORTED:
        raise FilingStateError("该交费记录已处理。")
    payment.state = Payment.State.CONFIRMED if received else Payment.State.REFUSED
    payment.confirmed_by, payment.confirmed_at, payment.note = actor, timezone.now(), note[:200]
    payment.save()
    notice.state = FeeNotice.State.PAID if received else FeeNotice.State.UNPAID
    notice.save(update_fields=["state", "updated_at"])
    summary = "确认诉讼费到账" if received else f"未查到到账（{note or '请核对流水号'}）"
    case_event_append(
        case=notice.case,
        type=CaseEventType.FEE_PAYMENT_CONFIRMED if received else CaseEventType.FEE_PAYMENT_REFUSED,
        actor=actor,
        summary=summary,
    )
    audit_record(
        actor=actor,
        action=AuditAction.FEE_PAYMENT_CONFIRM,
        target=notice,
        reason=note[:200],
        extra={"received": received},
    )
    filer_notify(
        recipient=notice.filing.filer,
        title=f"诉讼费{('已确认到账' if received else '未查到到账')}（{notice.case.number}）",
        body=summary,
        link=f"/portal/filings/{notice.filing_id}/",
        topic="fee.payment",
        court=notice.case.court,
    )
    return payment


@transaction.atomic
def refund_record(*, notice: FeeNotice, actor: User, reason: str, note: str = "") -> Refund:
    """Record a refund: half the case fee on simple procedure / mediation / withdrawal (Art. 15, 16), computed by the
    fee rule's halving (once only, 民诉法解释 Art. 206)."""
    notice = _notice_locked(notice)
    if notice.case.court_id not in grant_courts(user=actor, resource=Resource.FEE, action=Action.CHANGE):
        raise Forbidden()
    if reason not in Refund.Reason.values:
        raise FilingInputError("请选择退费事由。", field="reason")
    if notice.state != FeeNotice.State.PAID:
        raise FilingStateError("只有已交纳的诉讼费可以退费。")
    if notice.refunds.exists():
        raise FilingStateError("案件受理费只减半一次（民诉法解释第二百零六条），本通知书已有退费记录。")
    halved = (notice.amount / 2).quantize(CENT, ROUND_HALF_UP)
    refund = Refund.objects.create(
        notice=notice, amount=notice.amount - halved, reason=reason, note=note[:200], recorded_by=actor
    )
    case_event_append(
        case=notice.case,
        type=CaseEventType.FEE_REFUNDED,
        actor=actor,
        summary=f"退还诉讼费{refund.amount}元（{refund.get_reason_display()}）",
    )
    audit_record(actor=actor, action=AuditAction.FEE_REFUND, target=notice, reason=note[:200])
    _ = fee_halve  # the rule the figure follows: round(fee / 2), the kept half; the rest is refunded
    return refund


@transaction.atomic
def fee_relief_apply(*, filing: Filing, actor: User, ground: str, statement: str) -> FeeRelief:
    """Apply for judicial aid on fees (诉讼费用交纳办法 Art. 44, 48): a statutory ground and a written statement."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if not allows(user=actor, resource=Resource.FILING, action=Action.CHANGE, obj=filing):
        raise Forbidden()
    chosen = relief_rules.GROUNDS_BY_KEY.get(ground)
    if chosen is None:
        raise FilingInputError("请选择申请司法救助的法定情形。", field="ground")
    if chosen.kind == "waive" and not any(p.kind == "natural" and p.role == "plaintiff" for p in filing.parties.all()):
        raise FilingInputError(f"免交诉讼费用只适用于自然人（{relief_rules.WAIVER_NATURAL_ONLY}）。", field="ground")
    if len((statement or "").strip()) < 10:
        raise FilingInputError("请说明经济困难的情况（不少于10字，第四十八条）。", field="statement")
    if filing.fee_reliefs.filter(state=FeeRelief.State.PENDING).exists():
        raise FilingStateError("已有待审查的司法救助申请。")
    relief = FeeRelief.objects.create(
        filing=filing, kind=chosen.kind, ground=chosen.key, statement=statement.strip()[:4000], applicant=actor
    )
    filing_event_append(
        filing=filing,
        type=FilingEventType.FEE_RELIEF_APPLIED,
        actor=actor,
        summary=f"申请{relief.get_kind_display()}诉讼费用（{chosen.citation}）",
    )
    audit_record(actor=actor, action=AuditAction.FEE_RELIEF_APPLY, target=filing)
    return relief


@transaction.atomic
def fee_relief_decide(
    *, relief: FeeRelief, actor: User, grant: bool, reason: str, reduced_amount: str = ""
) -> FeeRelief:
    """Grant or refuse judicial aid; a refusal is explained in writing (Art. 48 para. 3); a reduction is at least 30%
    (Art. 46 para. 2)."""
    relief = FeeRelief.objects.select_for_update().select_related("filing").get(pk=relief.pk)
    filing = relief.filing
    if filing.court_id is None or filing.court_id not in grant_courts(
        user=actor, resource=Resource.FEE, action=Action.CHANGE
    ):
        raise Forbidden()
    if relief.state != FeeRelief.State.PENDING:
        raise FilingStateError("该申请已有决定。")
    text = (reason or "").strip()
    if not grant and len(text) < 5:
        raise FilingInputError(f"不予准许的，应当书面说明理由（{relief_rules.REFUSAL_IN_WRITING}）。", field="reason")
    notice = FeeNotice.objects.select_for_update().filter(filing=filing).first()
    if grant and relief.kind == "reduce":
        new_amount = claim_amount_parse(reduced_amount, field="reduced_amount", label="减交后金额")
        if new_amount is None:
            raise FilingInputError("请填写减交后的金额。", field="reduced_amount")
        if notice is not None and new_amount > notice.amount * (1 - Decimal(relief_rules.MIN_REDUCTION)):
            raise FilingInputError(
                f"减交比例不得低于30%（{relief_rules.MIN_REDUCTION_CITATION}）。", field="reduced_amount"
            )
        relief.reduced_amount = new_amount
        if notice is not None:
            notice.amount = new_amount
            notice.save(update_fields=["amount", "updated_at"])
    if grant and notice is not None and relief.kind in ("defer", "waive"):
        notice.state = FeeNotice.State.DEFERRED if relief.kind == "defer" else FeeNotice.State.WAIVED
        notice.save(update_fields=["state", "updated_at"])
    relief.state = FeeRelief.State.GRANTED if grant else FeeRelief.State.REFUSED
    relief.decided_by, relief.decided_at, relief.decision_reason = actor, timezone.now(), text[:300]
    relief.save()
    verdict = "准许" if grant else "不予准许"
    filing_event_append(
        filing=filing,
        type=FilingEventType.FEE_RELIEF_DECIDED,
        actor=actor,
        summary=f"{verdict}{relief.get_kind_display()}诉讼费用。{text}",
    )
    audit_record(
        actor=actor, action=AuditAction.FEE_RELIEF_DECIDE, target=filing, reason=text[:200], extra={"grant": grant}
    )
    filer_notify(
        recipient=filing.filer,
        title=f"司法救助申请：{verdict}{relief.get_kind_display()}",
        body=text,
        link=f"/portal/filings/{filing.pk}/",
        topic="fee.relief",
        court=filing.court,
    )
    return relief

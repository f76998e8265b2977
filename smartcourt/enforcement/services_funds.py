"""Case funds (案款): one virtual account per case (一案一账号), double-entry movements, payouts asked by one person
and approved by another, interest and fee deduction, and the daily reconciliation against the bank statement.

Invariants, each kept inside the transaction that moves money, with the account row locked (select_for_update):
every movement has legs summing to zero; the case leg changes `balance` by exactly its amount; `balance` never goes
below zero (checked here, and a CHECK constraint in the database). No money leaves without two people.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from smartcourt.cases.selectors import PartyRole
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.core.timeline import event_time
from smartcourt.courts.permissions import Action, Resource, permission_require

from . import rules as R
from .models import (
    CaseAccount,
    FundLeg,
    FundMovement,
    MovementKind,
    Payout,
    PayoutState,
    Reconciliation,
    ReconciliationFlag,
)

if TYPE_CHECKING:
    from smartcourt.cases.models import CaseParty
    from smartcourt.core.actors import Actor

CENT = Decimal("0.01")


class FundsError(ApplicationError):
    code = "funds.invalid"


def _amount(value: Decimal | str | int) -> Decimal:
    try:
        amount = Decimal(value).quantize(CENT)
    except (InvalidOperation, TypeError):
        raise FundsError("金额格式不正确。", extra={"field": "amount"}) from None
    if amount <= 0:
        raise FundsError("金额应大于零。", extra={"field": "amount"})
    return amount


def _locked(account: CaseAccount) -> CaseAccount:
    return CaseAccount.objects.select_for_update(of=("self",)).select_related("case").get(pk=account.pk)


def _move(
    *,
    account: CaseAccount,
    kind: str,
    amount: Decimal,
    other: str,
    actor: Actor,
    counterparty: str = "",
    reference: str = "",
    approved_by: object = None,
    note: str = "",
    occurred_at: datetime | None = None,
) -> FundMovement:
    """Write one movement and its two legs on a LOCKED account; money into the case is positive on its leg."""
    sign = 1 if kind in (MovementKind.RECEIPT, MovementKind.INTEREST) else -1
    case_leg = sign * amount
    if account.balance + case_leg < 0:
        raise FundsError(f"案款账户余额{account.balance}元不足，不能支出{amount}元。")
    movement = FundMovement.objects.create(
        account=account,
        kind=kind,
        amount=amount,
        counterparty=counterparty[:120],
        reference=reference[:64],
        occurred_at=occurred_at or event_time(),
        recorded_by=actor_user(actor),
        approved_by=approved_by,  # type: ignore[misc]
        note=note[:200],
    )
    at = movement.occurred_at
    legs = [
        FundLeg(movement=movement, ledger=account.ledger, amount=case_leg, occurred_at=at),
        FundLeg(movement=movement, ledger=other, amount=-case_leg, occurred_at=at),
    ]
    assert sum(leg.amount for leg in legs) == 0
    FundLeg.objects.bulk_create(legs)
    account.balance += case_leg
    account.save(update_fields=["balance", "updated_at"])
    return movement


# --- receipts ---------------------------------------------------------------------------------------------------


@transaction.atomic
def fund_receive(
    *,
    account: CaseAccount,
    amount: Decimal | str,
    actor: Actor,
    reference: str,
    counterparty: str = "",
    note: str = "",
    occurred_at: datetime | None = None,
) -> FundMovement:
    """Money arrived on the case's account (到账): from the debtor, a deduction, an auction. A bank reference is
    recorded once per account."""
    amount = _amount(amount)
    account = _locked(account)
    permission_require(actor=actor, resource=Resource.CASE_FUNDS, action=Action.CHANGE, obj=account.case)
    reference = reference.strip()
    if not reference:
        raise FundsError("请填写银行流水号。", extra={"field": "reference"})
    if FundMovement.objects.filter(account=account, kind=MovementKind.RECEIPT, reference=reference).exists():
        raise Conflict(f"流水号{reference}已入账，不能重复入账。")
    movement = _move(
        account=account,
        kind=MovementKind.RECEIPT,
        amount=amount,
        other="bank",
        actor=actor,
        counterparty=counterparty,
        reference=reference,
        note=note,
        occurred_at=occurred_at,
    )
    case_event_append(
        case=account.case,
        type=CaseEventType.FUNDS_RECEIVED,
        actor=actor,
        summary=f"案款到账{amount}元" + (f"（{counterparty}）" if counterparty else "") + f"，流水号{reference}",
        new={"amount": str(amount), "reference": reference, "balance": str(account.balance)},
    )
    audit_record(actor=actor, action=AuditAction.FUNDS_RECEIVE, target=account, extra={"amount": str(amount)})
    return movement


def fund_receive_by_number(
    *, number: str, amount: Decimal | str, actor: Actor, reference: str, counterparty: str = ""
) -> FundMovement:
    """A receipt matched to its case by the virtual account number the payer used (一案一账号)."""
    account = CaseAccount.objects.filter(number=number.strip()).first()
    if account is None:
        raise FundsError(f"账号{number}不对应任何案件，款项应列入待认领。")
    return fund_receive(account=account, amount=amount, actor=actor, reference=reference, counterparty=counterparty)


@transaction.atomic
def fund_interest(*, account: CaseAccount, amount: Decimal | str, actor: Actor, note: str = "") -> FundMovement:
    """Interest the bank credited to the case money (案款利息), which follows the money to the payees."""
    amount = _amount(amount)
    account = _locked(account)
    permission_require(actor=actor, resource=Resource.CASE_FUNDS, action=Action.CHANGE, obj=account.case)
    movement = _move(
        account=account, kind=MovementKind.INTEREST, amount=amount, other="interest", actor=actor, note=note
    )
    case_event_append(
        case=account.case, type=CaseEventType.FUNDS_INTEREST, actor=actor, summary=f"案款计息{amount}元",
        new={"amount": str(amount)},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.FUNDS_INTEREST, target=account, extra={"amount": str(amount)})
    return movement


@transaction.atomic
def fund_fee(*, account: CaseAccount, amount: Decimal | str, actor: Actor, note: str) -> FundMovement:
    """Deduct the enforcement fee (申请执行费) or costs the debtor bears from the case money, with the reason."""
    amount = _amount(amount)
    if not note.strip():
        raise FundsError("请写明扣除的费用名目（如申请执行费）。", extra={"field": "note"})
    account = _locked(account)
    permission_require(actor=actor, resource=Resource.CASE_FUNDS, action=Action.CHANGE, obj=account.case)
    movement = _move(account=account, kind=MovementKind.FEE, amount=amount, other="fees", actor=actor, note=note)
    case_event_append(
        case=account.case, type=CaseEventType.FUNDS_FEE, actor=actor, summary=f"从案款中扣除{note.strip()}{amount}元",
        new={"amount": str(amount)},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.FUNDS_FEE, target=account, reason=note)
    return movement


# --- payouts and refunds (发放、退还) ------------------------------------------------------------------------------


def _pending_total(account: CaseAccount) -> Decimal:
    from .selectors import money

    return money(account.payouts.filter(state=PayoutState.PENDING).aggregate(s=Sum("amount"))["s"])


def claim_outstanding(*, account: CaseAccount, party: CaseParty) -> Decimal:
    """What the applicant is still owed: their claim less what was paid to them."""
    from .models import Claim

    claim = Claim.objects.filter(file__case_id=account.case_id, party=party).first()
    if claim is None:
        return Decimal(0)
    from .selectors import money

    paid = money(
        FundLeg.objects.filter(ledger=f"payee:{party.pk}", movement__account=account).aggregate(s=Sum("amount"))["s"]
    )
    return claim.amount - paid


@transaction.atomic
def payout_request(
    *, account: CaseAccount, party: CaseParty, amount: Decimal | str, actor: Actor, note: str = ""
) -> Payout:
    """Ask to pay an applicant their share (发放) or refund the debtor what is left (退还); another person approves."""
    amount = _amount(amount)
    account = _locked(account)
    permission_require(actor=actor, resource=Resource.CASE_FUNDS, action=Action.CHANGE, obj=account.case)
    requester = actor_user(actor)
    if requester is None:
        raise Forbidden("案款发放须由经办人提出。")
    if party.case_id != account.case_id:
        raise FundsError("收款人不是本案当事人。")
    if party.role == PartyRole.ENFORCEMENT_APPLICANT:
        kind = MovementKind.PAYOUT
        outstanding = claim_outstanding(account=account, party=party)
        from .selectors import money

        pending = money(account.payouts.filter(state=PayoutState.PENDING, party=party).aggregate(s=Sum("amount"))["s"])
        if amount > outstanding - pending:
            raise FundsError(f"发放金额超过{party.person.name}尚未受偿的债权{outstanding - pending}元。")
    elif party.role == PartyRole.JUDGMENT_DEBTOR:
        kind = MovementKind.REFUND
    else:
        raise FundsError("案款只能发放给申请执行人或退还被执行人。")
    available = account.balance - _pending_total(account)
    if amount > available:
        raise FundsError(f"申请金额{amount}元超过案款账户可发放余额{available}元。")
    payout = Payout.objects.create(
        account=account, kind=kind, party=party, amount=amount, requested_by=requester, note=note[:200]
    )
    label = "发放" if kind == MovementKind.PAYOUT else "退还"
    case_event_append(
        case=account.case,
        type=CaseEventType.FUNDS_PAYOUT_REQUESTED,
        actor=actor,
        summary=f"申请向{party.person.name}{label}案款{amount}元，待他人审批（{R.TWO_PERSONS}）",
        new={"payout": payout.pk, "amount": str(amount)},
    )
    audit_record(actor=actor, action=AuditAction.FUNDS_PAYOUT_REQUEST, target=payout)
    return payout


def _payout_locked(payout: Payout) -> tuple[Payout, CaseAccount]:
    account = _locked(payout.account)  # the account first: the same lock order as every other movement
    payout = Payout.objects.select_for_update(of=("self",)).select_related("party__person").get(pk=payout.pk)
    return payout, account


@transaction.atomic
def payout_approve(*, payout: Payout, actor: Actor) -> Payout:
    """The second person approves: the money leaves the case account (two legs), never below zero."""
    payout, account = _payout_locked(payout)
    permission_require(
        actor=actor,
        resource=Resource.CASE_FUNDS,
        action=Action.APPROVE,
        obj=account.case,
        message="您无权审批本案案款发放。",
    )
    user = actor_user(actor)
    if user is None or user.pk == payout.requested_by_id:
        raise Forbidden(f"案款发放须由经办人以外的另一人审批，不能自己批准自己的申请（{R.TWO_PERSONS}）。")
    if payout.state != PayoutState.PENDING:
        raise Conflict(f"该申请已{payout.get_state_display()}。")
    ledger = f"payee:{payout.party_id}" if payout.kind == MovementKind.PAYOUT else f"debtor:{payout.party_id}"
    movement = _move(
        account=account,
        kind=payout.kind,
        amount=payout.amount,
        other=ledger,
        actor=actor,
        counterparty=payout.party.person.name,
        reference=f"P{payout.pk}",
        approved_by=user,
        note=payout.note,
    )
    payout.state, payout.decided_by, payout.decided_at, payout.movement = (
        PayoutState.PAID,
        user,
        timezone.now(),
        movement,
    )
    payout.save(update_fields=["state", "decided_by", "decided_at", "movement", "updated_at"])
    label = "发放" if payout.kind == MovementKind.PAYOUT else "退还"
    case_event_append(
        case=account.case,
        type=CaseEventType.FUNDS_PAID,
        actor=actor,
        summary=f"批准并{label}{payout.party.person.name}案款{payout.amount}元，账户余额{account.balance}元",
        new={"payout": payout.pk, "amount": str(payout.amount), "balance": str(account.balance)},
    )
    audit_record(actor=actor, action=AuditAction.FUNDS_PAYOUT_APPROVE, target=payout)
    return payout


@transaction.atomic
def payout_refuse(*, payout: Payout, actor: Actor, note: str) -> Payout:
    payout, account = _payout_locked(payout)
    permission_require(actor=actor, resource=Resource.CASE_FUNDS, action=Action.APPROVE, obj=account.case)
    if not note.strip():
        raise FundsError("请写明不予批准的理由。", extra={"field": "note"})
    if payout.state != PayoutState.PENDING:
        raise Conflict(f"该申请已{payout.get_state_display()}。")
    payout.state, payout.decided_by, payout.decided_at = PayoutState.REFUSED, actor_user(actor), timezone.now()
    payout.note = note.strip()[:200]
    payout.save(update_fields=["state", "decided_by", "decided_at", "note", "updated_at"])
    case_event_append(
        case=account.case,
        type=CaseEventType.FUNDS_PAYOUT_REFUSED,
        actor=actor,
        summary=f"不予批准发放案款{payout.amount}元：{payout.note}",
        new={"payout": payout.pk},
    )
    audit_record(actor=actor, action=AuditAction.FUNDS_PAYOUT_REFUSE, target=payout, reason=note)
    return payout


@dataclass(frozen=True)
class PlannedPayout:
    party_id: int
    name: str
    kind: str
    amount: Decimal


def payout_plan(*, account: CaseAccount, parties: list[CaseParty] | None = None) -> list[PlannedPayout]:
    """How the available balance would be paid: to the applicants in proportion to what each is still owed (capped
    at it), and what is left refunded to the debtor(s) (first one named). A fixed number of queries whatever the
    number of parties (the case page shows it); `parties` may be the case's parties already read."""
    from smartcourt.cases.selectors import case_parties

    from .models import Claim
    from .selectors import money

    account = CaseAccount.objects.select_related("case").get(pk=account.pk)
    available = account.balance - _pending_total(account)
    if parties is None:
        parties = list(case_parties(case=account.case))
    claims = dict(Claim.objects.filter(file__case_id=account.case_id).values_list("party_id", "amount"))
    legs = (
        FundLeg.objects.filter(movement__account=account, ledger__startswith="payee:")
        .values("ledger")
        .annotate(s=Sum("amount"))
        .values_list("ledger", "s")
    )
    paid = {int(ledger.split(":", 1)[1]): money(total) for ledger, total in legs}
    if available <= 0:
        return []
    owed = {
        p.pk: claims.get(p.pk, Decimal(0)) - paid.get(p.pk, Decimal(0))
        for p in parties
        if p.role == PartyRole.ENFORCEMENT_APPLICANT
    }
    owed = {k: v for k, v in owed.items() if v > 0}
    total_owed = sum(owed.values(), Decimal(0))
    names = {p.pk: p.person.name for p in parties}
    plan: list[PlannedPayout] = []
    to_pay = min(available, total_owed)
    if to_pay > 0:
        shares = {k: (to_pay * v / total_owed).quantize(CENT, rounding="ROUND_DOWN") for k, v in owed.items()}
        first = next(iter(shares))
        shares[first] += to_pay - sum(shares.values())
        plan += [PlannedPayout(k, names[k], MovementKind.PAYOUT, v) for k, v in shares.items() if v > 0]
    rest = available - to_pay
    debtors = [p for p in parties if p.role == PartyRole.JUDGMENT_DEBTOR]
    if rest > 0 and debtors:
        plan.append(PlannedPayout(debtors[0].pk, debtors[0].person.name, MovementKind.REFUND, rest))
    return plan


# --- the daily reconciliation (每日对账) ---------------------------------------------------------------------------

_CASE_NUMBER = re.compile(r"（\d{4}）[^（）\s]{1,12}?执[恢异复保监]?\d{1,7}号")


@dataclass(slots=True)
class StatementLine:
    line_no: int
    reference: str
    account_no: str
    amount: Decimal
    payer: str
    memo: str


@dataclass
class ReconcileResult:
    lines: int = 0
    matched: int = 0
    flags: list[tuple[str, int, str, str]] = field(default_factory=list)  # (kind, line_no, reference, detail)


def statement_lines(stream: IO[str]) -> Iterator[StatementLine | tuple[int, str]]:
    """Parse a bank statement CSV (columns: 流水号, 账号, 金额, 付款人, 摘要, header row first); a bad line yields
    (line number, reason)."""
    reader = csv.reader(stream)
    next(reader, None)
    for n, row in enumerate(reader, start=2):
        if len(row) < 3:
            yield (n, "列数不足")
            continue
        try:
            amount = Decimal(row[2])
        except InvalidOperation:
            yield (n, f"金额“{row[2]}”无法识别")
            continue
        yield StatementLine(
            n, row[0].strip(), row[1].strip(), amount, row[3] if len(row) > 3 else "", row[4] if len(row) > 4 else ""
        )


def reconcile(
    *,
    lines: Iterable[StatementLine | tuple[int, str]],
    accounts: dict[str, int],
    case_numbers: dict[str, int],
    recorded: dict[str, tuple[int, Decimal]],
) -> ReconcileResult:
    """Pure matching, no database: `accounts` maps account number → case id, `case_numbers` case number → case id,
    `recorded` receipt reference → (case id, amount). Flags: a line matching no case, a line matching two cases
    (its account names one case, its memo another, or its memo names two), a line not yet recorded, an amount that
    differs from the recorded receipt, and recorded receipts the statement does not carry."""
    result = ReconcileResult()
    seen: set[str] = set()
    flags = result.flags
    for item in lines:
        result.lines += 1
        if isinstance(item, tuple):
            flags.append(("malformed", item[0], "", item[1]))
            continue
        case_id = accounts.get(item.account_no)
        if "号" in item.memo:  # the memo names case numbers: they must agree with the account (and each other)
            cases = {case_numbers[m] for m in _CASE_NUMBER.findall(item.memo) if m in case_numbers}
            if case_id is not None:
                cases.add(case_id)
            if len(cases) > 1:
                flags.append(("ambiguous", item.line_no, item.reference, "同一笔款项同时匹配两个案件，须人工认定"))
                continue
            case_id = next(iter(cases), None)
        if case_id is None:
            flags.append(("unmatched", item.line_no, item.reference, f"账号{item.account_no}不对应任何案件"))
            continue
        seen.add(item.reference)
        rec = recorded.get(item.reference)
        if rec is None:
            flags.append(("unrecorded", item.line_no, item.reference, f"银行已到账{item.amount}元，尚未入账"))
        elif rec[0] != case_id or rec[1] != item.amount:
            flags.append(("amount", item.line_no, item.reference, f"入账{rec[1]}元，对账单{item.amount}元"))
        else:
            result.matched += 1
    for reference in recorded.keys() - seen:
        flags.append(("missing", 0, reference, "已入账，但当日对账单中无此笔"))
    return result


@transaction.atomic
def reconciliation_run(*, stream: IO[str], file_name: str, statement_date: date, actor: Actor) -> Reconciliation:
    """Reconcile one day's bank statement against the case accounts and record what is flagged."""
    from smartcourt.courts.permissions import permits

    if not permits(user=actor, resource=Resource.CASE_FUNDS, action=Action.APPROVE):
        raise Forbidden("您无权进行案款对账。")
    accounts = dict(CaseAccount.objects.values_list("number", "case_id"))
    case_numbers = dict(CaseAccount.objects.values_list("case__number", "case_id"))
    day = FundMovement.objects.filter(kind=MovementKind.RECEIPT, occurred_at__date=statement_date)
    recorded = {
        ref: (case_id, amount) for ref, case_id, amount in day.values_list("reference", "account__case_id", "amount")
    }
    try:
        result = reconcile(
            lines=statement_lines(stream), accounts=accounts, case_numbers=case_numbers, recorded=recorded
        )
    except (UnicodeDecodeError, csv.Error):
        raise FundsError("对账单文件无法读取：应为UTF-8编码的CSV文件。") from None
    run = Reconciliation.objects.create(
        statement_date=statement_date,
        file_name=file_name[:200],
        lines=result.lines,
        matched=result.matched,
        flagged=len(result.flags),
        run_by=actor_user(actor),
    )
    ReconciliationFlag.objects.bulk_create(
        [
            ReconciliationFlag(reconciliation=run, kind=k, line_no=n, reference=ref[:64], detail=d[:300])
            for k, n, ref, d in result.flags
        ],
        batch_size=1000,
    )
    audit_record(actor=actor, action=AuditAction.FUNDS_RECONCILE, target=run, extra={"flagged": len(result.flags)})
    return run

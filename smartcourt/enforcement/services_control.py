"""Online inquiry and control (网络查控): a batch inquiry across every holder for every debtor, answered by
background tasks with progress on the batch; results kept as evidence; freezing, deduction and release orders sent
through the same holder interface, each with its document; freezes carry their statutory expiry and are reminded
before it lapses; a deduction's money arrives in the case account."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from smartcourt.cases.selectors import PartyRole, case_parties
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import SYSTEM, actor_user
from smartcourt.core.errors import Conflict
from smartcourt.core.services import AuditAction, audit_record, notification_send
from smartcourt.core.timeline import event_time

from . import rules as R
from .models import (
    Asset,
    AssetControl,
    AssetKind,
    CaseAccount,
    ControlKind,
    EnforcementFile,
    InquiryBatch,
    InquiryResult,
)
from .providers import HOLDER_KINDS, DebtorRef, HolderRefused, provider_for
from .services import EnforcementInputError, _require, date_cn, file_lock, paper_issue, yuan

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor


# --- batch inquiry (总对总查询) ------------------------------------------------------------------------------------


@transaction.atomic
def inquiry_batch_start(*, file: EnforcementFile, actor: Actor) -> InquiryBatch:
    """Ask every holder about every debtor of the case; one background task per (debtor, holder)."""
    file, case = file_lock(file=file)
    _require(actor, case)
    if file.closed_on is not None:
        raise Conflict("本案已结案，不能发起查控。")
    if InquiryBatch.objects.filter(file=file, state=InquiryBatch.State.RUNNING).exists():
        raise Conflict("本案已有正在进行的查控，请等待其完成。")
    debtors = list(case_parties(case=case).filter(role=PartyRole.JUDGMENT_DEBTOR).values_list("pk", flat=True))
    batch = InquiryBatch.objects.create(
        file=file, requested_by=actor_user(actor), total=len(debtors) * len(HOLDER_KINDS)
    )
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_INQUIRY_STARTED,
        actor=actor,
        summary=f"发起网络查控：{len(debtors)}名被执行人 × {len(HOLDER_KINDS)}类协助执行单位",
        new={"batch": batch.pk},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_INQUIRE, target=batch)
    pairs = [(d, k) for d in debtors for k in HOLDER_KINDS]
    transaction.on_commit(lambda: _enqueue(batch.pk, pairs))
    return batch


def _enqueue(batch_id: int, pairs: list[tuple[int, str]]) -> None:
    from .tasks import inquiry_answer_task

    for party_id, kind in pairs:
        inquiry_answer_task.enqueue(batch_id=batch_id, party_id=party_id, holder_kind=kind)


def inquiry_batch_resume(*, batch: InquiryBatch) -> int:
    """Enqueue again what a lost enqueue left unanswered (each answer is recorded once)."""
    answered = set(batch.results.values_list("party_id", "holder_kind"))
    debtors = case_parties(case=batch.file.case).filter(role=PartyRole.JUDGMENT_DEBTOR).values_list("pk", flat=True)
    missing = [(d, k) for d in debtors for k in HOLDER_KINDS if (d, k) not in answered]
    _enqueue(batch.pk, missing)
    return len(missing)


def inquiry_answer(*, batch_id: int, party_id: int, holder_kind: str) -> InquiryResult | None:
    """One holder answers about one debtor (run by the task): the reply is kept as evidence with its hash, the assets
    it names recorded; the batch's progress advances, and the last answer closes the batch on the timeline."""
    batch = InquiryBatch.objects.select_related("file").get(pk=batch_id)
    party = case_parties(case=batch.file.case).get(pk=party_id)
    person = party.person
    reply = provider_for(holder_kind).inquire(DebtorRef(person.name, person.id_number or person.credit_code or ""))
    body = reply.as_dict()
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    try:
        with transaction.atomic():
            result = InquiryResult.objects.create(
                batch=batch,
                party=party,
                holder_kind=holder_kind,
                holder_name=reply.holder_name,
                occurred_at=event_time(),
                reply=body,
                reply_sha256=digest,
            )
            Asset.objects.bulk_create(
                [
                    Asset(
                        file=batch.file,
                        party=party,
                        result=result,
                        holder_kind=holder_kind,
                        holder_name=reply.holder_name,
                        kind=a.kind,
                        identifier=a.identifier,
                        description=a.description,
                        value=a.value,
                    )
                    for a in reply.assets
                ]
            )
            InquiryBatch.objects.filter(pk=batch.pk).update(done=F("done") + 1, updated_at=timezone.now())
            batch.refresh_from_db()
            if batch.done >= batch.total and batch.state == InquiryBatch.State.RUNNING:
                InquiryBatch.objects.filter(pk=batch.pk).update(state=InquiryBatch.State.DONE)
                found = Asset.objects.filter(result__batch=batch).count()
                case_event_append(
                    case=batch.file.case,
                    type=CaseEventType.ENFORCEMENT_INQUIRY_DONE,
                    actor=SYSTEM,
                    summary=f"网络查控完成：{batch.total}项查询全部反馈，查到财产{found}项",
                    new={"batch": batch.pk, "assets": found},
                )
    except IntegrityError:  # answered already (a retried task): once is enough
        return None
    return result


# --- control: freeze, deduct, release ----------------------------------------------------------------------------


def _asset_locked(asset: Asset) -> tuple[Asset, EnforcementFile]:
    file, case = file_lock(file=asset.file)
    _ = case
    return Asset.objects.select_for_update(of=("self",)).select_related("party__person").get(pk=asset.pk), file


@transaction.atomic
def asset_freeze(
    *,
    asset: Asset,
    amount: Decimal | str,
    actor: Actor,
    expires_on: date | None = None,
    on: date | None = None,
    renews: AssetControl | None = None,
) -> AssetControl:
    """Freeze (冻结) or seal (查封) an asset up to `amount`, for at most its statutory term (民诉法解释 Art. 485);
    a renewal (续冻) starts the day after the previous freeze ends."""
    asset, file = _asset_locked(asset)
    case = file.case
    _require(actor, case)
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount <= 0:
        raise EnforcementInputError("冻结金额应大于零。", extra={"field": "amount"})
    available = asset.value - asset.frozen
    if renews is None and amount > available:
        raise EnforcementInputError(f"冻结金额超过该财产尚未冻结的余额/估值{available}元。")
    on = on or timezone.localdate()
    if renews is not None and renews.expires_on:
        on = max(on, renews.expires_on)
    latest = R.freeze_term_end(asset_kind=asset.kind, starts_on=on)
    expires_on = expires_on or latest
    try:
        R.freeze_check(asset_kind=asset.kind, starts_on=on, expires_on=expires_on)
    except R.RuleRefused as exc:
        raise EnforcementInputError(str(exc), extra={"field": "expires_on"}) from None
    facts: dict[str, object] = {
        "debtor_name": asset.party.person.name, "holder_name": asset.holder_name,
        "asset_identifier": asset.identifier, "amount_text": yuan(amount), "until_cn": date_cn(expires_on),
        "basis": f"{R.FREEZE_ORDER}、{R.FREEZE_TERM}",
    }  # fmt: skip
    paper = paper_issue(file=file, case=case, kind="enf_freeze_ruling", actor=actor, facts=facts)
    paper_issue(file=file, case=case, kind="enf_assist_freeze", actor=actor, facts=facts)
    receipt = provider_for(asset.holder_kind).freeze(identifier=asset.identifier, amount=amount)
    control = AssetControl.objects.create(
        asset=asset,
        kind=ControlKind.FREEZE,
        amount=amount,
        starts_on=on,
        expires_on=expires_on,
        holder_reference=receipt.reference,
        paper=paper,
        renews=renews,
        decided_by=actor_user(actor),
    )
    if renews is not None:
        AssetControl.objects.filter(pk=renews.pk).update(state=AssetControl.State.DONE)
    else:
        asset.frozen += amount
        asset.save(update_fields=["frozen", "updated_at"])
    label = "续行冻结" if renews else "冻结"
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ASSET_FROZEN,
        actor=actor,
        summary=f"{label}{asset.holder_name}{asset.get_kind_display()}（{asset.identifier}）{amount}元，"
        f"至{expires_on:%Y年%m月%d日}（{R.FREEZE_TERM}）",
        new={"control": control.pk, "amount": str(amount), "expires_on": expires_on.isoformat()},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_CONTROL, target=control, extra={"kind": "freeze"})
    return control


@transaction.atomic
def asset_deduct(*, asset: Asset, amount: Decimal | str, actor: Actor, on: date | None = None) -> AssetControl:
    """Deduct (扣划) frozen money into the case account: the holder transfers, the account receives (two legs)."""
    from .services_funds import _locked, _move

    asset, file = _asset_locked(asset)
    case = file.case
    _require(actor, case)
    if asset.kind not in (AssetKind.DEPOSIT, AssetKind.PAYMENT_BALANCE, AssetKind.HOUSING_FUND):
        raise EnforcementInputError("只有存款、网络支付账户余额、公积金等资金可以直接扣划；其他财产须评估拍卖。")
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount <= 0:
        raise EnforcementInputError("扣划金额应大于零。", extra={"field": "amount"})
    if amount > asset.frozen:
        raise EnforcementInputError(f"扣划金额超过已冻结的{asset.frozen}元：须先冻结再扣划。")
    on = on or timezone.localdate()
    try:
        receipt = provider_for(asset.holder_kind).deduct(identifier=asset.identifier, amount=amount)
    except HolderRefused as exc:
        raise EnforcementInputError(f"{asset.holder_name}拒绝扣划：{exc}") from None
    account = _locked(CaseAccount.objects.get(case=case))
    facts: dict[str, object] = {
        "debtor_name": asset.party.person.name, "holder_name": asset.holder_name,
        "asset_identifier": asset.identifier, "amount_text": yuan(amount), "account_number": account.number,
        "basis": R.DEDUCT_ORDER,
    }  # fmt: skip
    paper_issue(file=file, case=case, kind="enf_deduct_ruling", actor=actor, facts=facts)
    paper = paper_issue(file=file, case=case, kind="enf_assist_deduct", actor=actor, facts=facts)
    control = AssetControl.objects.create(
        asset=asset,
        kind=ControlKind.DEDUCT,
        amount=amount,
        starts_on=on,
        state=AssetControl.State.DONE,
        holder_reference=receipt.reference,
        paper=paper,
        decided_by=actor_user(actor),
    )
    asset.frozen -= amount
    asset.value -= amount
    asset.save(update_fields=["frozen", "value", "updated_at"])
    _move(
        account=account,
        kind="receipt",
        amount=amount,
        other="bank",
        actor=actor,
        counterparty=asset.holder_name,
        reference=receipt.reference,
        note=f"扣划{asset.party.person.name}{asset.identifier}",
    )
    for freeze in asset.controls.filter(kind=ControlKind.FREEZE, state=AssetControl.State.ACTIVE):
        remaining = max(freeze.amount - amount, Decimal(0))
        state = AssetControl.State.DONE if remaining == 0 else AssetControl.State.ACTIVE
        AssetControl.objects.filter(pk=freeze.pk).update(amount=remaining, state=state)
        amount -= freeze.amount - remaining
        if amount <= 0:
            break
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ASSET_DEDUCTED,
        actor=actor,
        summary=f"扣划{asset.holder_name}（{asset.identifier}）{control.amount}元，已到案款账户{account.number}，"
        f"余额{account.balance}元",
        new={"control": control.pk, "amount": str(control.amount), "balance": str(account.balance)},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_CONTROL, target=control, extra={"kind": "deduct"})
    return control


@transaction.atomic
def asset_release(*, asset: Asset, actor: Actor, reason: str, on: date | None = None) -> AssetControl:
    """Release (解除冻结、查封) every active freeze of the asset, with the reason (e.g. the debtor performed)."""
    asset, file = _asset_locked(asset)
    case = file.case
    _require(actor, case)
    if not reason.strip():
        raise EnforcementInputError("请写明解除冻结/查封的理由。", extra={"field": "reason"})
    active = list(asset.controls.filter(kind=ControlKind.FREEZE, state=AssetControl.State.ACTIVE))
    if not active:
        raise Conflict("该财产没有有效的冻结/查封。")
    on = on or timezone.localdate()
    facts: dict[str, object] = {
        "debtor_name": asset.party.person.name, "holder_name": asset.holder_name,
        "asset_identifier": asset.identifier, "basis": R.RELEASE_ORDER,
    }  # fmt: skip
    paper = paper_issue(
        file=file, case=case, kind="enf_release_ruling", actor=actor, reason_text=reason.strip()[:200], facts=facts
    )
    paper_issue(file=file, case=case, kind="enf_assist_release", actor=actor, facts=facts)
    receipt = provider_for(asset.holder_kind).release(identifier=asset.identifier)
    released = sum((c.amount for c in active), Decimal(0))
    AssetControl.objects.filter(pk__in=[c.pk for c in active]).update(state=AssetControl.State.RELEASED)
    control = AssetControl.objects.create(
        asset=asset,
        kind=ControlKind.RELEASE,
        amount=released,
        starts_on=on,
        state=AssetControl.State.DONE,
        holder_reference=receipt.reference,
        paper=paper,
        decided_by=actor_user(actor),
    )
    asset.frozen = Decimal(0)
    asset.save(update_fields=["frozen", "updated_at"])
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ASSET_RELEASED,
        actor=actor,
        summary=f"解除冻结/查封{asset.holder_name}（{asset.identifier}）：{reason.strip()[:100]}",
        new={"control": control.pk},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_CONTROL, target=control, reason=reason)
    return control


def freeze_renewal_reminders(*, today: date | None = None) -> int:
    """Remind the officer in charge of every freeze lapsing within RENEWAL_NOTICE_DAYS (once per freeze)."""
    from .selectors import freezes_due_for_renewal

    today = today or timezone.localdate()
    sent = 0
    for control in freezes_due_for_renewal(today=today):
        case = control.asset.file.case
        if case.judge is not None:
            notification_send(
                recipient=case.judge,
                title=f"冻结即将到期：{case.number}",
                body=f"{control.asset.holder_name}（{control.asset.identifier}）的冻结/查封将于"
                f"{control.expires_on:%Y年%m月%d日}到期，如需继续请及时续行（{R.FREEZE_TERM}）。",
                link=f"/enforcement/{control.asset.file_id}/",
                topic="enforcement.freeze_expiring",
            )
            sent += 1
        AssetControl.objects.filter(pk=control.pk).update(reminded_on=today)
    return sent

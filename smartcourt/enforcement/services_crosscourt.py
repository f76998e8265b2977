"""Writes of cross-court and entrusted enforcement and of the assistance network (异地交叉执行、委托执行、协助执行网络),
ADR 0043.

- A higher court designates another court of its jurisdiction to enforce a case (指定执行) or to share it (共同执行):
  `designation_decide`; the case's court hands over (`handover_record`: the papers, the account's balance, the
  assets under control); the receiving court acknowledges and names its officer (`handover_acknowledge`), who from
  then on acts on the same file with their own court's roles (permissions.py reads the arrangement).
- The enforcing court entrusts a measure to the court where the debtor or the property is, with a 委托执行函
  (`entrustment_send`); the entrusted court accepts and names an officer (`entrustment_accept`), acts, and reports
  back (`entrustment_report`: its progress, or the result that ends it) within the statutory time (民诉法 Art. 240).
- An officer sends a task to a grid worker or village official of the network (`assistance_assign`, with a
  协助执行通知书); the worker reports back with a note and a photo (`assistance_report`).

Each function: one transaction under the case's row lock, one case timeline event naming the court that acted
(`new["court"]`), one audit row — or nothing when refused. Papers are generated on the documents path inside the
same write (`document_generate(event=False)`), as the system: the enforcement permission is what was checked.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.selectors import PartyRole, case_parties
from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import SYSTEM, actor_user
from smartcourt.core.errors import Conflict, Forbidden
from smartcourt.core.intake import checks, scan
from smartcourt.core.intake.errors import IntakeRefused
from smartcourt.core.intake.limits import limits_current
from smartcourt.core.intake.sniff import IMAGE_KINDS
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, grant_courts, permission_require
from smartcourt.courts.roles import DivisionKind, Role
from smartcourt.courts.selectors import division_list, user_grant_places, users_with_role
from smartcourt.documents.services import document_generate

from . import rules as R
from .models import (
    AssetControl,
    AssistanceKind,
    AssistanceTask,
    CaseAccount,
    ControlKind,
    CrossCourt,
    CrossCourtKind,
    EnforcementFile,
    EntrustedMatter,
    Entrustment,
    EntrustmentReport,
    Handover,
)
from .selectors_crosscourt import network_workers
from .services import EnforcementInputError, file_lock

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CaseParty
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, Division, User
    from smartcourt.documents.models import Document

PHOTO_MAX_BYTES = 10 * 1024 * 1024


def _refuse(exc: R.RuleRefused) -> EnforcementInputError:
    return EnforcementInputError(str(exc))


def _date_cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _enforcement_division(court: Court) -> Division | None:
    return division_list(court=court).filter(kind=DivisionKind.ENFORCEMENT).first()


def _is_below(court: Court, above: Court) -> bool:
    """`court` lies strictly below `above` in the hierarchy (by the courts' paths)."""
    return above.path_is_valid() and court.path_is_valid() and court.path.startswith(above.path) and court != above


def _within(court: Court, above: Court) -> bool:
    return court == above or _is_below(court, above)


def _paper(*, case: Case, kind: str, fields: dict[str, object]) -> Document:
    """The paper of a cross-court write on the documents path (the .docx now; the PDF when first opened). As the
    system: the enforcement permission is the one the service checked, and the write records the one event."""
    return document_generate(
        actor=SYSTEM, case=case, kind=kind, extra={k: str(v) for k, v in fields.items()}, convert=False, event=False
    )


def participating_courts(*, file: EnforcementFile, case: Case) -> list[Court]:
    """The case's court and the courts it was handed to or shared with (acknowledged)."""
    courts = [case.court]
    for cc in CrossCourt.objects.filter(file=file, state=CrossCourt.State.ACTIVE).select_related("to_court"):
        if cc.to_court not in courts:
            courts.append(cc.to_court)
    return courts


def acting_court(*, actor: Actor, file: EnforcementFile, case: Case) -> Court:
    """The court `actor` acts for on this case: the receiving court for the officer it named (or its enforcement
    division's head), else the case's court."""
    user = actor_user(actor)
    if user is not None:
        divisions = {division for _, _, division in user_grant_places(user=user)}
        for cc in CrossCourt.objects.filter(file=file, state=CrossCourt.State.ACTIVE).select_related("to_court"):
            if cc.receiving_officer_id == user.pk or (cc.to_division_id and cc.to_division_id in divisions):
                return cc.to_court
    return case.court


# --- designation and handover (指定执行、共同执行、交接) ------------------------------------------------------------


@transaction.atomic
def designation_decide(
    *,
    file: EnforcementFile,
    actor: Actor,
    designating_court: Court,
    to_court: Court,
    kind: str,
    ground: str,
    reason: str,
    on: date | None = None,
) -> CrossCourt:
    """A higher court designates `to_court` (itself or a court of its jurisdiction) to enforce the case, or to share
    it with the case's court, by a ruling served on the parties and notified to the courts (执行程序解释 Art. 11)."""
    file, case = file_lock(file=file)
    permission_require(
        actor=actor,
        resource=Resource.ENFORCEMENT_DESIGNATION,
        action=Action.APPROVE,
        obj=case,
        message="只有执行法院的上级人民法院院领导可以指定执行或决定共同执行。",
    )
    user = actor_user(actor)
    if user is not None and designating_court.pk not in grant_courts(
        user=user, resource=Resource.ENFORCEMENT_DESIGNATION, action=Action.APPROVE
    ):
        raise Forbidden(f"您不能以{designating_court.name}的名义作出决定。")
    if kind not in CrossCourtKind.values:
        raise EnforcementInputError("请选择指定执行或共同执行。", extra={"field": "kind"})
    on = on or timezone.localdate()
    try:
        R.designation_check(
            R.DesignationFacts(
                ground=ground,
                kind=kind,
                reason=reason,
                case_closed=file.closed_on is not None,
                filed_on=case.filed_on,
                today=on,
                designating_is_above_case_court=_is_below(case.court, designating_court),
                receiving_within_jurisdiction=_within(to_court, designating_court),
                receiving_is_case_court=to_court.pk == case.court_id,
                already_shared=CrossCourt.objects.filter(file=file, to_court=to_court).exists(),
            )
        )
    except R.RuleRefused as exc:
        raise _refuse(exc) from None
    basis = R.DESIGNATION_ON_APPLICATION if ground == "overdue" else R.DESIGNATION_LONG_PENDING
    label = CrossCourtKind(kind).label
    decision = (
        f"本案由{to_court.name}执行。"
        if kind == CrossCourtKind.DESIGNATED
        else f"本案由{case.court.name}与{to_court.name}共同执行。"
    )
    ruling = _paper(
        case=case,
        kind="enforcement_designation",
        fields={
            "court_name": designating_court.name,
            "from_court": case.court.name,
            "ground": R.DESIGNATION_GROUND_LABELS[ground],
            "reason": reason.strip()[:300],
            "basis": f"{basis}、{R.DESIGNATION_RULING}",
            "decision": decision,
        },
    )
    cc = CrossCourt.objects.create(
        file=file,
        kind=kind,
        ground=ground,
        reason=reason.strip()[:300],
        designating_court=designating_court,
        from_court=case.court,
        to_court=to_court,
        to_division=_enforcement_division(to_court),
        decided_by=user,
        decided_on=on,
        ruling=ruling,
    )
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_DESIGNATED,
        actor=actor,
        summary=f"{designating_court.name}裁定{label}：{decision}（{basis}、{R.DESIGNATION_RULING}）",
        new={"court": designating_court.name, "kind": kind, "to_court": to_court.name, "crosscourt": cc.pk},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_DESIGNATE, target=cc, extra={"case": case.number})
    return cc


def _controls_snapshot(file: EnforcementFile) -> list[dict[str, str]]:
    rows = (
        AssetControl.objects.filter(asset__file=file, kind=ControlKind.FREEZE, state=AssetControl.State.ACTIVE)
        .select_related("asset")
        .order_by("id")
    )
    return [
        {
            "asset": str(c.asset_id),
            "holder": c.asset.holder_name,
            "identifier": c.asset.identifier,
            "kind": c.asset.get_kind_display(),
            "amount": str(c.amount),
            "expires_on": c.expires_on.isoformat() if c.expires_on else "",
        }
        for c in rows
    ]


@transaction.atomic
def handover_record(*, crosscourt: CrossCourt, actor: Actor, note: str = "") -> Handover:
    """The case's court hands the case over (移交): the papers of the file, the case account's balance and the
    assets under control, as they stand, recorded for the receiving court to acknowledge."""
    file, case = file_lock(file=crosscourt.file)
    permission_require(
        actor=actor,
        resource=Resource.ENFORCEMENT,
        action=Action.CHANGE,
        obj=case,
        message="只有本案承办人或执行局负责人可以办理移交。",
    )
    cc = CrossCourt.objects.select_for_update(of=("self",)).select_related("to_court").get(pk=crosscourt.pk)
    if cc.state != CrossCourt.State.DESIGNATED:
        raise Conflict("本案已移交。")
    papers = [{"id": p.pk, "title": p.title} for p in file.papers.order_by("id")]
    if cc.ruling_id:
        papers.append({"id": 0, "title": "指定执行裁定书"})
    balance = CaseAccount.objects.get(case=case).balance
    controls = _controls_snapshot(file)
    handover = Handover.objects.create(
        crosscourt=cc,
        handed_by=actor_user(actor),
        handed_at=timezone.now(),
        papers=papers,
        balance=balance,
        controls=controls,
        note=note.strip()[:300],
    )
    cc.state = CrossCourt.State.HANDED_OVER
    cc.save(update_fields=["state", "updated_at"])
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_HANDED_OVER,
        actor=actor,
        summary=f"向{cc.to_court.name}移交：文书{len(papers)}份，案款余额{balance}元，控制中的财产{len(controls)}项",
        new={"court": case.court.name, "to_court": cc.to_court.name, "balance": str(balance), "handover": handover.pk},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_HANDOVER, target=handover, extra={"case": case.number})
    return handover


def receiving_officers(*, court: Court) -> list[User]:
    return list(users_with_role(role=Role.ENFORCEMENT_OFFICER, court=court))


@transaction.atomic
def handover_acknowledge(*, crosscourt: CrossCourt, actor: Actor, officer: User, note: str = "") -> CrossCourt:
    """The receiving court acknowledges what was handed and names its officer; the case is then on both courts'
    lists (the officer's and the receiving division's) and the officer acts on it with their own court's roles."""
    _, case = file_lock(file=crosscourt.file)
    cc = CrossCourt.objects.select_for_update(of=("self",)).select_related("to_court").get(pk=crosscourt.pk)
    permission_require(
        actor=actor,
        resource=Resource.ENFORCEMENT_HANDOVER,
        action=Action.CHANGE,
        obj=cc,
        message="只有接收法院执行局负责人可以接收移交。",
    )
    if cc.state == CrossCourt.State.DESIGNATED:
        raise Conflict("原执行法院尚未移交，暂不能接收。")
    if cc.state == CrossCourt.State.ACTIVE:
        raise Conflict("本案已接收。")
    if officer.pk not in {u.pk for u in receiving_officers(court=cc.to_court)}:
        raise EnforcementInputError(f"承办人须为{cc.to_court.name}的执行人员。", extra={"field": "officer"})
    handover = Handover.objects.select_for_update(of=("self",)).get(crosscourt=cc)
    balance = CaseAccount.objects.get(case=case).balance
    handover.acknowledged_by = actor_user(actor)
    handover.acknowledged_at = timezone.now()
    handover.acknowledged_balance = balance
    handover.acknowledgement_note = note.strip()[:300]
    handover.save(
        update_fields=[
            "acknowledged_by",
            "acknowledged_at",
            "acknowledged_balance",
            "acknowledgement_note",
            "updated_at",
        ]
    )
    cc.state, cc.receiving_officer = CrossCourt.State.ACTIVE, officer
    cc.save(update_fields=["state", "receiving_officer", "updated_at"])
    differs = f"（接收时案款余额{balance}元，与移交时{handover.balance}元不同）" if balance != handover.balance else ""
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_HANDOVER_ACKNOWLEDGED,
        actor=actor,
        summary=f"{cc.to_court.name}确认接收，承办人{officer.get_full_name()}{differs}",
        new={"court": cc.to_court.name, "officer": officer.pk, "balance": str(balance)},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_HANDOVER_ACK, target=cc, extra={"case": case.number})
    return cc


# --- entrusted enforcement (委托执行) -----------------------------------------------------------------------------


def _debtor(case: Case, party: CaseParty | None) -> CaseParty | None:
    if party is None:
        return None
    if party.case_id != case.pk or party.role != PartyRole.JUDGMENT_DEBTOR:
        raise EnforcementInputError("请选择本案的被执行人。", extra={"field": "party"})
    return party


@transaction.atomic
def entrustment_send(
    *,
    file: EnforcementFile,
    actor: Actor,
    to_court: Court,
    matter: str,
    detail: str,
    party: CaseParty | None = None,
    on: date | None = None,
) -> Entrustment:
    """Entrust a measure to another court with a 委托执行函 (民诉法 Art. 240): sent electronically, received the day it
    is sent, so the entrusted court must begin within 15 days and report within 30."""
    file, case = file_lock(file=file)
    permission_require(
        actor=actor,
        resource=Resource.ENFORCEMENT,
        action=Action.CHANGE,
        obj=case,
        message="只有本案承办人或执行局负责人可以委托执行。",
    )
    if matter not in EntrustedMatter.values:
        raise EnforcementInputError("请选择委托事项。", extra={"field": "matter"})
    from_court = acting_court(actor=actor, file=file, case=case)
    try:
        R.entrustment_check(
            from_court_id=from_court.pk, to_court_id=to_court.pk, detail=detail, case_closed=file.closed_on is not None
        )
    except R.RuleRefused as exc:
        raise _refuse(exc) from None
    if any(c.pk == to_court.pk for c in participating_courts(file=file, case=case)):
        raise EnforcementInputError(f"{to_court.name}已是本案的执行法院，无须委托。", extra={"field": "to_court"})
    debtor = _debtor(case, party)
    on = on or timezone.localdate()
    act_by, report_by = R.entrustment_deadlines(on)
    parties = list(case_parties(case=case))
    names = lambda role: "、".join(p.person.name for p in parties if p.role == role)  # noqa: E731
    user = actor_user(actor)
    label = EntrustedMatter(matter).label
    letter = _paper(
        case=case,
        kind="enforcement_entrustment_letter",
        fields={
            "court_name": from_court.name,
            "to_court": to_court.name,
            "applicant_names": names(PartyRole.ENFORCEMENT_APPLICANT),
            "debtor_names": debtor.person.name if debtor else names(PartyRole.JUDGMENT_DEBTOR),
            "title_reference": file.title_reference,
            "amount": f"{file.amount_due}元",
            "basis": R.ENTRUSTED_ACT,
            "matter": label,
            "detail": detail.strip()[:500],
            "officer_name": user.get_full_name() if user else "",
            "officer_phone": (user.phone if user else "") or from_court.phone,
        },
    )
    entrustment = Entrustment.objects.create(
        file=file,
        from_court=from_court,
        to_court=to_court,
        to_division=_enforcement_division(to_court),
        matter=matter,
        detail=detail.strip()[:500],
        party=debtor,
        sent_by=user,
        sent_on=on,
        act_by=act_by,
        report_by=report_by,
        letter=letter,
    )
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ENTRUSTED,
        actor=actor,
        summary=f"委托{to_court.name}{label}，发出委托执行函；受托法院应于{act_by:%Y年%m月%d日}前开始执行，"
        f"{report_by:%Y年%m月%d日}前函告执行情况（{R.ENTRUSTED_ACT}）",
        new={"court": from_court.name, "to_court": to_court.name, "matter": matter, "entrustment": entrustment.pk},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_ENTRUST, target=entrustment, extra={"case": case.number})
    return entrustment


def _entrustment_locked(entrustment: Entrustment) -> tuple[Entrustment, Case]:
    _, case = file_lock(file=entrustment.file)
    row = (
        Entrustment.objects.select_for_update(of=("self",))
        .select_related("to_court", "from_court")
        .get(pk=entrustment.pk)
    )
    return row, case


@transaction.atomic
def entrustment_accept(*, entrustment: Entrustment, actor: Actor, officer: User, on: date | None = None) -> Entrustment:
    """The entrusted court takes the matter on (立案办理) and names its officer."""
    row, case = _entrustment_locked(entrustment)
    permission_require(
        actor=actor,
        resource=Resource.ENFORCEMENT_ENTRUSTMENT,
        action=Action.CHANGE,
        obj=row,
        message="只有受托法院执行局负责人可以受理委托。",
    )
    if row.state != Entrustment.State.SENT:
        raise Conflict(f"该委托{row.get_state_display()}。")
    if officer.pk not in {u.pk for u in receiving_officers(court=row.to_court)}:
        raise EnforcementInputError(f"承办人须为{row.to_court.name}的执行人员。", extra={"field": "officer"})
    on = on or timezone.localdate()
    row.state, row.officer, row.accepted_by, row.accepted_on = (
        Entrustment.State.ACCEPTED,
        officer,
        actor_user(actor),
        on,
    )
    row.save(update_fields=["state", "officer", "accepted_by", "accepted_on", "updated_at"])
    late = f"，已超过十五日的开始执行期限（{R.ENTRUSTED_ACT}）" if on > row.act_by else ""
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ENTRUSTMENT_ACCEPTED,
        actor=actor,
        summary=f"{row.to_court.name}受理委托（{row.get_matter_display()}），承办人{officer.get_full_name()}{late}",
        new={"court": row.to_court.name, "entrustment": row.pk, "officer": officer.pk},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_ENTRUSTMENT_ACCEPT, target=row)
    return row


@transaction.atomic
def entrustment_report(
    *, entrustment: Entrustment, actor: Actor, kind: str, note: str, on: date | None = None
) -> EntrustmentReport:
    """The entrusted court reports back (函复): its progress (函告执行情况, due within 30 days when not done) or the
    result, which ends the entrustment."""
    row, case = _entrustment_locked(entrustment)
    permission_require(
        actor=actor,
        resource=Resource.ENFORCEMENT_ENTRUSTMENT,
        action=Action.CHANGE,
        obj=row,
        message="只有受托法院承办人可以函复。",
    )
    if row.state != Entrustment.State.ACCEPTED:
        raise Conflict("该委托尚未受理或已办结，不能函复。")
    if kind not in EntrustmentReport.Kind.values:
        raise EnforcementInputError("请选择函告执行情况或函复执行结果。", extra={"field": "kind"})
    if not note.strip():
        raise EnforcementInputError("请写明办理情况。", extra={"field": "note"})
    on = on or timezone.localdate()
    report = EntrustmentReport.objects.create(
        entrustment=row, kind=kind, note=note.strip()[:1000], reported_by=actor_user(actor), reported_on=on
    )
    if kind == EntrustmentReport.Kind.RESULT:
        row.state, row.replied_on = Entrustment.State.REPLIED, on
        row.save(update_fields=["state", "replied_on", "updated_at"])
    late = f"（逾期：应于{row.report_by:%Y年%m月%d日}前函告，{R.ENTRUSTED_ACT}）" if on > row.report_by else ""
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ENTRUSTMENT_REPLIED,
        actor=actor,
        summary=f"{row.to_court.name}{report.get_kind_display()}：{note.strip()[:150]}{late}",
        new={"court": row.to_court.name, "entrustment": row.pk, "kind": kind},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_ENTRUSTMENT_REPLY, target=row)
    return report


@transaction.atomic
def entrustment_cancel(*, entrustment: Entrustment, actor: Actor, reason: str) -> Entrustment:
    """The entrusting court withdraws an entrustment not yet answered (e.g. the debtor paid)."""
    row, case = _entrustment_locked(entrustment)
    permission_require(actor=actor, resource=Resource.ENFORCEMENT, action=Action.CHANGE, obj=case)
    if row.state not in (Entrustment.State.SENT, Entrustment.State.ACCEPTED):
        raise Conflict(f"该委托{row.get_state_display()}，不能撤回。")
    if not reason.strip():
        raise EnforcementInputError("请写明撤回委托的理由。", extra={"field": "reason"})
    row.state, row.cancelled_reason = Entrustment.State.CANCELLED, reason.strip()[:300]
    row.save(update_fields=["state", "cancelled_reason", "updated_at"])
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ENTRUSTMENT_CANCELLED,
        actor=actor,
        summary=f"撤回对{row.to_court.name}的委托（{row.cancelled_reason}）",
        new={"court": row.from_court.name, "entrustment": row.pk},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_ENTRUSTMENT_CANCEL, target=row, reason=reason)
    return row


# --- the assistance network (协助执行网络) ------------------------------------------------------------------------


@transaction.atomic
def assistance_assign(
    *,
    file: EnforcementFile,
    actor: Actor,
    worker: User,
    party: CaseParty,
    kind: str,
    due_on: date | None = None,
    address: str = "",
    instructions: str = "",
    on: date | None = None,
) -> AssistanceTask:
    """Send a task to a worker of the network with a 协助执行通知书; the worker reports back by `due_on`."""
    file, case = file_lock(file=file)
    permission_require(
        actor=actor,
        resource=Resource.ENFORCEMENT,
        action=Action.CHANGE,
        obj=case,
        message="只有本案承办人或执行局负责人可以发出协助执行任务。",
    )
    if file.closed_on is not None:
        raise EnforcementInputError("本案已结案，不能发出协助执行任务。")
    if kind not in AssistanceKind.values:
        raise EnforcementInputError("请选择任务类型。", extra={"field": "kind"})
    workers = network_workers(courts=participating_courts(file=file, case=case))
    court = next((c for u, c in workers if u.pk == worker.pk), None)
    if court is None:
        raise EnforcementInputError("请选择本案执行法院协助执行网络中的网格员。", extra={"field": "worker"})
    debtor = _debtor(case, party)
    assert debtor is not None
    on = on or timezone.localdate()
    due_on = due_on or on + timedelta(days=R.ASSISTANCE_DEFAULT_DAYS)
    try:
        R.assistance_due_check(assigned_on=on, due_on=due_on)
    except R.RuleRefused as exc:
        raise _refuse(exc) from None
    address = (address.strip() or debtor.person.address or "")[:200]
    label = AssistanceKind(kind).label
    issuer = acting_court(actor=actor, file=file, case=case)  # the court asking; `court` is the worker's network
    notice = _paper(
        case=case,
        kind="enforcement_assistance_notice",
        fields={
            "court_name": issuer.name,
            "worker_name": worker.get_full_name(),
            "debtor_name": debtor.person.name,
            "address": address or "不详",
            "basis": R.ASSISTANCE,
            "task": label,
            "instructions": instructions.strip()[:500],
            "due_cn": _date_cn(due_on),
        },
    )
    task = AssistanceTask.objects.create(
        file=file,
        court=court,
        party=debtor,
        kind=kind,
        instructions=instructions.strip()[:500],
        address=address,
        worker=worker,
        assigned_by=actor_user(actor),
        assigned_on=on,
        due_on=due_on,
        notice=notice,
    )
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ASSISTANCE_ASSIGNED,
        actor=actor,
        summary=f"请网格员{worker.get_full_name()}协助{label}（被执行人{debtor.person.name}），"
        f"{due_on:%Y年%m月%d日}前反馈",
        new={"court": issuer.name, "network": court.name, "task": task.pk, "kind": kind, "worker": worker.pk},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_ASSISTANCE_ASSIGN, target=task)
    return task


def _photo(content: bytes, name: str) -> tuple[str, str, str]:
    """A report's photo checked as every upload is (sniffed, decoded, scanned), then stored."""
    try:
        verdict = checks.content_check(
            content, filename=name, kinds=IMAGE_KINDS, max_bytes=PHOTO_MAX_BYTES, limits=limits_current()
        )
        scan.scan_or_refuse(content=content, filename=name)
    except IntakeRefused as exc:
        raise EnforcementInputError(str(exc.message), extra={"field": "photo"}) from exc
    blob = blob_store(content=content, ext=verdict.kind)
    return blob.name, blob.sha256, verdict.kind


@transaction.atomic
def assistance_report(
    *,
    task: AssistanceTask,
    actor: Actor,
    outcome: str,
    note: str,
    photo: bytes | None = None,
    photo_name: str = "",
) -> AssistanceTask:
    """The worker reports back: what they found or did, with a photo if they took one; a late report says so."""
    _, case = file_lock(file=task.file)
    row = AssistanceTask.objects.select_for_update(of=("self",)).select_related("party__person").get(pk=task.pk)
    permission_require(
        actor=actor,
        resource=Resource.ENFORCEMENT_ASSISTANCE,
        action=Action.CHANGE,
        obj=row,
        message="这不是您的协助执行任务。",
    )
    if row.state != AssistanceTask.State.OPEN:
        raise Conflict(f"该任务{row.get_state_display()}。")
    if outcome not in AssistanceTask.Outcome.values:
        raise EnforcementInputError("请选择办理结果。", extra={"field": "outcome"})
    if not note.strip():
        raise EnforcementInputError("请写明办理情况（如见到被执行人、送达经过、住址核实结果、发现的财产）。")
    if photo:
        row.photo_name, row.photo_sha256, row.photo_kind = _photo(photo, photo_name)
    row.state, row.outcome, row.report_note, row.reported_at = (
        AssistanceTask.State.REPORTED,
        outcome,
        note.strip()[:1000],
        timezone.now(),
    )
    row.save(
        update_fields=[
            "state",
            "outcome",
            "report_note",
            "reported_at",
            "photo_name",
            "photo_sha256",
            "photo_kind",
            "updated_at",
        ]
    )
    today = timezone.localdate()
    late = f"（逾期{(today - row.due_on).days}天）" if today > row.due_on else ""
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ASSISTANCE_REPORTED,
        actor=actor,
        summary=f"网格员反馈{row.get_kind_display()}：{row.get_outcome_display()}，{row.report_note[:120]}"
        f"{'（附照片）' if row.photo_name else ''}{late}",
        new={"court": row.court.name, "task": row.pk, "outcome": outcome},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_ASSISTANCE_REPORT, target=row)
    return row


@transaction.atomic
def assistance_cancel(*, task: AssistanceTask, actor: Actor, reason: str) -> AssistanceTask:
    _, case = file_lock(file=task.file)
    row = AssistanceTask.objects.select_for_update(of=("self",)).get(pk=task.pk)
    permission_require(actor=actor, resource=Resource.ENFORCEMENT, action=Action.CHANGE, obj=case)
    if row.state != AssistanceTask.State.OPEN:
        raise Conflict(f"该任务{row.get_state_display()}，不能撤回。")
    if not reason.strip():
        raise EnforcementInputError("请写明撤回任务的理由。", extra={"field": "reason"})
    row.state = AssistanceTask.State.CANCELLED
    row.report_note = f"撤回：{reason.strip()}"[:1000]
    row.save(update_fields=["state", "report_note", "updated_at"])
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_ASSISTANCE_CANCELLED,
        actor=actor,
        summary=f"撤回协助执行任务（{row.get_kind_display()}）：{reason.strip()[:100]}",
        new={"court": row.court.name, "task": row.pk},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_ASSISTANCE_CANCEL, target=row, reason=reason)
    return row

"""Writes of enforcement cases: filing from a title (in the system or outside), the execution notice, officer
assignment and period extensions (through the cases engine), closing and restoration (执恢).

Each function: one transaction, one case timeline event, one audit row — or nothing when refused. Case money is in
`services_funds`, inquiry and control in `services_control`, measures in `services_measures`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.selectors import PartyRole, case_get_strict, case_parties
from smartcourt.cases.services import (
    CaseEventType,
    PartyIn,
    case_assign_random,
    case_event_append,
    case_register,
    case_transition,
)
from smartcourt.core.actors import actor_user
from smartcourt.core.errors import ApplicationError, Conflict
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, permission_require
from smartcourt.courts.roles import DivisionKind
from smartcourt.courts.selectors import division_list
from smartcourt.documents.services import document_generate

from . import rules as R
from .models import (
    IN_SYSTEM_TITLES,
    Asset,
    AssetControl,
    CaseAccount,
    Claim,
    ClosingKind,
    ControlKind,
    EnforcementFile,
    InquiryBatch,
    Measure,
    MeasureKind,
    Paper,
    TitleKind,
)
from .titles import Title, TitleParty, TitleRefused, title_from_case

if TYPE_CHECKING:
    from smartcourt.cases.models import AssignmentDraw, Case, CaseParty
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court


class EnforcementInputError(ApplicationError):
    code = "enforcement.invalid"


NOTICE_DAYS = 10  # the execution notice's time to perform (执行通知书指定的期间, customary 10 days)


def _require(
    actor: Actor, case: Case, action: Action = Action.CHANGE, resource: Resource = Resource.ENFORCEMENT
) -> None:
    permission_require(actor=actor, resource=resource, action=action, obj=case)


def file_lock(*, file: EnforcementFile) -> tuple[EnforcementFile, Case]:
    """The file and its case, the case row locked (every enforcement write on a case queues here)."""
    case = case_get_strict(case_id=file.case_id, lock=True)
    return EnforcementFile.objects.get(pk=file.pk), case


def paper_store(*, file: EnforcementFile, title: str, content: bytes) -> Paper:
    """An uploaded paper (the outside title's file) in the content-addressed store."""
    blob = blob_store(content=content, ext="pdf")
    return Paper.objects.create(file=file, title=title, storage_name=blob.name, sha256=blob.sha256)


def paper_issue(
    *,
    file: EnforcementFile,
    case: Case,
    kind: str,
    actor: Actor,
    recipient: CaseParty | None = None,
    facts: dict[str, object] | None = None,
    **fields: object,
) -> Paper:
    """Issue an enforcement paper on the documents path: `document_generate` with the court's current template of
    `kind` (documents.kinds, block "enforcement") and the facts in `fields`; the .docx now, the PDF, the court's seal
    and service from the document's page. Part of the caller's write, so no timeline event of its own."""
    doc = document_generate(
        actor=actor, case=case, kind=kind, extra={k: str(v) for k, v in {**(facts or {}), **fields}.items()}, recipient=recipient,
        convert=False, event=False,
    )  # fmt: skip
    return Paper.objects.create(file=file, title=doc.title[:60], document=doc)


def date_cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}元"


def account_number(case: Case) -> str:
    """一案一账号: the court's code digits, the case id, a mod-97 check (so a mistyped number matches no case)."""
    body = f"{case.court_id:05d}{case.pk:010d}"
    return f"{body}{98 - int(body + '00') % 97:02d}"


def _enforcement_division(court: Court) -> object | None:
    return division_list(court=court).filter(kind=DivisionKind.ENFORCEMENT).first()


# --- filing (执行立案) ---------------------------------------------------------------------------------------------


def _check_title(title: Title, *, restoring: bool = False) -> None:
    if title.kind not in TitleKind.values:
        raise EnforcementInputError(f"未知的执行依据种类“{title.kind}”。")
    if not title.reference.strip():
        raise EnforcementInputError("执行依据文号不能为空。", extra={"field": "title_reference"})
    if not any(p.side == "applicant" for p in title.parties):
        raise EnforcementInputError("缺少申请执行人。", extra={"field": "parties"})
    if not any(p.side == "debtor" for p in title.parties):
        raise EnforcementInputError("缺少被执行人。", extra={"field": "parties"})
    if title.amount <= 0:
        raise EnforcementInputError("申请执行标的应大于零。", extra={"field": "amount"})
    shares = sum((p.amount for p in title.parties if p.side == "applicant"), Decimal(0))
    if shares != title.amount:
        raise EnforcementInputError(f"各申请执行人的债权份额合计{shares}元，与执行标的{title.amount}元不一致。")
    if title.kind in IN_SYSTEM_TITLES and title.case_id is None and title.kind != TitleKind.CONFIRMED_AGREEMENT:
        raise EnforcementInputError("本系统内的裁判文书须从原案申请执行，请选择原案。")
    if title.kind not in IN_SYSTEM_TITLES and not title.file_content and not restoring:
        raise EnforcementInputError(
            f"依据仲裁裁决、公证债权文书申请执行的，须上传执行依据文书（{R.OUTSIDE_TITLE}）。",
            extra={"field": "title_file"},
        )


def _party_in(p: TitleParty) -> PartyIn:
    role = PartyRole.ENFORCEMENT_APPLICANT if p.side == "applicant" else PartyRole.JUDGMENT_DEBTOR
    return PartyIn(
        role=role,
        kind=p.kind,
        name=p.name,
        id_number=p.id_number,
        credit_code=p.credit_code,
        phone=p.phone,
        address=p.address,
        user=p.user,
    )


@transaction.atomic
def enforcement_apply_from_title(
    *,
    title: Title,
    court: Court,
    actor: Actor,
    type_code: str = "执",
    filed_on: date | None = None,
    restores: EnforcementFile | None = None,
) -> EnforcementFile:
    """File an enforcement case (执行立案) from a title: a 执 case with the title's parties and amounts carried over,
    its file, its case account (一案一账号). Other apps (mediation's confirmed agreements, documents' effective
    judgments) call this with the `Title` they build."""
    _check_title(title, restoring=restores is not None)
    origin = None
    if title.case_id is not None:
        origin = case_get_strict(case_id=title.case_id)
    parties = [_party_in(p) for p in title.parties]
    case = case_register(
        court=court,
        type_code=type_code,
        parties=parties,
        actor=actor,
        division=_enforcement_division(court),  # type: ignore[arg-type]
        claim_amount=title.amount,
        filed_on=filed_on,
        origin=origin,
    )
    file = EnforcementFile.objects.create(
        case=case,
        title_kind=title.kind,
        title_reference=title.reference.strip()[:120],
        title_case=origin,
        title_effective_on=title.effective_on,
        title_file_name=title.file_name[:200],
        amount_due=title.amount,
        restores=restores,
    )
    if title.file_content:
        paper = paper_store(file=file, title="执行依据", content=title.file_content)
        file.title_file_sha256 = paper.sha256
        file.save(update_fields=["title_file_sha256", "updated_at"])
    by_name = {cp.person.name: cp for cp in case_parties(case=case)}
    for p in title.parties:
        if p.side == "applicant":
            Claim.objects.create(file=file, party=by_name[p.name], amount=p.amount)
    CaseAccount.objects.create(case=case, number=account_number(case))
    what = "恢复执行" if restores else "执行立案"
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_FILED,
        actor=actor,
        summary=f"{what}：执行依据{file.get_title_kind_display()}{file.title_reference}，执行标的{title.amount}元；"
        f"执行期限六个月（{R.PERIOD}）",
        new={"title_kind": title.kind, "title_reference": file.title_reference, "amount": str(title.amount)},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_FILE, target=file, extra={"case": case.number})
    return file


def enforcement_apply(*, title_case: Case, actor: Actor, court: Court | None = None) -> EnforcementFile:
    """A party (or the filing office) applies for enforcement of an effective case in the system (申请执行): nothing
    is typed again; the court of first instance enforces by default (民诉法 Art. 247)."""
    permission_require(
        actor=actor,
        resource=Resource.ENFORCEMENT_APPLICATION,
        action=Action.CHANGE,
        obj=title_case,
        message="只有本案当事人或其代理人、立案庭工作人员可以申请执行。",
    )
    title = title_from_case(case=title_case)
    if EnforcementFile.objects.filter(title_case=title_case, closed_on__isnull=True).exists():
        raise TitleRefused(f"{title_case.number}已有执行中的案件，不能重复申请。")
    return enforcement_apply_from_title(title=title, court=court or title_case.court, actor=actor)


def enforcement_assign(*, file: EnforcementFile, actor: Actor, seed: str | None = None) -> AssignmentDraw:
    """Officer assignment through the cases assignment engine (随机分案; enforcement officers are eligible)."""
    return case_assign_random(case=file.case, actor=actor, seed=seed)


@transaction.atomic
def enforcement_notice_issue(*, file: EnforcementFile, actor: Actor, on: date | None = None) -> EnforcementFile:
    """The execution notice with the report-property order (执行通知书、报告财产令): the debtor has NOTICE_DAYS to
    perform; both documents are issued and stored."""
    file, case = file_lock(file=file)
    _require(actor, case)
    on = on or timezone.localdate()
    if file.notice_due_on is not None:
        raise Conflict("执行通知已发出。")
    file.notice_due_on = on + timedelta(days=NOTICE_DAYS)
    file.save(update_fields=["notice_due_on", "updated_at"])
    applicants = "、".join(
        cp.person.name for cp in case_parties(case=case).filter(role=PartyRole.ENFORCEMENT_APPLICANT)
    )
    title_text = f"{file.get_title_kind_display()}{file.title_reference}"
    for cp in case_parties(case=case).filter(role=PartyRole.JUDGMENT_DEBTOR):
        paper_issue(
            file=file, case=case, kind="enf_notice", actor=actor, recipient=cp, applicant_names=applicants,
            title_text=title_text, basis=R.EXECUTION_NOTICE, due_cn=date_cn(file.notice_due_on),
            amount_text=f"（执行标的{yuan(file.amount_due)}）",
        )  # fmt: skip
        paper = paper_issue(
            file=file, case=case, kind="enf_report_property", actor=actor, recipient=cp, basis=R.REPORT_PROPERTY,
            due_cn=date_cn(file.notice_due_on),
        )  # fmt: skip
        Measure.objects.create(
            file=file,
            party=cp,
            kind=MeasureKind.REPORT_PROPERTY,
            decided_on=on,
            ends_on=file.notice_due_on,
            paper=paper,
            decided_by=actor_user(actor),
        )
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_NOTICE_ISSUED,
        actor=actor,
        summary=f"发出执行通知书并责令报告财产，限{file.notice_due_on:%Y年%m月%d日}前履行（{R.REPORT_PROPERTY}）",
        new={"notice_due_on": file.notice_due_on.isoformat()},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_NOTICE, target=file)
    return file


# --- closing and restoration --------------------------------------------------------------------------------------


def paid_to_applicants(file: EnforcementFile) -> Decimal:
    from .selectors import fund_totals

    return fund_totals(account=file.case.account)["payout"]


def _final_this_facts(file: EnforcementFile, case: Case, today: date, applicant_informed: bool) -> R.FinalThisFacts:
    debtors = list(case_parties(case=case).filter(role=PartyRole.JUDGMENT_DEBTOR).values_list("pk", flat=True))
    from .providers import HOLDER_KINDS

    answered = {
        (r.party_id, r.holder_kind)
        for b in InquiryBatch.objects.filter(file=file).prefetch_related("results")
        for r in b.results.all()
    }
    complete = all((d, k) in answered for d in debtors for k in HOLDER_KINDS)
    kinds = set(Measure.objects.filter(file=file, state=Measure.State.ACTIVE).values_list("kind", flat=True)) | set(
        Measure.objects.filter(file=file).values_list("kind", flat=True)
    )
    controlled = set(
        AssetControl.objects.filter(asset__file=file, kind__in=[ControlKind.FREEZE, ControlKind.DEDUCT]).values_list(
            "asset_id", flat=True
        )
    )
    free = sum((a.value for a in Asset.objects.filter(file=file, value__gt=0) if a.pk not in controlled), Decimal(0))
    return R.FinalThisFacts(
        filed_on=case.filed_on,
        today=today,
        report_order_issued=MeasureKind.REPORT_PROPERTY in kinds,
        consumption_restricted=MeasureKind.CONSUMPTION_RESTRICTION in kinds,
        inquiry_complete=complete,
        disposable_assets=free,
        applicant_informed=applicant_informed,
    )


# ClosingKind → the case's closing method (cases.ClosingMethod); 终本 is the case state `terminated`
CLOSING_METHOD = {
    ClosingKind.FULFILLED: "enforced",
    ClosingKind.TERMINATED: "enforcement_ended",
    ClosingKind.NOT_ENFORCED: "not_enforced",
    ClosingKind.CANCELLED: "cancelled",
}
CLOSING_PAPER = {
    ClosingKind.FINAL_THIS_ROUND: "enf_final_this",
    ClosingKind.TERMINATED: "enf_terminate",
    ClosingKind.NOT_ENFORCED: "enf_not_enforce",
}  # 执行完毕 and 销案: a closing notice (结案通知书) to each applicant


@transaction.atomic
def enforcement_close(
    *,
    file: EnforcementFile,
    kind: str,
    actor: Actor,
    note: str = "",
    ground: str = "",
    on: date | None = None,
    applicant_informed: bool = False,
) -> EnforcementFile:
    """Close an enforcement case: 执行完毕 (paid in full, the account empty), 终结本次执行程序 (its statutory conditions
    checked, restorable), 终结执行 (民诉法 Art. 268's grounds), 不予执行 (an arbitral award or notarised debt
    instrument, Arts. 248/249), 销案 (法发〔2014〕26号 Art. 18). The closing paper is issued on the documents path; the
    case moves in the same write, recorded as ONE timeline event (enforcement.closed)."""
    file, case = file_lock(file=file)
    _require(actor, case)
    on = on or timezone.localdate()
    if kind not in ClosingKind.values:
        raise EnforcementInputError("请选择结案方式。", extra={"field": "kind"})
    if file.closed_on is not None:
        raise Conflict(f"本案已于{file.closed_on:%Y年%m月%d日}以“{file.get_closing_kind_display()}”结案。")
    account = CaseAccount.objects.get(case=case)
    note = note.strip()
    reason = ""
    if kind == ClosingKind.FULFILLED:
        paid = paid_to_applicants(file)
        if paid < file.amount_due and not note:
            raise EnforcementInputError(
                f"已发放申请执行人{paid}元，未达执行标的{file.amount_due}元；如双方和解履行完毕，请在说明中写明。"
            )
        if account.balance != 0:
            raise EnforcementInputError(f"案款账户尚有余额{account.balance}元，须发放或退还后方可执行完毕结案。")
        basis = R.FULFILLED
        reason = f"申请执行人已实际收到执行款{paid}元，{note or '生效法律文书确定的义务已全部履行完毕'}。"
    elif kind == ClosingKind.FINAL_THIS_ROUND:
        if case.state == "registered":
            raise EnforcementInputError(f"本案尚未分案执行，不能终结本次执行程序（{R.FINAL_THIS_CONDITIONS}）。")
        try:
            R.final_this_check(_final_this_facts(file, case, on, applicant_informed))
        except R.RuleRefused as exc:
            raise EnforcementInputError(str(exc)) from None
        basis = R.FINAL_THIS_CONDITIONS
        reason = (
            "本院已向被执行人发出执行通知、责令其报告财产并限制消费，通过网络执行查控系统对被执行人的存款、不动产、车辆、"
            "证券、网络资金等财产进行了调查，未发现可供执行的财产，并已听取申请执行人意见。"
            + (f"{note}。" if note else "")
        )
    else:
        try:
            basis = R.closing_check(R.ClosingFacts(kind=kind, ground=ground, title_kind=file.title_kind, note=note))
        except R.RuleRefused as exc:
            raise EnforcementInputError(str(exc), extra={"field": "ground"}) from None
        label = R.closing_grounds(kind, file.title_kind)[ground]
        reason = f"经查，{label}" + (f"（{note}）" if note else "") + "。"
        if account.balance != 0:
            raise EnforcementInputError(f"案款账户尚有余额{account.balance}元，须发放或退还后方可结案。")
    file.closing_kind, file.closing_note, file.closed_on = kind, (reason if ground else note)[:300], on
    file.save(update_fields=["closing_kind", "closing_note", "closed_on", "updated_at"])
    label = file.get_closing_kind_display()
    title_text = f"{file.get_title_kind_display()}{file.title_reference}"
    if kind in CLOSING_PAPER:
        papers = [paper_issue(file=file, case=case, kind=CLOSING_PAPER[ClosingKind(kind)], actor=actor,
                              title_text=title_text, reason_text=reason, basis=basis)]  # fmt: skip
    else:
        papers = [
            paper_issue(file=file, case=case, kind="enf_closing_notice", actor=actor, recipient=cp,
                        title_text=title_text, reason_text=reason, method=label, basis=basis)
            for cp in case_parties(case=case).filter(role=PartyRole.ENFORCEMENT_APPLICANT)
        ]  # fmt: skip
    lifted = [] if kind == ClosingKind.FINAL_THIS_ROUND else _standing_measures_lift(file, case, actor, label, on)
    summary = f"执行结案：{label}（{basis}）" + (f"：{reason}" if ground else "")
    if lifted:
        summary += (
            f"；同时解除{'、'.join(m.get_kind_display() for m in lifted)}（{R.DISHONEST_REMOVE}、{R.REVOCATION}）"
        )
    payload = {
        "closing_kind": kind, "ground": ground, "papers": [p.document_id for p in papers],
        "measures_lifted": [m.pk for m in lifted],
    }  # fmt: skip
    if kind == ClosingKind.FINAL_THIS_ROUND:
        case_transition(case=case, target="terminated", actor=actor, on=on, note=note,
                        event_type=CaseEventType.ENFORCEMENT_CLOSED, summary=summary, payload=payload)  # fmt: skip
    else:
        case_transition(case=case, target="closed", actor=actor, closing_method=CLOSING_METHOD[ClosingKind(kind)],
                        on=on, note=note or reason, event_type=CaseEventType.ENFORCEMENT_CLOSED, summary=summary,
                        payload=payload)  # fmt: skip
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_CLOSE, target=file, reason=note or reason)
    return file


def measure_lift(*, file: EnforcementFile, case: Case, measure: Measure, actor: Actor, reason: str, on: date) -> None:
    """Lift one measure inside the caller's write: its 解除/删除 decision on the documents path (失信规定 Art. 10 for a
    listing, 限制消费规定 Art. 9 otherwise), the row marked revoked, the audit row. The caller records the one
    timeline event (measure_revoke's own, or the closing's)."""
    paper_issue(
        file=file, case=case, kind="enf_revocation", actor=actor, debtor_name=measure.party.person.name,
        measure_name=measure.get_kind_display(), reason_text=reason[:200],
        basis=R.DISHONEST_REMOVE if measure.kind == MeasureKind.DISHONEST_LIST else R.REVOCATION,
    )  # fmt: skip
    measure.state, measure.revoked_on, measure.revoked_reason = Measure.State.REVOKED, on, reason[:300]
    measure.save(update_fields=["state", "revoked_on", "revoked_reason", "updated_at"])
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_MEASURE_REVOKE, target=measure, reason=reason)


def _standing_measures_lift(file: EnforcementFile, case: Case, actor: Actor, label: str, on: date) -> list[Measure]:
    """Lift the dishonest listing, the consumption restriction and the exit ban still in force when the case closes
    for good (rules.STANDING_MEASURES), inside the closing's write (its one timeline event names them); the public
    dishonest-debtor query no longer finds the debtor."""
    lifted = list(
        Measure.objects.select_for_update(of=("self",))
        .filter(file=file, state=Measure.State.ACTIVE, kind__in=R.STANDING_MEASURES)
        .select_related("party__person")
        .order_by("id")
    )
    for measure in lifted:
        measure_lift(file=file, case=case, measure=measure, actor=actor, reason=f"本案已以“{label}”结案", on=on)
    return lifted


@transaction.atomic
def enforcement_restore(*, file: EnforcementFile, actor: Actor, reason: str, on: date | None = None) -> EnforcementFile:
    """恢复执行 (执恢): a case closed by 终结本次执行程序 is restored as a new 执恢 case on the applicant's request or
    when assets are found (终本规定 Art. 9); parties and the amount still owed are carried over."""
    file, case = file_lock(file=file)
    _require(actor, case)
    if file.closing_kind != ClosingKind.FINAL_THIS_ROUND:
        raise EnforcementInputError("只有终结本次执行程序的案件可以恢复执行。")
    if not reason.strip():
        raise EnforcementInputError("请写明恢复执行的理由（如发现可供执行的财产）。", extra={"field": "reason"})
    if file.restorations.exists():
        raise Conflict("本案已恢复执行。")
    paid = paid_to_applicants(file)
    owed = file.amount_due - paid
    claims = {c.party_id: c.amount for c in file.claims.all()}
    total = sum(claims.values(), Decimal(0)) or Decimal(1)
    parties: list[TitleParty] = []
    for cp in case_parties(case=case):
        person = cp.person
        side = "applicant" if cp.role == PartyRole.ENFORCEMENT_APPLICANT else "debtor"
        share = (owed * claims.get(cp.pk, Decimal(0)) / total).quantize(Decimal("0.01")) if side == "applicant" else 0
        parties.append(
            TitleParty(
                side=side,
                name=person.name,
                kind=person.kind,
                id_number=person.id_number,
                credit_code=person.credit_code,
                user=person.user,
                amount=Decimal(share),
            )
        )
    applicants = [i for i, p in enumerate(parties) if p.side == "applicant"]
    drift = owed - sum((parties[i].amount for i in applicants), Decimal(0))
    if applicants and drift:
        p0 = parties[applicants[0]]
        parties[applicants[0]] = TitleParty(**{**p0.__dict__, "amount": p0.amount + drift})
    title = Title(
        kind=file.title_kind,
        reference=file.title_reference,
        parties=tuple(parties),
        amount=owed,
        effective_on=file.title_effective_on,
        case_id=file.title_case_id,
        file_name=file.title_file_name,
    )
    new = enforcement_apply_from_title(title=title, court=case.court, actor=actor, type_code="执恢", restores=file)
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_RESTORED,
        actor=actor,
        summary=f"恢复执行，立{new.case.number}（{reason.strip()[:100]}）",
        new={"restored_as": new.case_id},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_RESTORE, target=file, reason=reason)
    return new

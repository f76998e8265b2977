"""Writes for the case core: registration with its number, parties, transitions, assignment, tags, the clock.

Every function runs in one transaction and appends one timeline event and one audit row. The timeline append and
the input error (`services_base`), the case's team (`services_team`) and powers of attorney after registration
(`services_representation`) live in modules of their own and are re-exported here: callers import `cases.services`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from smartcourt.core.actors import actor_required, actor_user
from smartcourt.core.errors import Forbidden
from smartcourt.core.services import AuditAction, audit_record, notification_send
from smartcourt.courts.permissions import Action, Resource, allows, permission_require
from smartcourt.legaltime import services as clock_services
from smartcourt.legaltime.selectors import deduction_option

from .models import (
    AssignmentDraw,
    Case,
    CaseEventType,
    CaseParty,
    CaseState,
    CauseOfAction,
    Person,
    Procedure,
    Representation,
    SupervisionTag,
)
from .rules import assignment as assignment_rules
from .rules.case_numbers import TYPE_CODES, format_case_number
from .rules.transitions import ensure_transition
from .search import search_text_for
from .services_base import CaseInputError as CaseInputError
from .services_base import case_event_append as case_event_append
from .services_representation import power_of_attorney_max_bytes as power_of_attorney_max_bytes
from .services_representation import power_of_attorney_review as power_of_attorney_review
from .services_representation import power_of_attorney_submit as power_of_attorney_submit
from .services_team import case_team_set as case_team_set
from .services_team import team_on_assignment

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, Division, User
    from smartcourt.legaltime.models import TrialPeriodAdjustment


def _require(actor: Actor, action: Action, case: Case, resource: Resource = Resource.CASE) -> None:
    """The permission table decides (SYSTEM may, a person needs a grant, None is refused)."""
    permission_require(actor=actor, resource=resource, action=action, obj=case)


# ---------------------------------------------------------------- case numbers

_ALLOCATE_SQL = (
    "INSERT INTO cases_casenumbersequence (court_id, type_code, year, last) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT (court_id, type_code, year) DO UPDATE SET last = cases_casenumbersequence.last + 1 "
    "RETURNING last"
)


def case_number_allocate(*, court: Court, type_code: str, year: int) -> tuple[int, str]:
    """Issue the next sequence number for court × type × year (案号, 法〔2015〕137号).

    One upsert statement takes the row lock (PostgreSQL) or the write lock (SQLite), so concurrent filings
    queue here; because it runs inside the registering transaction, a rolled-back registration also rolls
    back its number: numbers are never reused and users never see a gap.
    """
    if type_code not in TYPE_CODES:
        raise CaseInputError(f"未知的类型代字“{type_code}”。")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case numbers are allocated inside the registering transaction")
    with connection.cursor() as cursor:
        cursor.execute(_ALLOCATE_SQL, [court.pk, type_code, year])
        (seq,) = cursor.fetchone()
    return seq, format_case_number(year=year, court_code=court.code, type_code=type_code, seq=seq)


# ---------------------------------------------------------------- persons and parties


@dataclass
class PartyIn:
    role: str
    kind: str
    name: str
    id_number: str | None = None
    credit_code: str | None = None
    phone: str = ""
    address: str = ""
    legal_representative: str = ""
    is_minor: bool | None = None
    user: User | None = None
    service_address: str = ""
    service_phone: str = ""
    service_email: str = ""
    representatives: list[dict[str, Any]] = field(default_factory=list)


def _validate_identity(party: PartyIn) -> None:
    from .rules import identity

    if party.kind == Person.Kind.NATURAL and party.id_number:
        result = identity.validate_resident_id(party.id_number)
        if not result.ok:
            raise CaseInputError(f"{party.name}：{result.message}", extra={"field": "id_number"})
    if party.kind != Person.Kind.NATURAL and party.credit_code:
        result = identity.validate_credit_code(party.credit_code)
        if not result.ok:
            raise CaseInputError(f"{party.name}：{result.message}", extra={"field": "credit_code"})
    if party.phone and not identity.validate_mobile(party.phone).ok and not party.phone.startswith("0"):
        raise CaseInputError(f"{party.name}：手机号码格式不正确。", extra={"field": "phone"})


def person_upsert(*, party: PartyIn, today: date | None = None) -> Person:
    """One record per identity (ID number or credit code) across all cases; details refreshed on reuse."""
    from .rules import identity

    name = (party.name or "").strip()
    if not name:
        raise CaseInputError("当事人姓名/名称不能为空。", extra={"field": "name"})
    _validate_identity(party)
    id_number = (party.id_number or "").strip().upper() or None
    credit_code = (party.credit_code or "").strip().upper() or None
    lookup = {"id_number": id_number} if id_number else {"credit_code": credit_code} if credit_code else None
    person = Person.objects.select_for_update().filter(**lookup).first() if lookup else None
    if person is None:
        person = Person(kind=party.kind, name=name, id_number=id_number, credit_code=credit_code)
    elif person.name != name:
        raise CaseInputError(
            f"证件号码已登记为“{person.name}”，与填写的“{name}”不一致，请核对。", extra={"field": "name"}
        )
    if id_number:
        person.birth_date = identity.id_birth_date(id_number)
        person.gender = identity.id_gender(id_number)
        person.is_minor = identity.id_is_minor(id_number, on=today or timezone.localdate())
    elif party.is_minor is not None:
        person.is_minor = party.is_minor
    for attr in ("phone", "address", "legal_representative"):
        if getattr(party, attr):
            setattr(person, attr, getattr(party, attr))
    if party.user is not None:
        person.user = party.user
    person.full_clean(validate_unique=False)
    person.save()
    return person


def _party_add(*, case: Case, party: PartyIn, position: int) -> CaseParty:
    person = person_upsert(party=party, today=case.filed_on)
    case_party = CaseParty.objects.create(
        case=case,
        person=person,
        role=party.role,
        position=position,
        service_address=party.service_address,
        service_phone=party.service_phone,
        service_email=party.service_email,
        service_confirmed_at=timezone.now() if (party.service_address or party.service_phone) else None,
    )
    for rep in party.representatives:
        Representation.objects.create(
            party=case_party,
            kind=rep.get("kind", Representation.Kind.LAWYER),
            name=rep["name"],
            user=rep.get("user"),
            licence_no=rep.get("licence_no", ""),
            law_firm=rep.get("law_firm", ""),
            # named at registration: in force from the filing day; added later: from the day it is recorded
            starts_on=rep.get("starts_on") or min(case.filed_on, timezone.localdate()),
        )
    return case_party


# ---------------------------------------------------------------- representation (诉讼代理)

REPRESENTATION_ARTICLE = "民事诉讼法第六十三条"  # 诉讼代理人的权限如果变更或者解除，当事人应当书面告知人民法院


@transaction.atomic
def representation_end(
    *, representation: Representation, actor: Actor, reason: str, ends_on: date | None = None, note: str = ""
) -> Representation:
    """End a representation (解除委托 / 辞去委托 / 代理终止, 民事诉讼法 Art. 63): from `ends_on` (default today, never
    earlier) the representative no longer sees the case, its dossier, its service or its paper file.

    The party, the representative themself, or the case's judge, assistant or clerk (recording the written notice
    the court received) may end it, as the permission table's REPRESENTATION/CHANGE says. A later date schedules
    the end of a mandate; an end already reached cannot be moved.
    """
    rep = (
        Representation.objects.select_for_update(of=("self",))
        .select_related("party__case", "party__person", "user")
        .get(pk=representation.pk)
    )
    case = rep.party.case
    permission_require(
        actor=actor,
        resource=Resource.REPRESENTATION,
        action=Action.CHANGE,
        obj=rep,
        message="只有被代理的当事人、代理人本人或本案承办人员可以解除该代理。",
    )
    if reason not in Representation.EndReason.values:
        raise CaseInputError("请选择代理终止的原因。", extra={"field": "reason"})
    today = timezone.localdate()
    ends_on = ends_on or today
    if rep.ends_on is not None and rep.ends_on <= today:
        raise CaseInputError(f"{rep.name}的代理已于{rep.ends_on:%Y-%m-%d}终止。")
    if ends_on < today:
        raise CaseInputError(
            f"终止日期不能早于今天：解除代理自人民法院收到书面告知时起生效（{REPRESENTATION_ARTICLE}）。",
            extra={"field": "ends_on"},
        )
    if ends_on < rep.starts_on:
        raise CaseInputError("终止日期不能早于代理起始日期。", extra={"field": "ends_on"})
    old = {"ends_on": rep.ends_on.isoformat() if rep.ends_on else None, "end_reason": rep.end_reason}
    rep.ends_on, rep.end_reason, rep.end_note = ends_on, reason, (note or "").strip()[:200]
    rep.full_clean()
    rep.save(update_fields=["ends_on", "end_reason", "end_note", "updated_at"])
    label = Representation.EndReason(reason).label
    when = "即日" if ends_on == today else f"自{ends_on:%Y-%m-%d}"
    case_event_append(
        case=case,
        type=CaseEventType.PARTY_REPRESENTATION_ENDED,
        actor=actor,
        summary=f"{rep.party.person.name}的诉讼代理人{rep.name}代理终止（{label}），{when}起不再代理本案（{REPRESENTATION_ARTICLE}）",
        old=old,
        new={"representation": rep.pk, "ends_on": ends_on.isoformat(), "end_reason": reason},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CASE_REPRESENTATION_END,
        target=case,
        reason=rep.end_note,
        extra={"representation": rep.pk, "representative_user": rep.user_id, "ends_on": ends_on.isoformat()},
    )
    if rep.user is not None and rep.user != actor:
        notification_send(
            recipient=rep.user,
            title=f"代理终止：{case.number}",
            body=f"您在{case.number}案中作为{rep.party.person.name}的诉讼代理人，{when}起代理终止（{label}）。",
            topic="case.representation_ended",
        )
    return rep


# ---------------------------------------------------------------- registration


_PLAINTIFF_SIDE = {
    "plaintiff",
    "appellant",
    "applicant",
    "enforcement_applicant",
    "private_prosecutor",
    "retrial_applicant",
    "creditor",
}
_DEFENDANT_SIDE = {"defendant", "appellee", "respondent", "judgment_debtor", "accused", "debtor"}


def case_title(*, type_code: str, parties: list[PartyIn], cause: CauseOfAction | None) -> str:
    """The customary case name: 甲诉乙某某纠纷, 甲申请执行乙, 被告人某某盗窃罪 …"""
    first = "、".join(p.name for p in parties if p.role in _PLAINTIFF_SIDE)
    second = "、".join(p.name for p in parties if p.role in _DEFENDANT_SIDE)
    cause_name = cause.name if cause else ""
    if type_code.startswith("执"):
        return f"{first}申请执行{second}{cause_name}"
    if type_code.startswith("刑"):
        return f"被告人{second}{cause_name}"
    if not second:
        return f"{first}申请{cause_name or TYPE_CODES[type_code][0]}"
    if type_code.endswith("终"):
        return f"{first}与{second}{cause_name}"
    return f"{first}诉{second}{cause_name}"


@transaction.atomic
def case_register(
    *,
    court: Court,
    type_code: str,
    title: str = "",
    parties: list[PartyIn],
    actor: Actor,
    cause: CauseOfAction | None = None,
    division: Division | None = None,
    procedure: str | None = None,
    claim_amount: Decimal | None = None,
    filed_on: date | None = None,
    origin: Case | None = None,
    tags: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
) -> Case:
    """Register a case (登记立案, 民事诉讼法 Art. 126): allocate its number, record parties, open the timeline."""
    actor_required(actor)
    if type_code not in TYPE_CODES:
        raise CaseInputError(f"未知的类型代字“{type_code}”。", extra={"field": "type_code"})
    _label, kind, default_procedure = TYPE_CODES[type_code]
    if not any(p.role in _PLAINTIFF_SIDE for p in parties) and kind not in ("criminal",):
        raise CaseInputError("缺少原告（申请人）。", extra={"field": "parties"})
    if not any(p.role in _DEFENDANT_SIDE for p in parties) and type_code not in ("民特", "破申", "破"):
        raise CaseInputError(
            "缺少被告（被申请人）：起诉须有明确的被告（民事诉讼法第一百二十二条）。", extra={"field": "parties"}
        )
    if cause is not None and cause.kind not in (kind, "civil" if kind in ("enforcement", "bankruptcy") else kind):
        raise CaseInputError(f"案由“{cause.name}”不适用于{_label}案件。", extra={"field": "cause"})
    if division is not None and division.court_id != court.pk:
        raise CaseInputError("承办部门不属于该法院。", extra={"field": "division"})
    if claim_amount is not None and claim_amount < 0:
        raise CaseInputError("诉讼标的额不能为负数。", extra={"field": "claim_amount"})
    filed_on = filed_on or timezone.localdate()
    seq, number = case_number_allocate(court=court, type_code=type_code, year=filed_on.year)
    if not title:
        title = case_title(type_code=type_code, parties=parties, cause=cause)
    case = Case.objects.create(
        number=number,
        year=filed_on.year,
        type_code=type_code,
        seq=seq,
        court=court,
        division=division,
        kind=kind,
        procedure=procedure or default_procedure,
        cause=cause,
        title=title[:200],
        claim_amount=claim_amount,
        filed_on=filed_on,
        origin=origin,
    )
    for position, party in enumerate(parties, start=1):
        _party_add(case=case, party=party, position=position)
    case.search_text = search_text_for(case)
    _trial_due_refresh(case)
    case.save(update_fields=["search_text", "trial_due_on", "updated_at"])
    case_event_append(
        case=case,
        type=CaseEventType.REGISTERED,
        actor=actor,
        summary=f"立案，案号{number}",
        new={"number": number, "procedure": case.procedure, "filed_on": filed_on.isoformat()},
    )
    audit_record(actor=actor, action=AuditAction.CASE_REGISTER, target=case)
    for kind, reason in tags:  # 四类案件 may be tagged at filing (法发〔2021〕30号)
        _supervision_tag_add(case=case, kind=kind, reason=reason, actor=actor)
    return case


# ---------------------------------------------------------------- transitions


@transaction.atomic
def case_transition(
    *,
    case: Case,
    target: str,
    actor: Actor,
    closing_method: str = "",
    on: date | None = None,
    note: str = "",
    event_type: CaseEventType | None = None,
    summary: str = "",
    payload: dict[str, Any] | None = None,
) -> Case:
    """Move a case to another state, as declared in rules/transitions.py; illegal moves are refused.

    A caller whose own write moves the case (an enforcement closing) passes `event_type`, `summary` and `payload`:
    the move is then recorded as that one event (its old and new state included), not as a second one."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, Action.CHANGE, case)
    old_state = case.state
    transition = ensure_transition(old_state, target)
    on = on or timezone.localdate()
    fields = ["state", "updated_at"]
    if target == CaseState.CLOSED:
        if not closing_method:
            raise CaseInputError(
                "结案须选择结案方式（判决、调解、撤诉、驳回起诉等）。", extra={"field": "closing_method"}
            )
        case.closing_method, case.closed_on = closing_method, on
        fields += ["closing_method", "closed_on"]
    if target == CaseState.TERMINATED:
        case.closing_method, case.closed_on = "enforcement_terminated", on
        fields += ["closing_method", "closed_on"]
    if target == CaseState.EFFECTIVE:
        case.effective_on = on
        fields.append("effective_on")
    if target == CaseState.ARCHIVED:
        case.archived_on = on
        fields.append("archived_on")
    if target == CaseState.SUSPENDED:
        clock_services.trial_period_suspension_start(case_id=case.pk, on=on, reason=note)
    if old_state == CaseState.SUSPENDED and target == CaseState.IN_TRIAL:
        clock_services.trial_period_suspension_end(case_id=case.pk, on=on)
    case.state = target
    _trial_due_refresh(case)
    fields.append("trial_due_on")
    case.save(update_fields=fields)
    new: dict[str, Any] = {"state": target}
    if case.closing_method and target in (CaseState.CLOSED, CaseState.TERMINATED):
        new["closing_method"] = case.closing_method
    if payload:
        new.update(payload)
    if not summary:
        summary = transition.label + (f"（{case.get_closing_method_display()}）" if target == CaseState.CLOSED else "")
        if transition.citation:
            summary += f"，依据{transition.citation}"
    case_event_append(
        case=case,
        type=event_type or CaseEventType(f"case.{target}"),
        actor=actor,
        summary=summary,
        old={"state": old_state},
        new=new,
    )
    audit_record(actor=actor, action=AuditAction(f"case.transition.{target}"), target=case, reason=note)
    return case


# ---------------------------------------------------------------- assignment


def _eligible_judges(case: Case) -> list[assignment_rules.Candidate]:
    from django.db.models import Count, Q

    from smartcourt.courts.roles import Role
    from smartcourt.courts.selectors import users_with_role

    judges = users_with_role(role=Role.JUDGE, court=case.court, division=case.division)
    if case.kind == "enforcement":  # enforcement officers (执行员) handle enforcement cases with the judges
        judges = judges | users_with_role(role=Role.ENFORCEMENT_OFFICER, court=case.court, division=case.division)
    open_states = [CaseState.REGISTERED, CaseState.IN_TRIAL, CaseState.SUSPENDED]
    judges = judges.annotate(open_cases=Count("judged_cases", filter=Q(judged_cases__state__in=open_states)))
    return [
        assignment_rules.Candidate(judge_id=j.pk, name=j.get_full_name(), load=Decimal(j.open_cases)) for j in judges
    ]


@transaction.atomic
def case_assign_random(*, case: Case, actor: Actor, seed: str | None = None) -> AssignmentDraw:
    """Assign a judge by weighted random draw among the division's judges (随机分案); seed and draw recorded."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, Action.ASSIGN, case)
    if case.judge_id is not None:
        raise CaseInputError("本案已分配承办法官；如需变更请使用“变更承办人”，并说明理由。")
    candidates = _eligible_judges(case)
    if not candidates:
        raise CaseInputError("本部门没有可分案的法官，请联系庭长指定分案。")
    seed = seed or secrets.token_hex(16)
    draw = assignment_rules.draw_value(seed, case.number)
    index, weights = assignment_rules.pick(candidates, draw)
    return _assignment_record(
        case=case,
        method=AssignmentDraw.Method.RANDOM,
        judge_id=candidates[index].judge_id,
        actor=actor,
        candidates=[c.as_dict(w) for c, w in zip(candidates, weights, strict=True)],
        seed=seed,
        draw=draw,
    )


def _assignment_record(
    *,
    case: Case,
    method: str,
    judge_id: int,
    actor: Actor,
    candidates: list | None = None,
    seed: str = "",
    draw: Decimal | None = None,
    approver: User | None = None,
    reason: str = "",
    decided_by: User | None = None,
    note: str = "",
) -> AssignmentDraw:
    """Record one assignment and put the judge on the case (the caller holds the case's row lock). `decided_by` is
    who made the assignment (the requester of an approved designation; the actor by default); `note` ends the
    timeline summary (e.g. who approved it and by which article)."""
    from smartcourt.courts.selectors import user_require

    judge = user_require(user_id=judge_id)
    previous = case.judge
    record = AssignmentDraw.objects.create(
        case=case,
        method=method,
        candidates=candidates or [],
        seed=seed,
        draw=draw,
        judge=judge,
        previous_judge=previous,
        decided_by=decided_by or actor_user(actor) or judge,
        approved_by=approver,
        reason=reason,
    )
    case.judge = judge
    team = team_on_assignment(case=case, judge=judge, actor=actor)  # the judge's standing team joins (固定审判团队)
    fields = ["judge", "assistant", "clerk", "updated_at"]
    if case.state == CaseState.REGISTERED:
        case.state = CaseState.IN_TRIAL
        fields.append("state")
    case.save(update_fields=fields)
    label = dict(AssignmentDraw.Method.choices)[method]
    case_event_append(
        case=case,
        type=CaseEventType.ASSIGNED,
        actor=actor,
        summary=f"{label}：承办法官{judge.get_full_name()}"
        + (f"（理由：{reason}）" if reason else "")
        + note
        + (f"；{team.summary}" if team.summary else ""),
        old={"judge": previous.pk if previous else None},
        new={"judge": judge.pk, "method": method, "draw": record.pk, **team.payload},
    )
    audit_record(actor=actor, action=AuditAction(f"case.assign.{method}"), target=case, reason=reason)
    notification_send(
        recipient=judge,
        title=f"新分配案件 {case.number}",
        body=case.title,
        link=f"/cases/{case.pk}/",
        topic="case.assigned",
    )
    return record


# ---------------------------------------------------------------- 四类案件


@transaction.atomic
def case_tag_supervision(
    *, case: Case, kind: str, reason: str, actor: Actor, supervisor: User | None = None
) -> SupervisionTag:
    """Tag a case as one of the 四类案件 (法发〔2021〕30号) and notify the supervising leader."""
    actor_required(actor)
    case = Case.objects.select_for_update().get(pk=case.pk)
    # The judge on the case, the filing officer, or a supervising leader may tag it.
    if not any(
        allows(user=actor, resource=Resource.CASE, action=a, obj=case)
        for a in (Action.CHANGE, Action.ASSIGN, Action.SUPERVISE)
    ):
        raise Forbidden()
    return _supervision_tag_add(case=case, kind=kind, reason=reason, actor=actor, supervisor=supervisor)


def _supervision_tag_add(
    *, case: Case, kind: str, reason: str, actor: Actor, supervisor: User | None = None
) -> SupervisionTag:
    from smartcourt.courts.roles import Role
    from smartcourt.courts.selectors import users_with_role

    if kind not in SupervisionTag.Kind.values:
        raise CaseInputError("未知的四类案件类别。", extra={"field": "kind"})
    if not (reason or "").strip():
        raise CaseInputError("标记四类案件须说明理由。", extra={"field": "reason"})
    if SupervisionTag.objects.filter(case=case, kind=kind, removed_at__isnull=True).exists():
        raise CaseInputError("本案已有该类标记。")
    if supervisor is None:
        heads = users_with_role(role=Role.DIVISION_HEAD, court=case.court, division=case.division)
        supervisor = heads.first() or users_with_role(role=Role.PRESIDENT, court=case.court).first()
    tag = SupervisionTag.objects.create(
        case=case, kind=kind, reason=reason.strip(), tagged_by=actor_user(actor), supervisor=supervisor
    )
    case_event_append(
        case=case,
        type=CaseEventType.SUPERVISION_TAGGED,
        actor=actor,
        summary=f"标记为四类案件：{tag.get_kind_display()}（法发〔2021〕30号）",
        new={"kind": kind, "supervisor": supervisor.pk if supervisor else None},
    )
    audit_record(actor=actor, action=AuditAction.CASE_SUPERVISION_TAG, target=case, reason=reason)
    if supervisor is not None:
        notification_send(
            recipient=supervisor,
            title=f"四类案件监管：{case.number}",
            body=f"{tag.get_kind_display()}。理由：{reason}",
            link=f"/cases/{case.pk}/",
            topic="case.supervision",
        )
    return tag


# ---------------------------------------------------------------- the trial-period clock (审限)
# The clock is legaltime's: these services lock the case, check who may act and in which state, let
# `legaltime.services` check the clock's rules and record the adjustment, then store the new due date and write the
# case event and the audit row.


def _trial_due_refresh(case: Case) -> None:
    """Recompute the stored `case.trial_due_on` from legaltime's clock (the caller saves)."""
    from .selectors import case_trial_period

    period = case_trial_period(case=case)
    case.trial_due_on = period.due if period is not None else None


def _clock_refresh_and_save(case: Case) -> None:
    _trial_due_refresh(case)
    case.save(update_fields=["trial_due_on", "procedure", "updated_at"])


@transaction.atomic
def case_deduction_start(
    *, case: Case, kind: str, actor: Actor, started_on: date | None = None, reason: str = ""
) -> TrialPeriodAdjustment:
    """Start a period not counted in the trial period (不计入审限, e.g. 民诉法解释 Art. 243)."""
    from .selectors import RUNNING_STATES, case_clock

    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, Action.CHANGE, case)
    if case.state not in RUNNING_STATES:
        raise CaseInputError("只有审理中的案件才能登记扣除审限。")
    started_on = started_on or timezone.localdate()
    adjustment = clock_services.trial_period_deduction_start(
        subject=case_clock(case=case), kind=kind, started_on=started_on, reason=reason
    )
    _clock_refresh_and_save(case)
    option = deduction_option(code=adjustment.kind, case_kind=case.kind, procedure=case.procedure)
    label, citation = (option.label, f"（{option.citation}）") if option else (adjustment.get_kind_display(), "")
    case_event_append(
        case=case,
        type=CaseEventType.PERIOD_DEDUCTION_STARTED,
        actor=actor,
        summary=f"{label}开始（{started_on:%Y-%m-%d}），不计入审限{citation}",
        new={"kind": adjustment.kind, "started_on": started_on.isoformat()},
    )
    audit_record(actor=actor, action=AuditAction.CASE_PERIOD_DEDUCTION_START, target=case, reason=reason)
    return adjustment


@transaction.atomic
def case_deduction_end(
    *, case: Case, adjustment: TrialPeriodAdjustment, actor: Actor, ended_on: date | None = None
) -> TrialPeriodAdjustment:
    """End a running deduction; the clock runs again from the next day."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, Action.CHANGE, case)
    ended_on = ended_on or timezone.localdate()
    adjustment = clock_services.trial_period_deduction_end(
        case_id=case.pk, adjustment_id=adjustment.pk, ended_on=ended_on
    )
    _clock_refresh_and_save(case)
    case_event_append(
        case=case,
        type=CaseEventType.PERIOD_DEDUCTION_ENDED,
        actor=actor,
        summary=f"{adjustment.get_kind_display()}结束（{ended_on:%Y-%m-%d}）",
        new={"kind": adjustment.kind, "ended_on": ended_on.isoformat()},
    )
    audit_record(actor=actor, action=AuditAction.CASE_PERIOD_DEDUCTION_END, target=case)
    return adjustment


@transaction.atomic
def case_procedure_change(
    *, case: Case, procedure: str, actor: Actor, reason: str = "", on: date | None = None
) -> Case:
    """Change the procedure (e.g. 简易程序转为普通程序, 民事诉讼法 Art. 170); the clock keeps counting from the
    filing day under the new rule (民诉法解释 Art. 258)."""
    from .selectors import case_clock

    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, Action.CHANGE, case)
    if procedure == case.procedure:
        raise CaseInputError("新程序与当前程序相同。")
    on = on or timezone.localdate()
    old = case.procedure
    clock_services.trial_period_procedure_change_record(
        subject=case_clock(case=case), procedure=procedure, on=on, reason=reason
    )
    case.procedure = procedure
    _clock_refresh_and_save(case)
    case_event_append(
        case=case,
        type=CaseEventType.PROCEDURE_CHANGED,
        actor=actor,
        summary=f"程序由“{dict(Procedure.choices)[old]}”转为“{case.get_procedure_display()}”",
        old={"procedure": old},
        new={"procedure": procedure},
    )
    audit_record(actor=actor, action=AuditAction.CASE_PROCEDURE_CHANGE, target=case, reason=reason)
    return case

"""Approvals that approve (审批): an extension of the trial period (延长审限) and a designated assignment or change of
judge (指定分案 / 变更承办人) are requests, decided by the approver the rules name — never one the requester picks.

- A request is checked when it is made: an extension beyond the statutory maximum, beyond what its approver may
  grant, or addressed to the wrong level is refused then, with the article (legaltime's `extension_authority`);
  the approver is the level the rules name (`ApprovalRequest.approver_role` at `approver_court`, in
  `approver_division` for a division head), and the request waits in their queue.
- Only an approval changes the clock or the judge: it records the extension through legaltime (which checks the
  rules again: the clock may have moved since) or the assignment, in the same transaction.
- Request, approval, refusal and withdrawal each append one case event and one audit row; the approvers and the
  requester get an in-site message.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.core.actors import actor_required, actor_user
from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.core.services import AuditAction, audit_record, notification_send
from smartcourt.courts.permissions import Action, Resource, permission_require, users_allowed
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.legaltime import services as clock_services
from smartcourt.legaltime.selectors import ApproverLevel, trial_period_extension_authority

from .models import ApprovalRequest, AssignmentDraw, Case, CaseEventType
from .rules.assignment import designation_approver
from .services import CaseInputError, _assignment_record, _clock_refresh_and_save, _require, case_event_append

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, Division, User

QUEUE_LINK = "/cases/approvals/"


class ApprovalError(ApplicationError):
    code = "approval.invalid"


class ApprovalPending(ApprovalError):
    status, code = 409, "approval.pending_exists"


# ---------------------------------------------------------------- who the approvers are


def _approvers(*, case: Case, role: Role, court: Court, division: Division | None, resource: Resource) -> list[User]:
    """The active holders of `role` at `court` (in `division`, if given) whom the permission table lets approve on
    this case."""
    from smartcourt.courts.selectors import users_with_role

    holders = users_with_role(role=role, court=court, division=division)
    return users_allowed(resource=resource, action=Action.APPROVE, obj=case, candidates=holders)


def _court_for_level(*, case: Case, level: ApproverLevel) -> Court | None:
    """The court whose president approves at `level`, relative to the court hearing the case."""
    from smartcourt.courts.selectors import court_ancestors

    chain = court_ancestors(court=case.court)  # from the top down to the case's court
    if level == ApproverLevel.OWN_PRESIDENT:
        return case.court
    if level == ApproverLevel.UPPER_COURT:
        return chain[-2] if len(chain) >= 2 else None
    wanted = CourtLevel.HIGH if level == ApproverLevel.HIGH_COURT else CourtLevel.SUPREME
    return next((c for c in reversed(chain) if c.level == wanted), None)


def _involved(request: ApprovalRequest, case: Case) -> set[int]:
    """People who may not decide this request: its requester and the judges it concerns."""
    ids: list[int | None] = [request.requested_by_id, case.judge_id]
    if request.kind != ApprovalRequest.Kind.EXTENSION:
        ids.append(request.judge_id)
    return {pk for pk in ids if pk is not None}


def _person(actor: Actor, message: str) -> User:
    """The person acting: SYSTEM (or an anonymous visitor) neither requests nor decides an approval."""
    user = actor_user(actor)
    if user is None:
        raise Forbidden(message)
    return user


def _notify(*, users: list[User], title: str, body: str, link: str) -> None:
    for user in users:
        notification_send(recipient=user, title=title, body=body, link=link, topic="case.approval")


def _pending_refuse(case: Case, resource: Resource, what: str) -> None:
    pending = ApprovalRequest.objects.filter(case=case, resource=resource, state=ApprovalRequest.State.PENDING).first()
    if pending is not None:
        raise ApprovalPending(
            f"本案已有待{pending.approver_label}审批的{what}申请（{timezone.localtime(pending.created_at):%Y-%m-%d}"
            "提交），请等待审批结果，或撤回后重新申请。",
            extra={"request": pending.pk},
        )


# ---------------------------------------------------------------- requests


@transaction.atomic
def extension_request(
    *,
    case: Case,
    actor: Actor,
    reason: str,
    months: int = 0,
    days: int = 0,
    approver_level: str | None = None,
    on: date | None = None,
) -> ApprovalRequest:
    """Ask to extend the trial period (申请延长审限, e.g. 民事诉讼法 Art. 152): the rules check the extension and
    name who approves it (the court president, then the higher court …); `approver_level`, when the requester names
    one, must be that level. Nothing changes on the clock until the approval."""
    from .selectors import OPEN_STATES, case_clock

    case = Case.objects.select_for_update(of=("self",)).select_related("court").get(pk=case.pk)
    _require(actor, Action.CHANGE, case)
    user = _person(actor, "延长审限须由承办人员提出申请。")
    if case.state not in OPEN_STATES:
        raise ApprovalError("案件已结案，无需延长审限。")
    if months < 0 or days < 0 or (months == 0 and days == 0):
        raise CaseInputError("请填写延长的月数或天数。", extra={"field": "months"})
    reason = (reason or "").strip()
    if not reason:
        raise CaseInputError(
            "延长审限须说明理由（有特殊情况需要延长的，应说明详细情况和理由）。", extra={"field": "reason"}
        )
    if approver_level and approver_level not in {level.value for level in ApproverLevel}:
        raise CaseInputError("未知的批准机关。", extra={"field": "approver_level"})
    _pending_refuse(case, Resource.TRIAL_PERIOD, "延长审限")
    on = on or timezone.localdate()
    authority = trial_period_extension_authority(
        subject=case_clock(case=case),
        on=on,
        months=months,
        days=days,
        court_level=case.court.level,
        requested=approver_level,
    )
    court = _court_for_level(case=case, level=authority.level)
    if court is None:
        raise ApprovalError(
            f"本次延长应报请{authority.label}批准（{authority.citation}），本系统中没有该法院，不能在线报批，请按规定报送。",
            code="approval.no_approver",
        )
    approvers = _approvers(case=case, role=Role.PRESIDENT, court=court, division=None, resource=Resource.TRIAL_PERIOD)
    approvers = [u for u in approvers if u.pk not in {user.pk, case.judge_id}]
    if not approvers:
        raise ApprovalError(
            f"本次延长应报请{authority.label}（{court.name}院长）批准（{authority.citation}），该院尚无可审批的院长账户。",
            code="approval.no_approver",
        )
    label = "本院院长" if court.pk == case.court_id else f"{court.short_name or court.name}院长"
    request = ApprovalRequest.objects.create(
        case=case,
        kind=ApprovalRequest.Kind.EXTENSION,
        resource=Resource.TRIAL_PERIOD,
        requested_by=user,
        reason=reason[:300],
        months=months,
        days=days,
        approver_role=Role.PRESIDENT,
        approver_court=court,
        approver_label=label,
        citation=str(authority.citation),
        detail={
            "level": authority.level.value,
            "tier": authority.tier,
            "due_now": case.trial_due_on.isoformat() if case.trial_due_on else None,
            "period_before": authority.due_before.isoformat(),
            "period_after": authority.due_after.isoformat(),
            "explanation": authority.explanation,
            "approvers": [u.get_full_name() for u in approvers],
        },
    )
    span = request.span
    case_event_append(
        case=case,
        type=CaseEventType.PERIOD_EXTENSION_REQUESTED,
        actor=actor,
        summary=f"申请延长审限{span}（理由：{reason}），报请{label}审批（{authority.citation}）",
        new={"request": request.pk, "months": months, "days": days, "approver": authority.level.value},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CASE_PERIOD_EXTENSION_REQUEST,
        target=case,
        reason=reason,
        extra={"request": request.pk, "months": months, "days": days, "approver_court": court.pk},
    )
    _notify(
        users=approvers,
        title=f"延长审限待审批：{case.number}",
        body=f"{user.get_full_name()}申请延长审限{span}：{reason}",
        link=QUEUE_LINK,
    )
    return request


@transaction.atomic
def assignment_request(*, case: Case, actor: Actor, judge: User, reason: str) -> ApprovalRequest:
    """Ask for a designated assignment (指定分案) or, on an assigned case, a change of judge (变更承办人): the rules
    name the approver (the division's head, or the president; 法发〔2015〕13号 第十八条). The judge changes only on
    approval; random assignment (随机分案) remains the rule and needs no approval."""
    from smartcourt.courts.selectors import users_with_role

    case = Case.objects.select_for_update(of=("self",)).select_related("court", "division").get(pk=case.pk)
    _require(actor, Action.ASSIGN, case)
    user = _person(actor, "指定分案或变更承办人须由分案人员提出申请。")
    reason = (reason or "").strip()
    if not reason:
        raise CaseInputError("指定分案或变更承办人必须填写理由。", extra={"field": "reason"})
    if not users_with_role(role=Role.JUDGE, court=case.court).filter(pk=judge.pk).exists():
        raise CaseInputError(f"{judge.get_full_name()}不是本院法官，不能承办本案。", extra={"field": "judge"})
    reassignment = case.judge_id is not None
    if case.judge_id == judge.pk:
        raise CaseInputError("新承办法官与原承办法官相同。", extra={"field": "judge"})
    _pending_refuse(case, Resource.ASSIGNMENT, "分案")
    kind = ApprovalRequest.Kind.REASSIGNMENT if reassignment else ApprovalRequest.Kind.DESIGNATED
    involved = {pk for pk in (user.pk, judge.pk, case.judge_id) if pk is not None}
    heads: list[User] = []
    if case.division is not None:
        heads = _approvers(
            case=case, role=Role.DIVISION_HEAD, court=case.court, division=case.division, resource=Resource.ASSIGNMENT
        )
        heads = [u for u in heads if u.pk not in involved]
    choice = designation_approver(
        reassignment=reassignment, has_division=case.division is not None, free_division_heads=len(heads)
    )
    if choice.in_division and case.division is not None:
        approvers, division, label = heads, case.division, f"{case.division.name}庭长"
    else:
        approvers = _approvers(
            case=case, role=Role.PRESIDENT, court=case.court, division=None, resource=Resource.ASSIGNMENT
        )
        approvers, division, label = [u for u in approvers if u.pk not in involved], None, "本院院长"
    if not approvers:
        raise ApprovalError(f"{choice.explanation}本院尚无可审批的{label}账户。", code="approval.no_approver")
    request = ApprovalRequest.objects.create(
        case=case,
        kind=kind,
        resource=Resource.ASSIGNMENT,
        requested_by=user,
        reason=reason[:300],
        judge=judge,
        approver_role=choice.role,
        approver_court=case.court,
        approver_division=division,
        approver_label=label,
        citation=str(choice.citation),
        detail={
            "judge": judge.get_full_name(),
            "previous_judge": case.judge.get_full_name() if case.judge is not None else None,
            "explanation": choice.explanation,
            "approvers": [u.get_full_name() for u in approvers],
        },
    )
    act = request.get_kind_display()
    case_event_append(
        case=case,
        type=CaseEventType.ASSIGNMENT_REQUESTED,
        actor=actor,
        summary=f"申请{act}：拟由{judge.get_full_name()}承办（理由：{reason}），报请{label}审批（{choice.citation}）",
        new={"request": request.pk, "kind": kind, "judge": judge.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CASE_ASSIGN_REQUEST,
        target=case,
        reason=reason,
        extra={"request": request.pk, "kind": kind, "judge": judge.pk},
    )
    _notify(
        users=approvers,
        title=f"{act}待审批：{case.number}",
        body=f"{user.get_full_name()}申请{act}，拟由{judge.get_full_name()}承办：{reason}",
        link=QUEUE_LINK,
    )
    return request


# ---------------------------------------------------------------- decisions


def _decider(request: ApprovalRequest, case: Case, actor: Actor) -> User:
    """The person deciding: one holding the named role there, whom the table lets approve, and not involved."""
    from smartcourt.courts.selectors import users_with_role

    actor_required(actor)
    user = _person(actor, "审批须由审批人本人作出。")
    wrong = f"该申请应由{request.approver_label}审批（{request.citation}）。"
    holders = users_with_role(
        role=Role(request.approver_role), court=request.approver_court, division=request.approver_division
    )
    if not holders.filter(pk=user.pk).exists():
        raise Forbidden(wrong)
    permission_require(actor=user, resource=Resource(request.resource), action=Action.APPROVE, obj=case, message=wrong)
    if user.pk in _involved(request, case):
        raise Forbidden("不能审批本人提出或与本人有关的申请。")
    return user


def _locked(request: ApprovalRequest) -> tuple[ApprovalRequest, Case]:
    case = Case.objects.select_for_update(of=("self",)).select_related("court", "judge").get(pk=request.case_id)
    request = (
        ApprovalRequest.objects.select_for_update(of=("self",))
        .select_related("approver_court", "approver_division", "requested_by", "judge")
        .get(pk=request.pk)
    )
    return request, case


def _still_pending(request: ApprovalRequest) -> None:
    if request.state != ApprovalRequest.State.PENDING:
        raise ApprovalError(f"该申请{request.get_state_display()}，不能再处理。", code="approval.already_decided")


def _close(request: ApprovalRequest, *, state: str, by: User, note: str = "") -> None:
    request.state = state
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_note = note[:300]
    request.save(
        update_fields=["state", "decided_by", "decided_at", "decision_note", "adjustment", "draw", "updated_at"]
    )


def _judge_of(request: ApprovalRequest) -> User:
    if request.judge is None:  # a designation request always names its judge (the service sets it)
        raise ApprovalError("该申请没有拟承办法官。")
    return request.judge


@transaction.atomic
def approval_approve(*, request: ApprovalRequest, actor: Actor, note: str = "") -> ApprovalRequest:
    """Approve a pending request (批准): the extension is recorded on the clock (its rules checked again today) or
    the judge is put on the case; one case event and one audit row say who approved, as what, by which article."""
    request, case = _locked(request)
    _still_pending(request)
    user = _decider(request, case, actor)
    note = (note or "").strip()
    name = user.get_full_name()
    if request.kind == ApprovalRequest.Kind.EXTENSION:
        from .selectors import OPEN_STATES, case_clock

        if case.state not in OPEN_STATES:
            raise ApprovalError("案件已结案，该延长申请无需批准，请作不予批准处理。")
        request.adjustment = clock_services.trial_period_extension_record(
            subject=case_clock(case=case),
            on=timezone.localdate(),
            months=request.months,
            days=request.days,
            approved_by=user,
            reason=request.reason,
            court_level=case.court.level,
            approver_level=request.detail.get("level"),
        )
        _clock_refresh_and_save(case)
        _close(request, state=ApprovalRequest.State.APPROVED, by=user, note=note)
        due = f"{case.trial_due_on:%Y-%m-%d}" if case.trial_due_on else "—"
        case_event_append(
            case=case,
            type=CaseEventType.PERIOD_EXTENDED,
            actor=user,
            summary=f"{request.approver_label}{name}批准延长审限{request.span}，届满日{due}（{request.citation}）"
            + (f"。审批意见：{note}" if note else ""),
            new={"months": request.months, "days": request.days, "approved_by": user.pk, "request": request.pk},
        )
        audit_record(
            actor=user,
            action=AuditAction.CASE_PERIOD_EXTEND,
            target=case,
            reason=request.reason,
            extra={"request": request.pk, "requested_by": request.requested_by_id, "note": note},
        )
        title = f"延长审限已批准：{case.number}"
        body = f"{request.approver_label}{name}批准延长审限{request.span}，届满日{due}。"
    else:
        from smartcourt.courts.selectors import users_with_role

        judge = _judge_of(request)
        reassignment = request.kind == ApprovalRequest.Kind.REASSIGNMENT
        if reassignment != (case.judge_id is not None) or case.judge_id == judge.pk:
            raise ApprovalError("案件的承办法官已在申请后变动，该申请已不适用，请作不予批准处理。")
        if not users_with_role(role=Role.JUDGE, court=case.court).filter(pk=judge.pk).exists():
            raise ApprovalError("拟承办法官已不是本院法官，请作不予批准处理。")
        request.draw = _assignment_record(
            case=case,
            method=AssignmentDraw.Method.REASSIGNMENT if reassignment else AssignmentDraw.Method.DESIGNATED,
            judge_id=judge.pk,
            actor=user,
            approver=user,
            reason=request.reason,
            decided_by=request.requested_by,
            note=f"，经{request.approver_label}{name}批准（{request.citation}）",
        )
        _close(request, state=ApprovalRequest.State.APPROVED, by=user, note=note)
        title = f"{request.get_kind_display()}已批准：{case.number}"
        body = f"{request.approver_label}{name}批准由{judge.get_full_name()}承办。"
    _notify(users=[request.requested_by], title=title, body=body, link=f"/cases/{case.pk}/")
    return request


@transaction.atomic
def approval_refuse(*, request: ApprovalRequest, actor: Actor, note: str) -> ApprovalRequest:
    """Refuse a pending request (不予批准), with the reason; nothing changes on the case but its timeline."""
    request, case = _locked(request)
    _still_pending(request)
    user = _decider(request, case, actor)
    note = (note or "").strip()
    if not note:
        raise CaseInputError("不予批准须说明理由。", extra={"field": "note"})
    _close(request, state=ApprovalRequest.State.REFUSED, by=user, note=note)
    if request.kind == ApprovalRequest.Kind.EXTENSION:
        what = f"延长审限{request.span}"
        event, action = CaseEventType.PERIOD_EXTENSION_REFUSED, AuditAction.CASE_PERIOD_EXTENSION_REFUSE
    else:
        what = f"{request.get_kind_display()}（拟由{_judge_of(request).get_full_name()}承办）"
        event, action = CaseEventType.ASSIGNMENT_REFUSED, AuditAction.CASE_ASSIGN_REFUSE
    summary = f"{request.approver_label}{user.get_full_name()}不予批准{what}：{note}"
    case_event_append(case=case, type=event, actor=user, summary=summary, new={"request": request.pk})
    audit_record(actor=user, action=action, target=case, reason=note, extra={"request": request.pk})
    _notify(
        users=[request.requested_by],
        title=f"{request.get_kind_display()}未获批准：{case.number}",
        body=f"{request.approver_label}{user.get_full_name()}不予批准{what}。理由：{note}",
        link=f"/cases/{case.pk}/",
    )
    return request


@transaction.atomic
def approval_withdraw(*, request: ApprovalRequest, actor: Actor) -> ApprovalRequest:
    """Withdraw one's own pending request (撤回申请)."""
    request, case = _locked(request)
    user = _person(actor, "只有申请人本人可以撤回该申请。")
    if user.pk != request.requested_by_id:
        raise Forbidden("只有申请人本人可以撤回该申请。")
    _still_pending(request)
    _close(request, state=ApprovalRequest.State.WITHDRAWN, by=user)
    if request.kind == ApprovalRequest.Kind.EXTENSION:
        what = f"延长审限{request.span}"
        event, action = CaseEventType.PERIOD_EXTENSION_WITHDRAWN, AuditAction.CASE_PERIOD_EXTENSION_WITHDRAW
    else:
        what = request.get_kind_display()
        event, action = CaseEventType.ASSIGNMENT_WITHDRAWN, AuditAction.CASE_ASSIGN_WITHDRAW
    case_event_append(case=case, type=event, actor=user, summary=f"撤回{what}的申请", new={"request": request.pk})
    audit_record(actor=user, action=action, target=case, extra={"request": request.pk})
    return request

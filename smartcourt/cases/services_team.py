"""Writes for the case's team (审判团队): forming it on the case page, and the judge's standing team joining at
assignment. Re-exported by `cases.services` (`case_team_set`), which calls `team_on_assignment` from
`_assignment_record`.

Every change ends the leaving members' `CaseTeamMember` rows and starts the joining members', so who was on the team
when can be read back; `Case.judge`, `.assistant` and `.clerk` hold the current occupants, which the permission
table's OWN scope reads (the other panel judges are read from the rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from smartcourt.core.actors import actor_user
from smartcourt.core.services import AuditAction, audit_record, notification_send
from smartcourt.core.timeline import event_time
from smartcourt.courts.permissions import Action, Resource, allows, permission_require
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors_teams import court_leader_ids, standing_team_for, user_holds_role

from .models import Case, CaseEventType, CaseState, CaseTeamMember, TeamRole
from .rules import team as team_rules
from .services_base import CaseInputError, case_event_append

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import User

OPEN_STATES = (CaseState.REGISTERED, CaseState.IN_TRIAL, CaseState.SUSPENDED)
ROLE_LABELS = dict(TeamRole.choices)


@dataclass(frozen=True)
class Seat:
    """One place on the team as it should be: who, in which role, presiding or not, designated by whom."""

    user: User
    role: str
    presiding: bool = False
    designated_by: Actor | None = None


@dataclass
class TeamChange:
    left: list[CaseTeamMember] = field(default_factory=list)
    joined: list[CaseTeamMember] = field(default_factory=list)

    def describe(self) -> str:
        parts = []
        if self.joined:
            parts.append("加入：" + "、".join(_seat_label(m) for m in self.joined))
        if self.left:
            parts.append("离开：" + "、".join(_seat_label(m) for m in self.left))
        return "；".join(parts)


def _place_label(member: CaseTeamMember) -> str:
    return "审判长" if member.presiding else str(ROLE_LABELS[member.role])


def _seat_label(member: CaseTeamMember) -> str:
    return f"{_place_label(member)}{member.user.get_full_name()}"


def _active_members(case: Case) -> dict[int, CaseTeamMember]:
    rows = (
        CaseTeamMember.objects.select_for_update(of=("self",))
        .filter(case=case, ended_at__isnull=True)
        .select_related("user")
    )
    return {m.user_id: m for m in rows}


def _team_write(*, case: Case, actor: Actor, seats: Sequence[Seat], keep: Sequence[str] = ()) -> TeamChange:
    """Make the case's active team rows equal `seats`: a member whose place changed (role, presiding) or who is no
    longer seated leaves (their row ends), a new or changed place starts a new row. Members in a role of `keep`
    who are not in `seats` stay as they are (assignment touches the judge and the standing team's places only)."""
    now = event_time()
    wanted = {s.user.pk: s for s in seats}
    if len(wanted) != len(seats):
        raise CaseInputError("同一人不能在审判团队中担任两个角色。")
    active = _active_members(case)
    change = TeamChange()
    for user_id, row in active.items():
        seat = wanted.get(user_id)
        if seat is None and row.role in keep:
            continue
        if seat is None or (seat.role, seat.presiding) != (row.role, row.presiding):
            # never before its start (the demo replays history at hours that may wrap within one day)
            row.ended_at, row.ended_by = max(now, row.started_at), actor_user(actor)
            row.save(update_fields=["ended_at", "ended_by", "updated_at"])
            change.left.append(row)
    ended = {m.user_id for m in change.left}
    for seat in seats:
        if seat.user.pk in active and seat.user.pk not in ended:
            continue
        change.joined.append(
            CaseTeamMember.objects.create(
                case=case,
                user=seat.user,
                role=seat.role,
                presiding=seat.presiding,
                designated_by=actor_user(seat.designated_by) if seat.designated_by is not None else None,
                started_at=now,
                added_by=actor_user(actor),
            )
        )
    return change


def _eligible(*, person: User | None, role: Role, case: Case, label: str, field_name: str) -> None:
    if person is not None and not user_holds_role(user=person, role=role, court=case.court):
        raise CaseInputError(
            f"{person.get_full_name()}不是{case.court.name}的{label}，不能加入本案审判团队。",
            extra={"field": field_name},
        )


def _team_summary(case: Case, seats: Sequence[Seat]) -> str:
    judges = [s for s in seats if s.role in (TeamRole.JUDGE, TeamRole.PANEL_JUDGE)]
    if len(judges) > 1:
        ordered = sorted(judges, key=lambda s: (not s.presiding, s.role != TeamRole.JUDGE))
        bench = "合议庭：" + "、".join(
            ("审判长" if s.presiding else "审判员")
            + s.user.get_full_name()
            + ("（承办）" if s.role == TeamRole.JUDGE else "")
            for s in ordered
        )
    else:
        bench = f"独任审理：承办法官{case.judge.get_full_name() if case.judge else '—'}"
    aides = [
        f"{label}{person.get_full_name()}"
        for person, label in ((case.assistant, "法官助理"), (case.clerk, "书记员"))
        if person is not None
    ]
    return "；".join([bench, *aides])


@transaction.atomic
def case_team_set(
    *,
    case: Case,
    actor: Actor,
    assistant: User | None = None,
    clerk: User | None = None,
    panel: Sequence[User] = (),
    presiding: User | None = None,
    designated_by: User | None = None,
) -> Case:
    """Form the case's team (组成审判团队): the judge in charge with the other panel judges (合议庭) or alone (独任),
    the presiding judge (审判长), the assistant (法官助理) and the clerk (书记员). The whole team is given: a place
    left empty is emptied.

    The judge in charge or the division head forms it (permission table: CASE_TEAM/CHANGE). Each member must hold
    the role at the case's court. A panel is three or more judges, an odd number, and one of them presides — the
    president or a division head if one sits on it — designated by the president or the division head (民事诉讼法
    Art. 40, 44; 人民法院组织法 Art. 30): the actor, if the table lets them designate, else `designated_by`.
    """
    case = Case.objects.select_for_update(of=("self",)).select_related("court", "judge").get(pk=case.pk)
    permission_require(
        actor=actor,
        resource=Resource.CASE_TEAM,
        action=Action.CHANGE,
        obj=case,
        message="只有承办法官或本庭庭长可以组成审判团队。",
    )
    if case.judge is None:
        raise CaseInputError("本案尚未分案：审判团队围绕承办法官组成，请先确定承办法官。")
    if case.state not in OPEN_STATES:
        raise CaseInputError(f"本案已{case.get_state_display()}，审判团队不再变更。")
    judge = case.judge
    _eligible(person=assistant, role=Role.JUDGE_ASSISTANT, case=case, label="法官助理", field_name="assistant")
    _eligible(person=clerk, role=Role.CLERK, case=case, label="书记员", field_name="clerk")
    others: list[User] = []
    for person in panel:
        if person.pk == judge.pk or any(p.pk == person.pk for p in others):
            continue  # the judge in charge sits on the panel anyway; a name ticked twice counts once
        _eligible(person=person, role=Role.JUDGE, case=case, label="法官", field_name="panel")
        others.append(person)
    problem = team_rules.panel_problem(kind=case.kind, procedure=case.procedure, others=len(others))
    if problem:
        raise CaseInputError(problem, extra={"field": "panel"})
    members = [judge.pk, *(p.pk for p in others)]
    if not others and presiding is not None and presiding.pk == judge.pk:
        presiding = None  # a judge sitting alone presides over nothing
    problem = team_rules.presiding_problem(
        members=members,
        presiding=presiding.pk if presiding is not None else None,
        leaders=court_leader_ids(court=case.court),
    )
    if problem:
        raise CaseInputError(problem, extra={"field": "presiding"})
    designator: Actor | None = None
    current = CaseTeamMember.objects.filter(case=case, ended_at__isnull=True, presiding=True).first()
    if presiding is not None:
        if current is not None and current.user_id == presiding.pk:
            designator = current.designated_by  # the same presiding judge: the earlier designation stands
        else:
            designator = designated_by or (
                actor if allows(user=actor, resource=Resource.CASE_TEAM, action=Action.APPROVE, obj=case) else None
            )
            if designator is None:
                raise CaseInputError(
                    f"审判长由院长或者庭长指定（{team_rules.CIVIL_PRESIDING}），请选择指定审判长的院庭长。",
                    extra={"field": "designated_by"},
                )
            if not allows(user=designator, resource=Resource.CASE_TEAM, action=Action.APPROVE, obj=case):
                raise CaseInputError(
                    f"{designator.get_full_name()}不是本院院长或本庭庭长，不能指定审判长（{team_rules.CIVIL_PRESIDING}）。",
                    extra={"field": "designated_by"},
                )

    def seat(person: User, role: str) -> Seat:
        presides = presiding is not None and presiding.pk == person.pk
        return Seat(person, role, presiding=presides, designated_by=designator if presides else None)

    seats = [seat(judge, TeamRole.JUDGE), *(seat(p, TeamRole.PANEL_JUDGE) for p in others)]
    if assistant is not None:
        seats.append(Seat(assistant, TeamRole.ASSISTANT))
    if clerk is not None:
        seats.append(Seat(clerk, TeamRole.CLERK))
    old = {"assistant": case.assistant_id, "clerk": case.clerk_id}
    old_panel = sorted(
        CaseTeamMember.objects.filter(case=case, ended_at__isnull=True, role=TeamRole.PANEL_JUDGE).values_list(
            "user_id", flat=True
        )
    )
    change = _team_write(case=case, actor=actor, seats=seats)
    fields_changed = (case.assistant_id, case.clerk_id) != (getattr(assistant, "pk", None), getattr(clerk, "pk", None))
    if not change.left and not change.joined and not fields_changed:
        raise CaseInputError("审判团队没有变化。")
    case.assistant, case.clerk = assistant, clerk
    case.save(update_fields=["assistant", "clerk", "updated_at"])
    new: dict[str, Any] = {
        "assistant": case.assistant_id,
        "clerk": case.clerk_id,
        "panel": sorted(p.pk for p in others),
        "presiding": presiding.pk if presiding is not None else None,
    }
    detail = change.describe()
    case_event_append(
        case=case,
        type=CaseEventType.TEAM_SET,
        actor=actor,
        summary=f"组成审判团队：{_team_summary(case, seats)}" + (f"（{detail}）" if detail else ""),
        old={**old, "panel": old_panel, "presiding": current.user_id if current is not None else None},
        new=new,
    )
    audit_record(actor=actor, action=AuditAction.CASE_TEAM_SET, target=case, extra=new)
    _notify_joined(case=case, actor=actor, joined=change.joined)
    return case


def _notify_joined(*, case: Case, actor: Actor, joined: Sequence[CaseTeamMember]) -> None:
    for member in joined:
        if member.user_id == getattr(actor_user(actor), "pk", None) or member.role == TeamRole.JUDGE:
            continue  # the judge in charge hears of the case from the assignment itself
        notification_send(
            recipient=member.user,
            title=f"加入审判团队：{case.number}",
            body=f"您已作为{_place_label(member)}加入{case.number}（{case.title}）的审判团队。",
            link=f"/cases/{case.pk}/",
            topic="case.team_joined",
        )


@dataclass(frozen=True)
class AssignmentTeam:
    """What an assignment did to the team, for the assignment's one timeline event."""

    summary: str
    payload: dict[str, Any]


def team_on_assignment(*, case: Case, judge: User, actor: Actor) -> AssignmentTeam:
    """The team follows an assignment (分案 / 变更承办人), inside the assignment's transaction: the new judge takes the
    judge's place; a panel formed for the previous judge is dissolved (the new judge in charge forms it again); and
    the new judge's standing team (固定审判团队) takes the assistant's and clerk's places it names — places it leaves
    empty keep their occupant. `case` is locked and not yet saved; the caller saves `assistant` and `clerk`."""
    standing = standing_team_for(judge=judge, court=case.court, division=case.division)
    active = _active_members(case)
    seats: list[Seat] = [Seat(judge, TeamRole.JUDGE)]
    keep = [TeamRole.ASSISTANT, TeamRole.CLERK]
    applied: list[str] = []
    for place, role, label, attr in (
        (TeamRole.ASSISTANT, Role.JUDGE_ASSISTANT, "法官助理", "assistant"),
        (TeamRole.CLERK, Role.CLERK, "书记员", "clerk"),
    ):
        person = getattr(standing, attr, None) if standing is not None else None
        if (
            person is None
            or any(s.user.pk == person.pk for s in seats)
            or not user_holds_role(user=person, role=role, court=case.court)
        ):
            continue  # no standing member for this place (or no longer eligible): the place keeps its occupant
        seats.append(Seat(person, place))
        setattr(case, attr, person)
        applied.append(f"{label}{person.get_full_name()}")
    # An occupant of a kept place who is not replaced stays; one who is replaced leaves with their row.
    replaced = {s.role for s in seats if s.role in keep}
    keep = [r for r in keep if r not in replaced]
    for row in active.values():
        if row.role in keep and not any(s.user.pk == row.user_id for s in seats):
            seats.append(Seat(row.user, row.role))
    change = _team_write(case=case, actor=actor, seats=seats, keep=keep)
    dissolved = [m for m in change.left if m.role == TeamRole.PANEL_JUDGE]
    parts = []
    if applied:
        parts.append("审判团队按承办法官的固定审判团队确定：" + "、".join(applied))
    if dissolved:
        parts.append("原合议庭解散，由新承办法官重新组成")
    _notify_joined(case=case, actor=actor, joined=[m for m in change.joined if m.role != TeamRole.JUDGE])
    return AssignmentTeam(
        summary="；".join(parts),
        payload={
            "assistant": getattr(case.assistant, "pk", None),
            "clerk": getattr(case.clerk, "pk", None),
            "standing_team": standing.pk if standing is not None else None,
        },
    )

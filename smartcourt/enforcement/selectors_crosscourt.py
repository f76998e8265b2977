"""Reads of cross-court and entrusted enforcement and of the assistance network (ADR 0043): a case's arrangements,
entrustments and tasks with their deadlines; the receiving and entrusted courts' inbox; a grid worker's tasks; the
court that did each thing on the case's timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Case as When_
from django.db.models import IntegerField, QuerySet, Value, When
from django.utils import timezone

from smartcourt.courts.permissions import Action, Resource, grant_courts, visible_q
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import (
    court_ancestors,
    court_list,
    court_subtree,
    users_active_with_roles,
    users_with_role,
)

from .models import AssistanceTask, CrossCourt, EnforcementFile, Entrustment, EntrustmentReport

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CaseEvent
    from smartcourt.courts.models import Court, User


def file_crosscourts(*, file: EnforcementFile) -> list[CrossCourt]:
    return list(
        CrossCourt.objects.filter(file=file)
        .select_related("designating_court", "from_court", "to_court", "receiving_officer", "handover")
        .order_by("id")
    )


def file_entrustments(*, file: EnforcementFile) -> QuerySet[Entrustment]:
    return (
        Entrustment.objects.filter(file=file)
        .select_related("to_court", "from_court", "officer", "party__person")
        .prefetch_related("reports")
        .order_by("-sent_on", "-id")
    )


def file_tasks(*, file: EnforcementFile) -> QuerySet[AssistanceTask]:
    return (
        AssistanceTask.objects.filter(file=file)
        .select_related("worker", "party__person", "court")
        .order_by("state", "due_on", "id")
    )


@dataclass(frozen=True)
class Due:
    """Where an entrustment or a task stands against its time limit."""

    overdue: bool
    label: str  # shown beside it


def entrustment_due(e: Entrustment, *, today: date | None = None) -> Due:
    today = today or timezone.localdate()
    if e.state == Entrustment.State.SENT:
        if today > e.act_by:
            return Due(True, f"逾期未开始执行（应于{e.act_by:%Y-%m-%d}前），可请求受托法院的上级法院指令执行")
        return Due(False, f"应于{e.act_by:%Y-%m-%d}前开始执行")
    if e.state == Entrustment.State.ACCEPTED:
        progressed = any(r.kind == EntrustmentReport.Kind.PROGRESS for r in e.reports.all())
        if today > e.report_by and not progressed:
            return Due(True, f"逾期未函告执行情况（应于{e.report_by:%Y-%m-%d}前）")
        return Due(False, f"未执行完毕的，{e.report_by:%Y-%m-%d}前函告执行情况")
    return Due(False, "")


def task_due(t: AssistanceTask, *, today: date | None = None) -> Due:
    today = today or timezone.localdate()
    if t.state != AssistanceTask.State.OPEN:
        return Due(False, "")
    if today > t.due_on:
        return Due(True, f"已逾期{(today - t.due_on).days}天")
    return Due(False, f"剩{(t.due_on - today).days}天")


def handovers_for(*, user: User) -> QuerySet[CrossCourt]:
    """The designations the person's court receives (the receiving court's side)."""
    return (
        CrossCourt.objects.filter(visible_q(user=user, resource=Resource.ENFORCEMENT_HANDOVER, action=Action.VIEW))
        .select_related("file__case", "from_court", "to_court", "designating_court", "receiving_officer", "handover")
        .annotate(
            pending=When_(
                When(state=CrossCourt.State.HANDED_OVER, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("pending", "-decided_on", "-id")
    )


def entrustments_for(*, user: User) -> QuerySet[Entrustment]:
    """What other courts entrusted to the person's court (the entrusted court's side), open ones first."""
    order = When_(
        When(state=Entrustment.State.SENT, then=Value(0)),
        When(state=Entrustment.State.ACCEPTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Entrustment.objects.filter(visible_q(user=user, resource=Resource.ENFORCEMENT_ENTRUSTMENT, action=Action.VIEW))
        .select_related("file__case", "from_court", "to_court", "officer", "party__person")
        .prefetch_related("reports")
        .annotate(open_order=order)
        .order_by("open_order", "act_by", "-id")
    )


def tasks_for_worker(*, user: User) -> QuerySet[AssistanceTask]:
    """A grid worker's tasks: open ones by deadline (the overdue first), then those reported."""
    order = When_(When(state=AssistanceTask.State.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        AssistanceTask.objects.filter(
            visible_q(user=user, resource=Resource.ENFORCEMENT_ASSISTANCE, action=Action.VIEW)
        )
        .select_related("file__case__court", "party__person", "court")
        .annotate(open_order=order)
        .order_by("open_order", "due_on", "-id")
    )


def entrustment_get(*, entrustment_id: int) -> Entrustment | None:
    return (
        Entrustment.objects.filter(pk=entrustment_id)
        .select_related("file__case__court", "from_court", "to_court", "officer", "sent_by", "party__person")
        .first()
    )


def crosscourt_get(*, crosscourt_id: int) -> CrossCourt | None:
    return (
        CrossCourt.objects.filter(pk=crosscourt_id)
        .select_related("file__case__court", "from_court", "to_court", "designating_court", "receiving_officer")
        .first()
    )


def task_get(*, task_id: int) -> AssistanceTask | None:
    return (
        AssistanceTask.objects.filter(pk=task_id).select_related("file__case__court", "party__person", "court").first()
    )


def designation_choices(*, user: User, case: Case) -> tuple[list[Court], list[Court]]:
    """For a higher court's leader: the courts above the case's court they may decide for, and the courts those
    may designate (each designating court's own jurisdiction, except the case's court)."""
    allowed = grant_courts(user=user, resource=Resource.ENFORCEMENT_DESIGNATION, action=Action.APPROVE)
    above = [c for c in court_ancestors(court=case.court) if c.pk != case.court_id and c.pk in allowed]
    if not above:
        return [], []
    receiving = [c for c in court_subtree(court=above[-1]).order_by("path") if c.pk != case.court_id]
    return above, receiving


def network_workers(*, courts: Iterable[Court]) -> list[tuple[User, Court]]:
    """The grid workers and village officials of `courts` (those enforcing a case), each with their court."""
    out: list[tuple[User, Court]] = []
    seen: set[int] = set()
    for court in courts:
        for user in users_with_role(role=Role.ASSISTANCE_WORKER, court=court):
            if user.pk not in seen:
                seen.add(user.pk)
                out.append((user, court))
    return out


def entrustable_courts(*, exclude: Iterable[int]) -> list[Court]:
    skip = set(exclude)
    return [c for c in court_list() if c.pk not in skip]


def acting_courts(
    *, case: Case, events: Iterable[CaseEvent], arrangements: list[CrossCourt] | None = None
) -> dict[int, str]:
    """Which court did each thing on a shared case's timeline: the court the write named (`new["court"]`, as every
    cross-court write does), else the court among those enforcing the case where the actor holds a role (the
    case's court first). Empty — and no query beyond `arrangements` — for a case no other court enforces."""
    if arrangements is None:
        arrangements = list(CrossCourt.objects.filter(file__case=case).select_related("to_court", "designating_court"))
    if not arrangements:
        return {}
    courts: dict[int, Court] = {case.court_id: case.court}
    for cc in arrangements:
        courts.setdefault(cc.to_court_id, cc.to_court)
    shown = {c.name: c.short_name or c.name for c in [*courts.values(), *(cc.designating_court for cc in arrangements)]}
    events = list(events)
    actors = {e.actor_id for e in events if e.actor_id}
    home: dict[int, int] = {}
    for court_id in courts:  # the case's court first: it wins for a person with roles in several
        staff = users_active_with_roles(roles=list(Role), court_ids=[court_id]).filter(pk__in=actors)
        for user_id in staff.values_list("pk", flat=True):
            home.setdefault(user_id, court_id)
    out: dict[int, str] = {}
    for e in events:
        payload = e.payload if isinstance(e.payload, dict) else {}
        named = (payload.get("new") or {}).get("court")
        if named:
            out[e.pk] = shown.get(str(named), str(named))
        elif e.actor_id in home:
            court = courts[home[e.actor_id]]
            out[e.pk] = court.short_name or court.name
    return out

"""Reads of service (送达): the service centre's queue, a task for a user, the recipient's inbox, statistics."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from smartcourt.cases.selectors import case_visible_to, parties_represented_by
from smartcourt.core.errors import NotFound
from smartcourt.core.outbox.selectors import outbox_messages_for, outbox_messages_for_any
from smartcourt.core.params import int_params
from smartcourt.courts.permissions import Action, Resource, allows, permits

from .models import (
    AttemptState,
    Channel,
    ReadAuth,
    ServiceAddress,
    ServiceAttempt,
    ServiceDeadline,
    ServiceEventType,
    ServiceTask,
    TaskState,
)
from .rules import moment as M
from .rules.plan import DEFAULT_WAIT_DAYS

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, Person
    from smartcourt.core.outbox.models import OutboundMessage
    from smartcourt.courts.models import Court, User


def service_tasks_by_ids(*, task_ids: list[int]) -> list[ServiceTask]:
    """The tasks of `task_ids` in that order, for a system reader (a hand-off receiver); no permission check."""
    rows = {t.pk: t for t in ServiceTask.objects.filter(pk__in=task_ids)}
    return [rows[pk] for pk in task_ids if pk in rows]


def service_task_visible_to(*, user: User, action: Action = Action.VIEW) -> QuerySet[ServiceTask]:
    """Tasks on cases where the SERVICE grant applies, plus (for VIEW) tasks addressed to the user themself."""
    cases = case_visible_to(user=user, action=action, resource=Resource.SERVICE).values("pk")
    q = Q(case_id__in=cases)
    if action == Action.VIEW and user.is_authenticated:
        q |= _addressed_to(user)
    return ServiceTask.objects.filter(q).distinct()


def _addressed_to(user: User, person: str = "person") -> Q:
    """Addressed to the person, or to a party they represent while the representation is in force (it ends with
    解除委托 like access to the case does)."""
    return Q(**{f"{person}__user": user}) | Q(party_id__in=parties_represented_by(user=user).values("pk"))


def service_task_get_for_user(*, task_id: int, user: User, action: Action = Action.VIEW) -> ServiceTask:
    """The task if `user` may see it; a missing task and a hidden one raise the same NotFound."""
    task = (
        service_task_visible_to(user=user, action=Action.VIEW)
        .select_related("case", "court", "party", "person", "address", "served_attempt", "batch")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound()
    if action != Action.VIEW and not allows(user=user, resource=Resource.SERVICE, action=action, obj=task.case):
        raise NotFound()
    return task


def service_may_change(*, user: User, task: ServiceTask) -> bool:
    return allows(user=user, resource=Resource.SERVICE, action=Action.CHANGE, obj=task.case)


def service_is_staff(*, user: User) -> bool:
    """Court staff of the service side: a grant of SERVICE/VIEW in the table (a judge's on their own cases counts),
    as opposed to a recipient reading what was served on them, which needs no grant."""
    return permits(user=user, resource=Resource.SERVICE, action=Action.VIEW, include_own=True)


@dataclass
class QueueFilters:
    state: str = ""
    channel: str = ""
    document_type: str = ""
    q: str = ""
    batch: int | None = None
    overdue: bool = False


def service_queue(*, user: User, filters: QueueFilters | None = None) -> QuerySet[ServiceTask]:
    """The service centre's work queue (集中送达) across all cases the user may serve in."""
    f = filters or QueueFilters()
    qs = ServiceTask.objects.filter(
        case_id__in=case_visible_to(user=user, action=Action.VIEW, resource=Resource.SERVICE).values("pk")
    )
    qs = qs.filter(state=f.state) if f.state else qs.exclude(state__in=[TaskState.SERVED, TaskState.CANCELLED])
    if f.document_type:
        qs = qs.filter(document_type=f.document_type)
    if f.batch:
        qs = qs.filter(batch_id=f.batch)
    if f.q:
        qs = qs.filter(
            Q(case__number__icontains=f.q) | Q(person__name__icontains=f.q) | Q(attempts__tracking_number=f.q.upper())
        )
    if f.overdue:  # an open attempt older than the court's default waiting days (e-channels 3, post 15, in person 7)
        now = timezone.now()
        late = Q()
        for channel, days in DEFAULT_WAIT_DAYS.items():
            late |= Q(channel=channel, created_at__lt=now - timedelta(days=days))
        stale = ServiceAttempt.objects.filter(late, state__in=[AttemptState.AWAITING, AttemptState.DELIVERED]).values(
            "task_id"
        )
        qs = qs.filter(pk__in=stale, state=TaskState.IN_PROGRESS)
    if f.channel:
        qs = qs.filter(attempts__channel=f.channel, attempts__state__in=[AttemptState.AWAITING, AttemptState.DELIVERED])
    return qs.select_related("case", "person", "party").order_by("-created_at", "-id").distinct()


def service_queue_counts(*, user: User) -> dict[str, int]:
    cases = case_visible_to(user=user, action=Action.VIEW, resource=Resource.SERVICE).values("pk")
    rows = ServiceTask.objects.filter(case_id__in=cases).values("state").annotate(n=Count("pk"))
    return {r["state"]: r["n"] for r in rows}


def service_open_attempts(*, tasks: list[ServiceTask]) -> dict[int, ServiceAttempt]:
    """The latest attempt of each task (one query)."""
    out: dict[int, ServiceAttempt] = {}
    for a in ServiceAttempt.objects.filter(task__in=tasks).order_by("task_id", "seq"):
        out[a.task_id] = a
    return out


def service_tasks_for_case(*, case: Case, user: User, staff_view: bool | None = None) -> list[ServiceTask]:
    """Tasks of a case for the case page: staff with SERVICE on the case see all, others only those to them
    (`staff_view`: the caller asked the table already)."""
    qs = ServiceTask.objects.filter(case=case).select_related("person", "party", "served_attempt")
    if staff_view is None:
        staff_view = allows(user=user, resource=Resource.SERVICE, action=Action.VIEW, obj=case)
    if not staff_view:  # what their inbox holds: a cancelled task (a postponed hearing's summons) is not theirs to open
        # picked by id in a subquery: the rows need no DISTINCT over every column of the joined tables
        mine = ServiceTask.objects.filter(case=case).filter(_addressed_to(user)).exclude(state=TaskState.CANCELLED)
        qs = qs.filter(pk__in=mine.values("pk"))
    return list(qs.order_by("-created_at", "-id"))


def service_deadlines_for_case(*, case: Case, user: User, staff_view: bool | None = None) -> list[ServiceDeadline]:
    qs = ServiceDeadline.objects.filter(case=case).select_related("party__person", "task")
    if staff_view is None:
        staff_view = allows(user=user, resource=Resource.SERVICE, action=Action.VIEW, obj=case)
    if not staff_view:  # picked by id in a subquery (no DISTINCT over every joined column)
        mine = ServiceDeadline.objects.filter(case=case).filter(_addressed_to(user, person="party__person"))
        qs = qs.filter(pk__in=mine.values("pk"))
    return list(qs.order_by("due_on", "id"))


def service_tasks_for_recipient(*, user: User) -> QuerySet[ServiceTask]:
    """The platform inbox (诉讼平台送达): documents addressed to the user (or to a party the user represents)."""
    return (
        ServiceTask.objects.filter(_addressed_to(user))
        .exclude(state=TaskState.CANCELLED)
        .select_related("case", "court")
        .distinct()
        .order_by("-created_at", "-id")
    )


def service_inbox_attempt(*, task: ServiceTask) -> ServiceAttempt | None:
    return task.attempts.filter(channel=Channel.PLATFORM).order_by("-seq").first()


@dataclass(frozen=True)
class ReadRecord:
    """One read receipt with the evidence of who read (ADR 0015), from its append-only `receipt.read` event."""

    at: datetime
    attempt_seq: int
    channel: str
    via: str
    auth: str  # a ReadAuth value; "" for receipts recorded before evidence was kept
    auth_label: str
    ip: str
    user_agent: str
    account: str
    sha256: str  # the event's hash, anchored in the ledger
    legal_moment: bool  # this read is the moment the task was served


def service_read_evidence(*, task: ServiceTask) -> list[ReadRecord]:
    """The read receipts of a task, oldest first, each with how the reader proved to be the recipient, from where
    and with what (for the task page and the 送达回证)."""
    out = []
    events = task.events.filter(kind=ServiceEventType.RECEIPT_READ).select_related("attempt").order_by("occurred_at")
    for e in events:
        p, attempt = e.payload or {}, e.attempt
        auth = str(p.get("auth", ""))
        out.append(
            ReadRecord(
                at=attempt.read_at if attempt and attempt.read_at else e.occurred_at,
                attempt_seq=attempt.seq if attempt else 0,
                channel=attempt.get_channel_display() if attempt else "",
                via=str(p.get("via", "")),
                auth=auth,
                auth_label=str(ReadAuth(auth).label) if auth in ReadAuth.values else "未记录",
                ip=str(p.get("ip", "")),
                user_agent=str(p.get("user_agent", "")),
                account=str(p.get("account", "")),
                sha256=e.sha256,
                legal_moment=bool(
                    attempt and task.served_attempt_id == attempt.pk and task.served_at == attempt.read_at
                ),
            )
        )
    return out


def service_read_moment(*, attempt: ServiceAttempt) -> str:
    """If signing for `attempt` now would be the legal moment of service, why (the article, from the moment rule);
    else "" (the task is already served, e.g. on arrival at a confirmed address, or the read would not serve it)."""
    if attempt.task.state == TaskState.SERVED:
        return ""
    now = timezone.now()
    moment = M.electronic_moment(
        confirmed_address=attempt.confirmed_address,
        delivered_at=attempt.delivered_at,
        read_at=now,
        provider_reports_delivery=bool(attempt.evidence.get("reports_delivery", True)),
    )
    return moment.basis[0] if moment is not None and moment.at == now else ""


def service_address_current(*, person: Person) -> ServiceAddress | None:
    return (
        ServiceAddress.objects.filter(person=person, superseded_at__isnull=True).order_by("-signed_at", "-id").first()
    )


def service_address_history(*, person: Person) -> QuerySet[ServiceAddress]:
    return (
        ServiceAddress.objects.filter(person=person).select_related("case", "recorded_by").order_by("-signed_at", "-id")
    )


ATTEMPT_RELATED = "service.attempt"  # how the outbox refers to an attempt (see channels._outbox_dispatch)


def service_attempt_messages(*, attempt: ServiceAttempt) -> QuerySet[OutboundMessage]:
    """The SMS / e-mail sent for one attempt, from the one outbox."""
    return outbox_messages_for(related=(ATTEMPT_RELATED, attempt.pk))


def service_task_messages(*, task: ServiceTask) -> QuerySet[OutboundMessage]:
    """The SMS / e-mail sent for every attempt of a task, oldest first."""
    return outbox_messages_for_any(related_type=ATTEMPT_RELATED, related_ids=task.attempts.values_list("pk", flat=True))


def service_attempt_links(ids: list[str], user: User) -> dict[str, tuple[str, str]]:
    """For the outbox page: each attempt's case number, and its task's page where `user` may open that task."""
    rows = list(
        ServiceAttempt.objects.filter(pk__in=int_params(ids, limit=len(ids))).values_list(
            "pk", "task_id", "task__case__number"
        )
    )
    visible = set(
        service_task_visible_to(user=user).filter(pk__in={t for _, t, _ in rows}).values_list("pk", flat=True)
    )
    return {
        str(pk): (number, reverse("service:task", args=[task_id]) if task_id in visible else "")
        for pk, task_id, number in rows
    }


# --- statistics ----------------------------------------------------------------------------------------------------


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def service_panel_figures(*, court: Court, days: int = 30, today: date | None = None) -> dict[str, Any]:
    """What the workbench's statistics panel shows of `service_statistics` (the same figures, two queries instead of
    four): the tasks legally served in the last `days` days, the median hours from creation to service, and the
    tasks whose service failed (送达未果) that are still open."""
    today = today or timezone.localdate()
    start, _ = _day_bounds(today - timedelta(days=days - 1))
    _, end = _day_bounds(today)
    served = ServiceTask.objects.filter(court=court, state=TaskState.SERVED, served_at__gte=start, served_at__lt=end)
    pairs = served.values_list("created_at", "served_at")  # served_at is set: the filter asks for it
    hours = [max(0.0, (s - c).total_seconds() / 3600) for c, s in pairs if s is not None]
    return {
        "served_total": len(hours),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "exhausted": ServiceTask.objects.filter(court=court, state=TaskState.EXHAUSTED).count(),
    }


def service_statistics(*, court: Court, days: int = 30, today: date | None = None) -> dict[str, Any]:
    """Daily statistics of a court's service centre: per channel the success rate of finished attempts; per day
    the tasks created and served; the median time from task creation to legal service (hours)."""
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    start, _ = _day_bounds(first)
    _, end = _day_bounds(today)
    finished = (
        ServiceAttempt.objects.filter(task__court=court, finished_at__gte=start, finished_at__lt=end)
        .values("channel", "state")
        .annotate(n=Count("pk"))
    )
    per_channel: dict[str, dict[str, int]] = {c: {"served": 0, "failed": 0, "superseded": 0} for c in Channel.values}
    for row in finished:
        if row["state"] in per_channel[row["channel"]]:
            per_channel[row["channel"]][row["state"]] += row["n"]
    channels = []
    for value, label in Channel.choices:
        c = per_channel[value]
        total = c["served"] + c["failed"] + c["superseded"]
        channels.append(
            {"channel": value, "label": str(label), "served": c["served"], "failed": c["failed"],
             "superseded": c["superseded"], "total": total,
             "rate": round(100 * c["served"] / total, 1) if total else None}
        )  # fmt: skip
    served = list(
        ServiceTask.objects.filter(
            court=court, state=TaskState.SERVED, served_at__gte=start, served_at__lt=end
        ).values_list("created_at", "served_at", "served_on")
    )
    hours = [max(0.0, (s - c).total_seconds() / 3600) for c, s, _ in served]
    created = ServiceTask.objects.filter(court=court, created_at__gte=start, created_at__lt=end).values_list(
        "created_at", flat=True
    )
    per_day: dict[date, dict[str, Any]] = {
        first + timedelta(days=i): {"created": 0, "served": 0, "hours": []} for i in range(days)
    }
    for c in created:
        d = timezone.localtime(c).date()
        if d in per_day:
            per_day[d]["created"] += 1
    for c, s, _on in served:
        d = timezone.localtime(s).date()
        if d in per_day:
            per_day[d]["served"] += 1
            per_day[d]["hours"].append(max(0.0, (s - c).total_seconds() / 3600))
    daily = [
        {"day": d.isoformat(), "created": v["created"], "served": v["served"],
         "median_hours": round(statistics.median(v["hours"]), 1) if v["hours"] else None}
        for d, v in sorted(per_day.items())
    ]  # fmt: skip
    open_counts = dict(
        ServiceTask.objects.filter(court=court).values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {
        "first": first,
        "today": today,
        "channels": channels,
        "daily": daily,
        "served_total": len(served),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "states": {str(label): open_counts.get(value, 0) for value, label in TaskState.choices},
    }

"""Aggregate figures over the cases a leader supervises (the court overview of the management app).

Every figure is computed over one queryset that the permission table produced (`case_visible_to(action=SUPERVISE)`),
so a division head's overview counts her division, a president's their court and the courts below it. Each figure is
one grouped query; nothing iterates over cases in Python.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_save

from smartcourt.courts.permissions import Action
from smartcourt.legaltime.rules.deadlines import add_months  # from a month's first day: that month's first day

from .models import Case, CaseEvent, SupervisionTag
from .selectors import OPEN_STATES, RUNNING_STATES, case_visible_to

if TYPE_CHECKING:
    from smartcourt.courts.models import User


NEAR_DEADLINE_DAYS = 30  # "near the deadline": the trial period ends within 30 days (the workbench's largest alert)


@dataclass
class MonthFlow:
    month: date  # first day of the month
    filed: int
    closed: int
    pending_at_end: int


@dataclass
class DivisionFlow:
    division_id: int | None
    name: str
    filed: int
    closed: int
    pending: int
    overdue: int


@dataclass
class TagCount:
    kind: str
    label: str
    count: int


@dataclass
class OverviewFigures:
    today: date
    year_start: date
    filed_ytd: int
    closed_ytd: int
    pending: int
    overdue: int
    near_deadline: int
    long_pending: int  # open and filed more than 12 months ago (长期未结)
    clearance_rate: float | None  # 结收比: closed ÷ filed in the year so far, in %
    avg_days_to_close: float | None  # 平均审理天数 of the cases closed in the year so far
    months: list[MonthFlow] = field(default_factory=list)
    divisions: list[DivisionFlow] = field(default_factory=list)
    tags: list[TagCount] = field(default_factory=list)
    urgent: list[Case] = field(default_factory=list)  # overdue first, then nearest to the deadline
    my_tags: list[SupervisionTag] = field(default_factory=list)  # 四类案件 this leader supervises


def supervised_cases(*, user: User) -> QuerySet[Case]:
    """The cases `user` supervises by the permission table (SUPERVISE on the case), for overview figures."""
    return case_visible_to(user=user, action=Action.SUPERVISE)


def case_event_latest_id() -> int:
    """The newest case event's id: every case write appends one, so it versions any figure computed over cases."""
    return CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0


# ---------------------------------------------------------------- versions of the figures, per court
# Every case write appends a case event; each event renews its court's version in the shared cache, so a figure
# cached under the versions of the courts it covers is fresh until a case of one of those courts changes. A write
# in one court leaves every other court's cached figures alone (the newest event id, a single global version, made
# every leader's overview in the province cold again at each of its thousands of daily writes).

_VERSION_KEY = "cases:figures:court:{}"


def _version_token() -> str:
    return f"{time.time_ns():x}{random.getrandbits(24):06x}"


def court_figures_versions(*, court_ids: Iterable[int]) -> str:
    """The versions of these courts' case figures, as one string for a cache key. A court without a version yet
    gets a new one (never a fixed "0" that an evicted version would fall back to, serving figures it outdated)."""
    keys = {pk: _VERSION_KEY.format(pk) for pk in sorted(set(court_ids))}
    found = cache.get_many(list(keys.values()))
    for key in keys.values():
        if key not in found:
            cache.add(key, _version_token(), None)
            found[key] = cache.get(key) or _version_token()
    return ",".join(f"{pk}:{found[key]}" for pk, key in keys.items())


def court_figures_invalidate(*, court_ids: Iterable[int]) -> None:
    """A case of these courts changed: their figures' versions are renewed (now, and again when the transaction
    commits, so figures read in between with the old data are not kept)."""
    ids = list(court_ids)

    def renew() -> None:
        cache.set_many({_VERSION_KEY.format(pk): _version_token() for pk in ids}, None)

    renew()
    transaction.on_commit(renew)


def _case_event_saved(sender: type, instance: CaseEvent, created: bool, **kwargs: object) -> None:
    if created:
        case = instance.case  # the writer passed its case: no query
        court_figures_invalidate(court_ids=[case.court_id])


post_save.connect(_case_event_saved, sender=CaseEvent, dispatch_uid="cases.figures_version")


def _month_key(value: object) -> date:
    # TruncMonth yields a date on PostgreSQL and SQLite alike for a DateField; a datetime is normalised all the same.
    return value.date() if hasattr(value, "date") and callable(value.date) else value  # type: ignore[return-value]


def overview_figures(*, user: User, today: date, months: int = 12) -> OverviewFigures:
    qs = supervised_cases(user=user)
    year_start = date(today.year, 1, 1)
    first_month = add_months(date(today.year, today.month, 1), -(months - 1))
    open_q = Q(state__in=OPEN_STATES)
    overdue_q = Q(state__in=RUNNING_STATES, trial_due_on__lt=today)
    near_q = Q(
        state__in=RUNNING_STATES, trial_due_on__gte=today, trial_due_on__lte=today + timedelta(days=NEAR_DEADLINE_DAYS)
    )
    totals = qs.aggregate(
        filed_ytd=Count("id", filter=Q(filed_on__gte=year_start, filed_on__lte=today)),
        closed_ytd=Count("id", filter=Q(closed_on__gte=year_start, closed_on__lte=today)),
        pending=Count("id", filter=open_q),
        overdue=Count("id", filter=overdue_q),
        near=Count("id", filter=near_q),
        long_pending=Count("id", filter=open_q & Q(filed_on__lt=today - timedelta(days=365))),
    )
    duration = qs.filter(closed_on__gte=year_start, closed_on__lte=today).aggregate(
        avg=Avg(ExpressionWrapper(F("closed_on") - F("filed_on"), output_field=DurationField()))
    )["avg"]
    avg_days = round(duration.total_seconds() / 86400, 1) if duration is not None else None
    clearance = round(100 * totals["closed_ytd"] / totals["filed_ytd"], 1) if totals["filed_ytd"] else None

    # Cases filed and closed per month; the number pending at each month's end is walked back from today's count.
    filed_by = {
        _month_key(r["m"]): r["n"]
        for r in qs.filter(filed_on__gte=first_month)
        .annotate(m=TruncMonth("filed_on"))
        .values("m")
        .annotate(n=Count("id"))
    }
    closed_by = {
        _month_key(r["m"]): r["n"]
        for r in qs.filter(closed_on__gte=first_month)
        .annotate(m=TruncMonth("closed_on"))
        .values("m")
        .annotate(n=Count("id"))
    }
    flows: list[MonthFlow] = []
    pending = totals["pending"]
    for i in range(months - 1, -1, -1):
        month = add_months(first_month, i)
        flows.append(MonthFlow(month, filed_by.get(month, 0), closed_by.get(month, 0), pending))
        pending = pending - filed_by.get(month, 0) + closed_by.get(month, 0)  # pending at the previous month's end
    flows.reverse()

    divisions = [
        DivisionFlow(
            division_id=r["division_id"],
            name=r["division__name"] or "未定部门",
            filed=r["filed"],
            closed=r["closed"],
            pending=r["pending"],
            overdue=r["overdue"],
        )
        for r in qs.values("division_id", "division__name")
        .annotate(
            filed=Count("id", filter=Q(filed_on__gte=year_start, filed_on__lte=today)),
            closed=Count("id", filter=Q(closed_on__gte=year_start, closed_on__lte=today)),
            pending=Count("id", filter=open_q),
            overdue=Count("id", filter=overdue_q),
        )
        .order_by("division__name")
        if r["filed"] or r["closed"] or r["pending"]
    ]

    labels = dict(SupervisionTag.Kind.choices)
    tag_rows = (
        SupervisionTag.objects.filter(case__in=qs.filter(open_q), removed_at__isnull=True)
        .values("kind")
        .annotate(n=Count("id"))
    )
    tags = [TagCount(r["kind"], str(labels.get(r["kind"], r["kind"])), r["n"]) for r in tag_rows]
    tags.sort(key=lambda t: list(labels).index(t.kind) if t.kind in labels else 99)

    urgent = list(
        qs.filter(overdue_q | near_q).select_related("court", "judge", "division").order_by("trial_due_on", "id")[:10]
    )
    my_tags = list(
        SupervisionTag.objects.filter(supervisor=user, removed_at__isnull=True)
        .select_related("case", "case__judge")
        .order_by("-created_at")[:10]
    )
    return OverviewFigures(
        today=today,
        year_start=year_start,
        filed_ytd=totals["filed_ytd"],
        closed_ytd=totals["closed_ytd"],
        pending=totals["pending"],
        overdue=totals["overdue"],
        near_deadline=totals["near"],
        long_pending=totals["long_pending"],
        clearance_rate=clearance,
        avg_days_to_close=avg_days,
        months=flows,
        divisions=divisions,
        tags=tags,
        urgent=urgent,
        my_tags=my_tags,
    )

"""Aggregate figures over the cases a leader supervises (the court overview of the management app).

Every figure is computed over one queryset that the permission table produced (`case_visible_to(action=SUPERVISE)`),
so a division head's overview counts her division, a president's their court and the courts below it. Each figure is
one grouped query; nothing iterates over cases in Python.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_save

from smartcourt.courts.permissions import Action, Resource, visible_q
from smartcourt.legaltime.rules.deadlines import add_months  # from a month's first day: that month's first day

from . import rollup
from .models import Case, CaseEvent, CaseMonthCount, SupervisionTag
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


def division_names(*, ids: Iterable[int]) -> dict[int, str]:
    """The names of these divisions (庭室), by id."""
    division = Case._meta.get_field("division").related_model
    return dict(division._default_manager.filter(pk__in=list(ids)).values_list("pk", "name"))  # type: ignore[union-attr]


def _month_key(value: object) -> date:
    # TruncMonth yields a date on PostgreSQL and SQLite alike for a DateField; a datetime is normalised all the same.
    return value.date() if hasattr(value, "date") and callable(value.date) else value  # type: ignore[return-value]


def overview_figures(*, user: User, today: date, months: int = 12, from_rollup: bool = True) -> OverviewFigures:
    """The overview's figures; `from_rollup=False` reads the cases themselves (the bench's baseline)."""
    scope = visible_q(user=user, resource=Resource.CASE, action=Action.SUPERVISE)
    qs = Case.objects.filter(scope)  # supervised_cases(), its filter kept for the rollup
    year_start = date(today.year, 1, 1)
    first_month = add_months(date(today.year, today.month, 1), -(months - 1))
    open_q = Q(state__in=OPEN_STATES)
    overdue_q = Q(state__in=RUNNING_STATES, trial_due_on__lt=today)
    near_q = Q(
        state__in=RUNNING_STATES, trial_due_on__gte=today, trial_due_on__lte=today + timedelta(days=NEAR_DEADLINE_DAYS)
    )
    # Filings and closings per division and month of the last `months` months (from the rollup; else two grouped
    # index-only reads of the indexes of migration 0012), and the open cases by division (an index-only read of
    # the partial index case_open), from which every total below is summed.
    window = min(first_month, year_start)
    if from_rollup and rollup.q_fits(scope):
        # Filings and closings per month from the rollup (a few rows per court, division and month, kept by the
        # case writes): the same for ten million cases as for ten thousand.
        flow_rows = list(
            CaseMonthCount.objects.filter(scope, month__gte=window, month__lte=today)
            .values("division_id", "month")
            .annotate(f=Sum("filed"), c=Sum("closed"), d=Sum("closed_days"))
            .order_by()
        )
        filed_rows = [{"division_id": r["division_id"], "m": r["month"], "n": r["f"]} for r in flow_rows]
        closed_rows = [
            {"division_id": r["division_id"], "m": r["month"], "n": r["c"], "took": timedelta(days=r["d"] or 0)}
            for r in flow_rows
        ]
    else:
        filed_rows = list(
            qs.filter(filed_on__gte=window, filed_on__lte=today)
            .annotate(m=TruncMonth("filed_on"))
            .values("division_id", "m")
            .annotate(n=Count("*"))
        )
        closed_rows = list(
            qs.filter(closed_on__gte=window, closed_on__lte=today)
            .annotate(m=TruncMonth("closed_on"))
            .values("division_id", "m")
            .annotate(
                n=Count("*"),
                took=Sum(ExpressionWrapper(F("closed_on") - F("filed_on"), output_field=DurationField())),
            )
        )
    open_rows = (
        qs.filter(open_q)
        .values("division_id")
        .annotate(
            pending=Count("*"),
            overdue=Count("state", filter=overdue_q),  # a column of the index (state is never null)
            near=Count("state", filter=near_q),
            long_pending=Count("state", filter=Q(filed_on__lt=today - timedelta(days=365))),
        )
    )
    per_division: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    filed_by: dict[date, int] = defaultdict(int)
    closed_by: dict[date, int] = defaultdict(int)
    closed_days = timedelta(0)
    for r in filed_rows:
        month = _month_key(r["m"])
        filed_by[month] += r["n"]
        if month >= year_start:
            per_division[r["division_id"]]["filed"] += r["n"]
    for r in closed_rows:
        month = _month_key(r["m"])
        closed_by[month] += r["n"]
        if month >= year_start:
            per_division[r["division_id"]]["closed"] += r["n"]
            closed_days += r["took"] or timedelta(0)
    for r in open_rows:
        for name in ("pending", "overdue", "near", "long_pending"):
            per_division[r["division_id"]][name] += r[name]
    totals = {
        name: sum(d[name] for d in per_division.values())
        for name in ("filed", "closed", "pending", "overdue", "near", "long_pending")
    }
    avg_days = round(closed_days.total_seconds() / 86400 / totals["closed"], 1) if totals["closed"] else None
    clearance = round(100 * totals["closed"] / totals["filed"], 1) if totals["filed"] else None

    # The number pending at each month's end is walked back from today's count.
    flows: list[MonthFlow] = []
    pending = totals["pending"]
    for i in range(months - 1, -1, -1):
        month = add_months(first_month, i)
        flows.append(MonthFlow(month, filed_by.get(month, 0), closed_by.get(month, 0), pending))
        pending = pending - filed_by.get(month, 0) + closed_by.get(month, 0)  # pending at the previous month's end
    flows.reverse()

    names = division_names(ids=[pk for pk in per_division if pk is not None])
    divisions = sorted(
        (
            DivisionFlow(
                division_id=pk,
                name=names.get(pk, "") if pk is not None else "",
                filed=d["filed"],
                closed=d["closed"],
                pending=d["pending"],
                overdue=d["overdue"],
            )
            for pk, d in per_division.items()
            if d["filed"] or d["closed"] or d["pending"]
        ),
        key=lambda d: (d.name == "", d.name),
    )
    for d in divisions:
        d.name = d.name or "未定部门"

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
        filed_ytd=totals["filed"],
        closed_ytd=totals["closed"],
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

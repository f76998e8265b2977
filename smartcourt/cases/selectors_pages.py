"""Pages of the case list at any size: keyset pages (newest first) and a count that never counts every case.

A page is read after (or before) the last case shown, by (filed_on, id), so page 40,000 costs what page 1 costs:
the list's order index is walked from that point, where an OFFSET would read and drop every earlier row. The count
is exact up to EXACT_UP_TO matching cases (a bounded count stops there); past that, PostgreSQL's planner estimate is
shown as "about N" (a full count of a province's cases reads millions of rows on every page). `bench/cases.py`
measures the three (OFFSET, keyset, full count, bounded count and estimate) in the same run (ADR 0024).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from .models import Case

PAGE_SIZE = 25
EXACT_UP_TO = 1000
ESTIMATE_TRUSTED_FROM = 10 * EXACT_UP_TO


@dataclass(frozen=True)
class CasePage:
    rows: list[Case]
    has_next: bool
    has_previous: bool
    next_cursor: str  # what `after` takes for the next page
    previous_cursor: str  # what `before` takes for the previous page


@dataclass(frozen=True)
class CaseCount:
    value: int
    exact: bool  # False: at least EXACT_UP_TO + 1, and `value` is the planner's estimate


def case_cursor(case: Case) -> str:
    return f"{case.filed_on.isoformat()}.{case.pk}"


def _parse(cursor: str) -> tuple[date, int] | None:
    day, _, pk = (cursor or "").partition(".")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def case_page(queryset: QuerySet[Case], *, after: str = "", before: str = "", size: int = PAGE_SIZE) -> CasePage:
    """The page of `queryset` (ordered newest first: -filed_on, -id) after the case `after` names, or before the
    case `before` names, or the first page. An unreadable cursor reads as the first page."""
    back = _parse(before)
    ahead = None if back else _parse(after)
    if back:
        day, pk = back
        rows = list(
            queryset.filter(Q(filed_on__gt=day) | Q(id__gt=pk), filed_on__gte=day).order_by("filed_on", "id")[
                : size + 1
            ]
        )
        has_previous, rows = len(rows) > size, rows[:size][::-1]
        has_next = True
    else:
        if ahead:
            day, pk = ahead
            queryset = queryset.filter(Q(filed_on__lt=day) | Q(id__lt=pk), filed_on__lte=day)
        rows = list(queryset.order_by("-filed_on", "-id")[: size + 1])
        has_next, rows = len(rows) > size, rows[:size]
        has_previous = ahead is not None
    return CasePage(
        rows=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous and bool(rows),
        next_cursor=case_cursor(rows[-1]) if rows else "",
        previous_cursor=case_cursor(rows[0]) if rows else "",
    )


def planner_estimate(queryset: QuerySet) -> int:
    """PostgreSQL's estimate of the rows `queryset` returns (EXPLAIN, nothing executed)."""
    text = queryset.order_by().values("pk").explain(format="json")
    if not text:  # a query Django knows to be empty (`pk__in=[]`, say) is never sent: nothing to plan
        return 0
    plan = json.loads(text)
    return int(plan[0]["Plan"]["Plan Rows"])


def case_count(queryset: QuerySet[Case]) -> CaseCount:
    """How many cases `queryset` holds: exact up to EXACT_UP_TO, else PostgreSQL's estimate (never a full count).
    SQLite (one court, the embedded default) counts exactly.

    On PostgreSQL the estimate (planning only, ~1 ms) comes first: when it is far above EXACT_UP_TO
    (ESTIMATE_TRUSTED_FROM), the bounded count is not run at all. At 10,000,000 cases the bounded count of a common
    word's search cost 250 ms — the planner ANDs the word's bitmap with the court's 1.4 million rows to find the
    first thousand — while an estimate of ten thousand or more comes from the column's statistics and is close
    (measured there: 18,827 for 18,317 cases, 39,225 for 36,920); the planner's large errors are on rare words (×7.5:
    1,466 for 196), which are estimated low and so still counted."""
    estimate = planner_estimate(queryset) if connection.vendor == "postgresql" else 0
    if estimate >= ESTIMATE_TRUSTED_FROM:
        return CaseCount(estimate, False)
    bounded = queryset.order_by().values("pk")[: EXACT_UP_TO + 1].count()
    if bounded <= EXACT_UP_TO:
        return CaseCount(bounded, True)
    if connection.vendor != "postgresql":
        return CaseCount(queryset.count(), True)
    return CaseCount(max(estimate, EXACT_UP_TO + 1), False)


def case_count_of_page(queryset: QuerySet[Case], page: CasePage, *, first: bool) -> CaseCount:
    """`case_count(queryset)` for the list that shows `page` of it, `first` when no cursor was asked for: a first
    page with no page after it holds every matching case, so their number is exact with no query (a narrow search,
    a party's few cases); otherwise the estimate and the bounded count."""
    if first and not page.has_next:
        return CaseCount(len(page.rows), True)
    return case_count(queryset)

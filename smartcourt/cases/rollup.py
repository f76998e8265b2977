"""The rollup of filings and closings per court, division and month (CaseMonthCount, ADR 0024).

A case counts once as filed (in its filing month) and, once closed, once as closed (in its closing month, with its
days from filing to closing). `Case.save()` / `Case.delete()` read the case's old place (locked) and apply the
difference in the same transaction; the bulk seed adds each chunk's counts in the chunk's transaction;
`rebuild()` (`manage.py rebuild_case_rollup`) recounts from the cases. The upsert is one
`INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n` per place (PostgreSQL and SQLite alike), so concurrent
writers of the same court and month add up instead of overwriting each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth

from .models import Case, CaseMonthCount

PLACE_FIELDS = frozenset({"court", "court_id", "division", "division_id", "filed_on", "closed_on"})
TABLE = CaseMonthCount._meta.db_table


class Place(NamedTuple):
    """What the rollup counts a case by."""

    court_id: int
    division_id: int | None
    filed_on: date
    closed_on: date | None


Key = tuple[int, int | None, date]  # court, division, month


def _month(day: date) -> date:
    return day.replace(day=1)


def case_place(case: Case) -> Place:
    return Place(case.court_id, case.division_id, case.filed_on, case.closed_on)


def case_place_locked(case_id: int) -> Place | None:
    """The case's place as stored, its row locked until the transaction ends (no writer moves it meanwhile)."""
    qs = Case.objects.filter(pk=case_id)
    if connection.features.has_select_for_update:
        qs = qs.select_for_update()
    row = qs.values_list("court_id", "division_id", "filed_on", "closed_on").first()
    return Place(*row) if row else None


def places_locked(ids: list[int]) -> dict[int, Place]:
    """The stored places of these cases, by id, their rows locked until the transaction ends."""
    found: dict[int, Place] = {}
    for start in range(0, len(ids), 5000):
        qs = Case.objects.filter(pk__in=ids[start : start + 5000]).order_by("pk")
        if connection.features.has_select_for_update:
            qs = qs.select_for_update()
        for pk, court_id, division_id, filed_on, closed_on in qs.values_list(
            "pk", "court_id", "division_id", "filed_on", "closed_on"
        ):
            found[pk] = Place(court_id, division_id, filed_on, closed_on)
    return found


def cases_moved(was: dict[int, Place], now: dict[int, Place]) -> None:
    apply(deltas((was.get(pk), now.get(pk)) for pk in was.keys() | now.keys()))


def _counts(place: Place, sign: int, into: dict[Key, list[int]]) -> None:
    filed = into[(place.court_id, place.division_id, _month(place.filed_on))]
    filed[0] += sign
    if place.closed_on is not None:
        closed = into[(place.court_id, place.division_id, _month(place.closed_on))]
        closed[1] += sign
        closed[2] += sign * (place.closed_on - place.filed_on).days


def deltas(changes: Iterable[tuple[Place | None, Place | None]]) -> dict[Key, list[int]]:
    """The rollup's differences (filed, closed, closed days per place) for cases moving from one place to another
    (None: not there)."""
    into: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    for was, now in changes:
        if was is not None:
            _counts(was, -1, into)
        if now is not None:
            _counts(now, +1, into)
    return {key: v for key, v in into.items() if any(v)}


def apply(changes: dict[Key, list[int]]) -> None:
    """Add these differences to the rollup (in the caller's transaction; places in a fixed order, so two writers
    never wait on each other's rows in opposite orders)."""
    if not changes:
        return
    rows = [
        (court, division, division or 0, month, filed, closed, days)
        for (court, division, month), (filed, closed, days) in sorted(
            changes.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][2])
        )
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE} (court_id, division_id, division_key, month, filed, closed, closed_days) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (court_id, division_key, month) DO UPDATE SET "
            f"filed = {TABLE}.filed + excluded.filed, closed = {TABLE}.closed + excluded.closed, "
            f"closed_days = {TABLE}.closed_days + excluded.closed_days",
            rows,
        )


def case_moved(was: Place | None, now: Place | None) -> None:
    if was != now:
        apply(deltas([(was, now)]))


def cases_added(places: Iterable[Place]) -> None:
    """New cases written without `Case.save()` (the bulk seed's COPY): counted in the caller's transaction."""
    apply(deltas((None, p) for p in places))


def recount() -> dict[Key, tuple[int, int, int]]:
    """The rollup as counted from the cases now (two grouped reads, index-only on PostgreSQL)."""
    out: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    filed = (
        Case.objects.annotate(m=TruncMonth("filed_on")).values("court_id", "division_id", "m").annotate(n=Count("*"))
    )
    for r in filed.order_by():
        out[(r["court_id"], r["division_id"], _day(r["m"]))][0] += r["n"]
    closed = (
        Case.objects.filter(closed_on__isnull=False)
        .annotate(m=TruncMonth("closed_on"))
        .values("court_id", "division_id", "m")
        .annotate(
            n=Count("*"), took=Sum(ExpressionWrapper(F("closed_on") - F("filed_on"), output_field=DurationField()))
        )
    )
    for r in closed.order_by():
        v = out[(r["court_id"], r["division_id"], _day(r["m"]))]
        v[1] += r["n"]
        v[2] += r["took"].days if r["took"] is not None else 0
    return {k: (v[0], v[1], v[2]) for k, v in out.items() if any(v)}


def stored(q: Q | None = None) -> dict[Key, tuple[int, int, int]]:
    """The rollup's rows (those that count anything)."""
    qs = CaseMonthCount.objects.filter(q or Q()).exclude(filed=0, closed=0, closed_days=0)
    return {
        (r.court_id, r.division_id, r.month): (r.filed, r.closed, r.closed_days)
        for r in qs.only("court_id", "division_id", "month", "filed", "closed", "closed_days")
    }


_MONTH = {
    "postgresql": "date_trunc('month', {0})::date",
    "sqlite": "date({0}, 'start of month')",
}
_DAYS = {
    "postgresql": "(closed_on - filed_on)",
    "sqlite": "CAST(julianday(closed_on) - julianday(filed_on) AS INTEGER)",
}


def rebuild_sql(vendor: str, case_table: str = "cases_case") -> list[str]:
    """The statements that recount the rollup from the cases in the database itself (one pass; also the
    migration's, which must not import today's models)."""
    month, days = _MONTH[vendor], _DAYS[vendor]
    return [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} (court_id, division_id, division_key, month, filed, closed, closed_days) "
        "SELECT court_id, division_id, COALESCE(division_id, 0), m, SUM(f), SUM(c), SUM(d) FROM ("
        f"  SELECT court_id, division_id, {month.format('filed_on')} AS m, 1 AS f, 0 AS c, 0 AS d FROM {case_table}"
        "  UNION ALL"
        f"  SELECT court_id, division_id, {month.format('closed_on')}, 0, 1, {days} FROM {case_table}"
        "  WHERE closed_on IS NOT NULL"
        ") AS places GROUP BY court_id, division_id, m",
    ]


def rebuild() -> int:
    """Recount the rollup from the cases, in one transaction (the case table locked against writers meanwhile on
    PostgreSQL, so no write lands between the count and the rollup); returns how many rows it holds."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {Case._meta.db_table} IN SHARE MODE")
        for sql in rebuild_sql(connection.vendor, Case._meta.db_table):
            cursor.execute(sql)
    return CaseMonthCount.objects.count()


def _day(value: Any) -> date:
    # TruncMonth yields a date for a DateField on PostgreSQL and SQLite alike; a datetime is normalised all the same.
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def q_fits(q: Q) -> bool:
    """Whether a case filter from the permission table (`visible_q`) reads only the court and division, so the same
    filter applies to the rollup's rows (SUPERVISE: a division, a court, the courts below one)."""
    for child in q.children:
        if isinstance(child, Q):
            if not q_fits(child):
                return False
            continue
        lookup, value = child  # type: ignore[misc]  # a Q's leaf is a (lookup, value) pair
        field = lookup.split("__", 1)[0]
        if field in {"court", "court_id", "division", "division_id"}:
            continue
        if lookup == "pk__in" and not list(value):
            continue  # "nothing"
        return False
    return True

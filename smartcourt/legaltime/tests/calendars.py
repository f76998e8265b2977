"""Test helper: the working-day calendar of the shipped holiday years, built without a database."""

from __future__ import annotations

from pathlib import Path

import smartcourt.courts
from smartcourt.courts.rules.holidays import DayKind, arrangement_from_json
from smartcourt.legaltime.rules.calendar import Calendar

HOLIDAY_DATA = Path(smartcourt.courts.__file__).resolve().parent / "data" / "holidays"


def shipped_calendar() -> Calendar:
    """The same value `legaltime.selectors.calendar_load` builds from the rows courts' migration 0002 loads."""
    holidays, workdays, years = {}, {}, set()
    for year in (2024, 2025, 2026):
        arr = arrangement_from_json((HOLIDAY_DATA / f"{year}.json").read_text(encoding="utf-8"))
        years.add(arr.year)
        for d in arr.days:
            (holidays if d.kind == DayKind.HOLIDAY else workdays)[d.date] = d.name
    return Calendar(holidays=holidays, workdays=workdays, years=frozenset(years))

"""The working-day calendar: the shipped 2025/2026 facts, weekends, make-up working days, missing years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smartcourt.legaltime.selectors import calendar_load

from .calendars import shipped_calendar


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.mark.django_db
def test_loaded_calendar_knows_national_day_2025_and_spring_festival_2026() -> None:
    cal = calendar_load()  # from the rows courts' migration 0002 loaded
    assert {2024, 2025, 2026} <= cal.years
    assert all(not cal.is_working_day(d) for d in _days(date(2025, 10, 1), date(2025, 10, 8)))
    assert cal.holidays[date(2025, 10, 1)] == "国庆节、中秋节"
    # Sunday 28 September and Saturday 11 October 2025 are make-up working days.
    assert cal.is_working_day(date(2025, 9, 28)) and cal.is_working_day(date(2025, 10, 11))
    assert all(not cal.is_working_day(d) for d in _days(date(2026, 2, 15), date(2026, 2, 23)))
    assert cal.is_working_day(date(2026, 2, 14)) and cal.is_working_day(date(2026, 2, 28))  # Sat. worked
    assert cal == shipped_calendar()


def test_weekends_rest_weekdays_work_and_unloaded_years_are_named() -> None:
    cal = shipped_calendar()
    assert not cal.is_working_day(date(2025, 10, 12))  # an ordinary Sunday
    assert cal.is_working_day(date(2025, 10, 9))  # Thursday after the holiday
    assert cal.next_working_day(date(2025, 9, 30)) == date(2025, 10, 9)
    assert cal.next_working_day(date(2025, 10, 10)) == date(2025, 10, 11)  # the make-up Saturday
    assert cal.previous_working_day(date(2025, 10, 9)) == date(2025, 9, 30)
    assert cal.rest_reason(date(2025, 10, 3)) == "国庆节、中秋节法定节假日"
    assert cal.rest_reason(date(2025, 10, 12)) == "星期日，周休日"
    assert cal.rest_reason(date(2025, 10, 11)) == ""
    assert cal.years_missing(date(2025, 12, 1), date(2027, 1, 5)) == [2027]
    assert cal.years_missing(date(2023, 12, 20), date(2024, 1, 5)) == [2023]
    assert cal.years_missing(date(2025, 1, 1), date(2026, 12, 31)) == []

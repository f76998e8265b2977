"""The working-day calendar: the shipped 2025/2026 facts, parsing both formats, validation, missing years."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from smartcourt.courts.rules.calendar import (
    ArrangementDay,
    ArrangementParseError,
    Calendar,
    DayKind,
    YearArrangement,
    arrangement_errors,
    arrangement_from_json,
    arrangement_from_lines,
    arrangement_parse,
)
from smartcourt.courts.selectors import calendar_load

DATA = Path(__file__).resolve().parents[1] / "data" / "holidays"


def shipped_calendar() -> Calendar:
    """The same value calendar_load builds, from the shipped JSON (no database)."""
    holidays, workdays, years = {}, {}, set()
    for year in (2024, 2025, 2026):
        arr = arrangement_from_json((DATA / f"{year}.json").read_text(encoding="utf-8"))
        years.add(arr.year)
        for d in arr.days:
            (holidays if d.kind == DayKind.HOLIDAY else workdays)[d.date] = d.name
    return Calendar(holidays=holidays, workdays=workdays, years=frozenset(years))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.mark.django_db
def test_loaded_calendar_knows_national_day_2025_and_spring_festival_2026() -> None:
    cal = calendar_load()  # from the rows migration 0002 loaded
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


def test_line_format_reads_headers_kinds_in_chinese_and_comments() -> None:
    arr = arrangement_from_lines(
        "# 2027 年\nyear: 2027\n通知: 国务院办公厅关于2027年部分节假日安排的通知\n文号：国办发明电〔2026〕1号\n"
        "2027-01-01 holiday 元旦\n2027-02-06 班 春节\n2027-02-07 workday 春节\n2027-02-10 放假 春节\n"
    )
    assert arr.year == 2027 and arr.notice_no == "国办发明电〔2026〕1号"
    assert ArrangementDay(date(2027, 2, 6), DayKind.WORKDAY, "春节") in arr.days
    assert arrangement_errors(arr) == []
    again = arrangement_parse(arr.as_lines())
    assert again == arr
    assert arrangement_parse(__import__("json").dumps(arr.as_json(), ensure_ascii=False)).days == tuple(
        sorted(arr.days, key=lambda d: (d.name != "元旦", d.kind != DayKind.HOLIDAY, d.date))
    )


def test_unreadable_lines_are_reported_in_chinese() -> None:
    with pytest.raises(ArrangementParseError) as exc:
        arrangement_from_lines("2027-13-01 holiday 元旦\n2027-01-02 rest 元旦\nnonsense\n", year=2027, notice="x")
    assert any("不是有效日期" in e for e in exc.value.errors)
    assert any("类别“rest”无法识别" in e for e in exc.value.errors)
    assert any("第3行" in e for e in exc.value.errors)
    with pytest.raises(ArrangementParseError, match="JSON 格式有误"):
        arrangement_from_json("{not json")


def test_validation_refuses_overlaps_weekday_workdays_and_dates_outside_the_year() -> None:
    arr = YearArrangement(
        year=2027,
        notice="",
        notice_no="",
        days=(
            ArrangementDay(date(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
            ArrangementDay(date(2027, 1, 1), DayKind.WORKDAY, "元旦"),  # both kinds
            ArrangementDay(date(2027, 1, 4), DayKind.WORKDAY, "元旦"),  # a Monday
            ArrangementDay(date(2028, 1, 1), DayKind.HOLIDAY, "元旦"),  # next year
            ArrangementDay(date(2027, 5, 1), DayKind.HOLIDAY, ""),
        ),
    )
    errors = arrangement_errors(arr)
    assert "请填写依据（国务院办公厅关于部分节假日安排的通知名称）。" in errors
    assert "2027-01-01（星期五）不能既是法定节假日又是调休上班日。" in errors
    assert "2027-01-04（星期一）是工作日，调休上班日只能是周六或周日。" in errors
    assert "2028-01-01（星期六）不在2027年内。" in errors
    assert "2027-05-01（星期六）：缺少节日名称。" in errors

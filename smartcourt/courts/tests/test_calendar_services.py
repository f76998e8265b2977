"""Loading and editing a holiday year: one transaction, one audit row; refusals write nothing."""

from __future__ import annotations

from datetime import date

import pytest

from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditLog
from smartcourt.courts.models import CalendarDay, HolidayYear
from smartcourt.courts.rules.holidays import arrangement_from_json, arrangement_from_lines
from smartcourt.courts.selectors import holiday_days_load
from smartcourt.courts.services import (
    CalendarInvalid,
    CalendarYearExists,
    holiday_year_load,
    holiday_year_update,
)

from .factories import UserFactory
from .test_holiday_rules import DATA

pytestmark = pytest.mark.django_db

Y2027 = """year: 2027
notice: 国务院办公厅关于2027年部分节假日安排的通知
notice_no: 国办发明电〔2026〕9号
2027-01-01 holiday 元旦
2027-02-06 holiday 春节
2027-02-07 holiday 春节
2027-02-13 workday 春节
"""


def _counts() -> tuple[int, int, int]:
    return HolidayYear.objects.count(), CalendarDay.objects.count(), AuditLog.objects.count()


def test_loading_a_year_writes_its_days_and_one_audit_row() -> None:
    actor = UserFactory()
    row = holiday_year_load(arrangement=arrangement_from_lines(Y2027), actor=actor)
    assert row.year == 2027 and row.loaded_by == actor and row.days.count() == 4
    log = AuditLog.objects.get(action="calendar.year_loaded")
    assert log.actor == actor and log.extra["days"]["2027-02-13"] == "workday 春节"
    days = holiday_days_load()
    assert (
        2027 in days.years and days.holidays[date(2027, 2, 6)] == "春节" and days.workdays[date(2027, 2, 13)] == "春节"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (Y2027.replace("2027-02-13 workday", "2027-02-12 workday"), "调休上班日只能是周六或周日"),
        (Y2027 + "2027-02-07 workday 春节\n", "不能既是法定节假日又是调休上班日"),
        (Y2027 + "2028-01-01 holiday 元旦\n", "不在2027年内"),
        (Y2027.replace("notice: 国务院办公厅关于2027年部分节假日安排的通知\n", ""), "请填写依据"),
    ],
)
def test_invalid_years_are_refused_and_nothing_is_written(text: str, message: str) -> None:
    before = _counts()
    with pytest.raises(CalendarInvalid) as exc:
        holiday_year_load(arrangement=arrangement_from_lines(text), actor=SYSTEM)
    assert any(message in e for e in exc.value.extra["errors"])
    assert exc.value.code == "courts.calendar_invalid"
    assert _counts() == before


def test_a_year_loaded_twice_is_refused_in_chinese_and_nothing_changes() -> None:
    arr = arrangement_from_json((DATA / "2025.json").read_text(encoding="utf-8"))
    before = _counts()
    with pytest.raises(CalendarYearExists) as exc:
        holiday_year_load(arrangement=arr, actor=SYSTEM)
    assert exc.value.status == 409 and "2025年的节假日安排已录入，不能重复录入" in str(exc.value.message)
    assert _counts() == before
    assert holiday_days_load().holidays[date(2025, 10, 1)] == "国庆节、中秋节"  # the shipped year is untouched


def test_editing_a_year_replaces_its_days_and_records_old_and_new() -> None:
    holiday_year_load(arrangement=arrangement_from_lines(Y2027), actor=SYSTEM)
    corrected = arrangement_from_lines(Y2027.replace("2027-02-13 workday 春节\n", "2027-02-08 holiday 春节\n"))
    holiday_year_update(year=2027, arrangement=corrected, actor=UserFactory(), reason="通知更正")
    days = holiday_days_load()
    assert date(2027, 2, 8) in days.holidays and date(2027, 2, 13) not in days.workdays
    log = AuditLog.objects.get(action="calendar.year_changed")
    assert "2027-02-13" in log.extra["old"]["days"] and "2027-02-08" in log.extra["new"]["days"]


def test_editing_refuses_a_different_year_and_an_invalid_arrangement_without_writing() -> None:
    holiday_year_load(arrangement=arrangement_from_lines(Y2027), actor=SYSTEM)
    before = _counts()
    with pytest.raises(CalendarInvalid, match="不一致"):
        holiday_year_update(year=2026, arrangement=arrangement_from_lines(Y2027), actor=SYSTEM)
    with pytest.raises(CalendarInvalid):
        holiday_year_update(
            year=2027, arrangement=arrangement_from_lines(Y2027 + "2027-03-01 workday x\n"), actor=SYSTEM
        )
    assert _counts() == before
    assert HolidayYear.objects.get(year=2027).days.count() == 4


def test_the_calendar_is_read_once_per_request_and_again_after_a_write_in_it(django_assert_num_queries) -> None:
    """Issue 15: a page's trial-period clock, deadlines and panels count on one read of the calendar per request
    (`grants.request_once`); a year loaded or changed in the same request is counted on at once (the services and
    the models' signals empty the memo); outside a request every call reads."""
    from smartcourt.courts.grants import permission_memo

    actor = UserFactory()
    with permission_memo():
        with django_assert_num_queries(2):
            first = holiday_days_load()
        with django_assert_num_queries(0):
            assert holiday_days_load() is first
        holiday_year_load(arrangement=arrangement_from_lines(Y2027), actor=actor)
        with django_assert_num_queries(2):
            assert 2027 in holiday_days_load().years
        holiday_year_update(
            year=2027, arrangement=arrangement_from_lines(Y2027.replace("2027-01-01 holiday 元旦\n", "")), actor=actor
        )
        with django_assert_num_queries(2):
            assert date(2027, 1, 1) not in holiday_days_load().holidays
        HolidayYear.objects.filter(year=2027).first().delete()  # type: ignore[union-attr]  (signals: cascade of days)
        with django_assert_num_queries(2):
            assert 2027 not in holiday_days_load().years
    with django_assert_num_queries(2):
        holiday_days_load()
    with django_assert_num_queries(2):
        holiday_days_load()

"""Holiday arrangements as entered: parsing both formats (JSON, one line per day) and validating a year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from smartcourt.courts.rules.holidays import (
    ArrangementDay,
    ArrangementParseError,
    DayKind,
    YearArrangement,
    arrangement_errors,
    arrangement_from_json,
    arrangement_from_lines,
    arrangement_parse,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "holidays"


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

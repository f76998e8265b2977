"""Holiday arrangements as entered (节假日安排): parsing and validating one year's State Council notice.

The State Council publishes each year's arrangement (国务院办公厅关于××年部分节假日安排的通知); courts load it as
data (`HolidayYear` / `CalendarDay`, through `courts.services`). This module reads what an administrator submits —
the shipped JSON (courts/data/holidays/) or one line per day — and says, in Chinese, everything wrong with it.
Counting periods over the loaded days is not done here: the working-day `Calendar` and every deadline rule live in
`smartcourt.legaltime` (which reads the loaded days through `courts.selectors.holiday_days_load`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
MIN_YEAR, MAX_YEAR = 2000, 2100
NAME_MAX = 32  # CalendarDay.name max_length


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # 法定节假日
    WORKDAY = "workday"  # 调休上班日 (a weekend day worked)


def weekday_name(d: date) -> str:
    return WEEKDAY_NAMES[d.weekday()]


# --- One year's arrangement as submitted (JSON as in courts/data/holidays/, or one line per day) ----------------


@dataclass(frozen=True)
class ArrangementDay:
    date: date
    kind: DayKind
    name: str


@dataclass(frozen=True)
class YearArrangement:
    """One year's holiday arrangement, parsed but not yet validated (see `arrangement_errors`)."""

    year: int
    notice: str
    notice_no: str
    days: tuple[ArrangementDay, ...]

    def as_json(self) -> dict[str, Any]:
        """The shipped JSON shape (courts/data/holidays/2025.json): festivals with holidays and workdays."""
        festivals: dict[str, dict[str, Any]] = {}
        for day in sorted(self.days, key=lambda x: x.date):
            entry = festivals.setdefault(day.name, {"name": day.name, "holidays": [], "workdays": []})
            entry["holidays" if day.kind == DayKind.HOLIDAY else "workdays"].append(day.date.isoformat())
        return {
            "year": self.year,
            "notice": self.notice,
            "notice_no": self.notice_no,
            "festivals": list(festivals.values()),
        }

    def as_lines(self) -> str:
        """The line format (`2027-01-01 holiday 元旦`), with the header lines."""
        head = [f"year: {self.year}", f"notice: {self.notice}", f"notice_no: {self.notice_no}"]
        body = [f"{d.date.isoformat()} {d.kind.value} {d.name}" for d in sorted(self.days, key=lambda x: x.date)]
        return "\n".join(head + body) + "\n"


class ArrangementParseError(ValueError):
    """The text cannot be read at all; `errors` are Chinese messages for the form."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("；".join(errors))


_KIND_WORDS = {
    "holiday": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "假": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "补班": DayKind.WORKDAY,
}
_HEADER_KEYS = {
    "year": "year",
    "年度": "year",
    "notice": "notice",
    "依据": "notice",
    "通知": "notice",
    "notice_no": "notice_no",
    "文号": "notice_no",
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(text: str, where: str, errors: list[str]) -> date | None:
    text = text.strip()
    if not _DATE_RE.match(text):
        errors.append(f"{where}：“{text}”不是 YYYY-MM-DD 格式的日期。")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(f"{where}：“{text}”不是有效日期。")
        return None


def _parse_year(value: Any, errors: list[str]) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        errors.append(f"年度“{value}”不是有效的年份。")
        return 0
    return year


def arrangement_from_json(text: str | bytes) -> YearArrangement:
    """Parse the shipped JSON format; raises ArrangementParseError with Chinese messages."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArrangementParseError([f"JSON 格式有误：{exc}"]) from exc
    if not isinstance(data, dict):
        raise ArrangementParseError(["JSON 顶层应为对象，包含 year、notice、notice_no、festivals。"])
    errors: list[str] = []
    for key in ("year", "notice", "festivals"):
        if key not in data:
            errors.append(f"缺少字段“{key}”。")
    if errors:
        raise ArrangementParseError(errors)
    year = _parse_year(data["year"], errors)
    festivals = data["festivals"]
    if not isinstance(festivals, list):
        raise ArrangementParseError(["“festivals”应为列表。"])
    days: list[ArrangementDay] = []
    for i, fest in enumerate(festivals, start=1):
        if not isinstance(fest, dict) or not isinstance(fest.get("name"), str):
            errors.append(f"第{i}个节日缺少名称（name）。")
            continue
        name = fest["name"].strip()
        for key, kind in (("holidays", DayKind.HOLIDAY), ("workdays", DayKind.WORKDAY)):
            values = fest.get(key, [])
            if not isinstance(values, list):
                errors.append(f"{name}：“{key}”应为日期列表。")
                continue
            for value in values:
                d = _parse_date(str(value), name, errors)
                if d is not None:
                    days.append(ArrangementDay(d, kind, name))
    if errors:
        raise ArrangementParseError(errors)
    return YearArrangement(
        year=year,
        notice=str(data["notice"]).strip(),
        notice_no=str(data.get("notice_no", "")).strip(),
        days=tuple(days),
    )


def arrangement_from_lines(
    text: str, *, year: int | None = None, notice: str = "", notice_no: str = ""
) -> YearArrangement:
    """Parse the line format: `2027-01-01 holiday 元旦` (kind also 休/放假 or 班/上班), `#` comments, and optional
    header lines `year: 2027`, `notice: …`, `notice_no: …` (or 年度/通知/文号). Header lines win over arguments."""
    errors: list[str] = []
    header: dict[str, str] = {}
    days: list[ArrangementDay] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^([^\s:：]+)\s*[:：]\s*(.*)$", line)
        if m and m.group(1).lower() in _HEADER_KEYS:
            header[_HEADER_KEYS[m.group(1).lower()]] = m.group(2).strip()
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 3:
            errors.append(f"第{n}行：应为“日期 类别 节日名称”，如“2027-01-01 holiday 元旦”。")
            continue
        d = _parse_date(parts[0], f"第{n}行", errors)
        kind = _KIND_WORDS.get(parts[1].lower())
        if kind is None:
            errors.append(f"第{n}行：类别“{parts[1]}”无法识别，应为 holiday（放假）或 workday（调休上班）。")
        if d is not None and kind is not None:
            days.append(ArrangementDay(d, kind, parts[2].strip()))
    if "year" in header:
        year = _parse_year(header["year"], errors)
    if not year:
        if days:
            year = days[0].date.year  # the first date tells the year; arrangement_errors checks the others
        elif not errors:
            errors.append("未能确定年度：请填写年度，或加一行“year: 2027”。")
    if errors:
        raise ArrangementParseError(errors)
    return YearArrangement(
        year=year or 0,
        notice=header.get("notice", notice).strip(),
        notice_no=header.get("notice_no", notice_no).strip(),
        days=tuple(days),
    )


def arrangement_parse(text: str, *, year: int | None = None, notice: str = "", notice_no: str = "") -> YearArrangement:
    """Either format: text starting with `{` is JSON, anything else the line format."""
    if text.lstrip().startswith("{"):
        return arrangement_from_json(text)
    return arrangement_from_lines(text, year=year, notice=notice, notice_no=notice_no)


def arrangement_errors(arr: YearArrangement) -> list[str]:
    """Everything wrong with one year's arrangement, in Chinese; empty when it may be saved."""
    errors: list[str] = []
    if not MIN_YEAR <= arr.year <= MAX_YEAR:
        errors.append(f"年度应在{MIN_YEAR}至{MAX_YEAR}之间。")
    if not arr.notice:
        errors.append("请填写依据（国务院办公厅关于部分节假日安排的通知名称）。")
    elif len(arr.notice) > 200:
        errors.append("依据名称不得超过200字。")
    if len(arr.notice_no) > 64:
        errors.append("文号不得超过64字。")
    if not any(d.kind == DayKind.HOLIDAY for d in arr.days):
        errors.append("未列出任何法定节假日。")
    seen: dict[date, ArrangementDay] = {}
    for day in sorted(arr.days, key=lambda x: (x.date, x.kind)):
        label = f"{day.date.isoformat()}（{weekday_name(day.date)}）"
        if not day.name:
            errors.append(f"{label}：缺少节日名称。")
        elif len(day.name) > NAME_MAX:
            errors.append(f"{label}：节日名称不得超过{NAME_MAX}字。")
        if day.date.year != arr.year:
            errors.append(f"{label}不在{arr.year}年内。")
        if day.date in seen:
            other = seen[day.date]
            if other.kind != day.kind:
                errors.append(f"{label}不能既是法定节假日又是调休上班日。")
            else:
                errors.append(f"{label}重复列出。")
            continue
        seen[day.date] = day
        if day.kind == DayKind.WORKDAY and day.date.weekday() < 5:
            errors.append(f"{label}是工作日，调休上班日只能是周六或周日。")
    return errors

"""The working-day calendar (工作日历): which days are statutory holidays, make-up working days and weekly rest days.

Courts load each year's State Council arrangement as data (`courts` owns the holidays calendar: `HolidayYear`,
`CalendarDay`); `legaltime.selectors.calendar_load` turns the loaded days into a `Calendar` and every rule here and
in `deadlines` / `trial_period` receives that value. Nothing here touches the database, so a deadline replays for an
old case and tests run without one.

Rest days: 民事诉讼法 Art. 85(3) extends a period whose last day is a 法定休假日. We read 法定休假日 as the
statutory holidays *and* the weekly rest days (Saturday, Sunday) unless the arrangement makes that weekend day a
make-up working day (调休上班日) — court practice and the weekly rest days of state organs (国务院《关于职工工作时间
的规定》第七条). A year that is not loaded is never guessed silently: `years_missing` names it and callers
return a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from smartcourt.courts.rules.holidays import WEEKDAY_NAMES, weekday_name

__all__ = ["ONE_DAY", "Calendar", "weekday_name", "years_missing_warning"]

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    """Holidays and make-up working days of the loaded years; a value, built by `legaltime.selectors.calendar_load`."""

    holidays: Mapping[date, str] = field(default_factory=dict)  # date -> festival name (春节)
    workdays: Mapping[date, str] = field(default_factory=dict)  # make-up working day -> festival name
    years: frozenset[int] = frozenset()

    def is_working_day(self, d: date) -> bool:
        """A statutory holiday rests; a make-up day works; otherwise Monday–Friday work (民诉法 Art. 85)."""
        if d in self.holidays:
            return False
        if d in self.workdays:
            return True
        return d.weekday() < 5

    def rest_reason(self, d: date) -> str:
        """Why `d` is a rest day, in Chinese ("" when it is a working day)."""
        if d in self.holidays:
            return f"{self.holidays[d]}法定节假日"
        if self.is_working_day(d):
            return ""
        return f"{WEEKDAY_NAMES[d.weekday()]}，周休日"

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d` (民诉法 Art. 85: 法定休假日后的第一日)."""
        d += ONE_DAY
        while not self.is_working_day(d):
            d += ONE_DAY
        return d

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before `d`."""
        d -= ONE_DAY
        while not self.is_working_day(d):
            d -= ONE_DAY
        return d

    def years_missing(self, start: date, end: date) -> list[int]:
        """Years touched by [start, end] (either order) whose arrangement is not loaded."""
        lo, hi = sorted((start.year, end.year))
        return [y for y in range(lo, hi + 1) if y not in self.years]


def years_missing_warning(years: Iterable[int]) -> str:
    """The explicit warning for years without an arrangement (never a silent guess)."""
    names = "、".join(f"{y}年" for y in sorted(set(years)))
    return (
        f"{names}的节假日安排尚未录入，本次计算仅按周六、周日休息推算，未考虑该年度的法定节假日和调休上班日，"
        "结果可能不准确；请系统管理员录入国务院办公厅公布的节假日安排后重新计算。"
    )

"""Borrowing (借阅) rules: who needs an approval, and how long a paper file may stay out.

Pure functions; the caller passes the roles and dates it read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from smartcourt.core.citations import Citation

# Representatives consult the case materials (民事诉讼法 Art. 64: 代理诉讼的律师……可以查阅本案有关材料); a paper
# original is read in the court's reading room, so it goes back the same day.
REPRESENTATIVE_READING = Citation("民事诉讼法", "第六十四条")
# A court's own staff keep a file out at most this long before it must come back or be renewed (court practice,
# not a statute: the file room's rule of thumb, kept here as one number).
STAFF_MAX_DAYS = 30


@dataclass(frozen=True)
class DueCheck:
    ok: bool
    message: str = ""


def borrowing_due_check(*, due_on: date, today: date, is_representative: bool) -> DueCheck:
    """Whether `due_on` is an acceptable return deadline for a borrowing requested `today`."""
    if due_on < today:
        return DueCheck(False, "归还期限不能早于今天。")
    if is_representative:
        if due_on != today:
            return DueCheck(
                False,
                f"诉讼代理人查阅纸质卷宗须在本院阅卷室当日查阅并归还（{REPRESENTATIVE_READING}），归还期限应为今天。",
            )
        return DueCheck(True)
    if due_on > today + timedelta(days=STAFF_MAX_DAYS):
        return DueCheck(
            False, f"借阅期限最长 {STAFF_MAX_DAYS} 日，请选择 {today + timedelta(days=STAFF_MAX_DAYS)} 之前的日期。"
        )
    return DueCheck(True)


def borrowing_default_due(*, today: date, is_representative: bool) -> date:
    return today if is_representative else today + timedelta(days=14)

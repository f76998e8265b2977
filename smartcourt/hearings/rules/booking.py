"""What a hearing holds while it is booked, and when two bookings collide (排期冲突).

A booking holds, for its whole planned time: its room (法庭), each remote site a participant attends from (驻所科技法庭 /
共享法庭: one hearing at a time per site), every judge on its bench, its clerk, and every participant with an account
or a lawyer's licence number (执业证号) — in whichever court the other booking is: a lawyer booked in two courts at once
is a conflict. Intervals are half-open [start, end): a hearing ending at 10:00 leaves the room free for one at 10:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_DURATION = timedelta(minutes=10)
MAX_DURATION = timedelta(hours=12)
MAX_AHEAD = timedelta(days=731)  # a booking more than two years ahead is a typing error, not a plan


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def duration_problem(starts_at: datetime, ends_at: datetime) -> str:
    """A Chinese reason the planned time is unusable, or "" when it is fine."""
    if ends_at <= starts_at:
        return "结束时间应晚于开始时间。"
    if ends_at - starts_at < MIN_DURATION:
        return "庭审时长不能少于10分钟。"
    if ends_at - starts_at > MAX_DURATION:
        return "一次庭审不能超过12小时，请分次排期。"
    return ""


@dataclass(frozen=True)
class Clash:
    """One collision: what is double-booked and with which hearing."""

    what: str  # e.g. 第一法庭, 审判员陈建国, 律师杨律明（执业证号…）
    other_case: str
    other_court: str
    other_start: datetime  # local time (the caller converts)
    other_end: datetime

    def message(self) -> str:
        a, b = self.other_start, self.other_end
        return f"{self.what}在{a:%Y-%m-%d %H:%M}至{b:%H:%M}已有庭审（{self.other_court} {self.other_case}），时间冲突。"

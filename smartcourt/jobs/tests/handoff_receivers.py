"""Receivers used by the hand-off tests: each writes a row it can be counted by (a ScheduleRun named after it)."""

from __future__ import annotations

from smartcourt.jobs.models import ScheduleRun

FAILURES: dict[str, int] = {}


def record(*, name: str) -> None:
    ScheduleRun.objects.create(name=name)


def fail_then_record(*, name: str, fail_times: int) -> None:
    """Write the row, then fail the first `fail_times` calls: the row must never survive a failed attempt."""
    ScheduleRun.objects.create(name=f"{name}#{FAILURES.get(name, 0)}")
    if FAILURES.get(name, 0) < fail_times:
        FAILURES[name] = FAILURES.get(name, 0) + 1
        raise RuntimeError(f"接收方故意失败 {FAILURES[name]}")

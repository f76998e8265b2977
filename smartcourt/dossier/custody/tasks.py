"""Background work of paper custody: the daily reminder of overdue borrowings (逾期未还提醒)."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task

from . import services


@court_task(queue_name="default", max_attempts=3, backoff_seconds=60)
def paper_files_overdue_remind_task() -> int:
    return services.borrowing_overdue_remind()

"""Periodic schedules of paper-file custody: the overdue-borrowing reminders (逾期未还提醒), daily at 08:00 local."""

from __future__ import annotations

from datetime import time

from smartcourt.jobs.scheduler import Schedule

from .tasks import paper_files_overdue_remind_task

schedules = [Schedule(name="custody.overdue_remind", task=paper_files_overdue_remind_task, at=time(8, 0))]

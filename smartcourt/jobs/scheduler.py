"""Periodic schedules (定时任务): each app declares what runs when; the workers enqueue each due run exactly once.

    # <app>/schedule.py
    schedules = [
        Schedule(name="service.tick", task=service_tick_task, every=timedelta(minutes=15)),
        Schedule(name="custody.overdue", task=paper_files_overdue_remind_task, at=time(8, 0)),  # 08:00 local
    ]

`every` schedules are due `every` after their last run (and at once when first seen); `at` schedules are due once
a day at that wall-clock time in settings.TIME_ZONE (Asia/Shanghai), first at the next such time after they are
first seen. A missed run (no worker up) runs once when a worker comes back, never once per missed slot.

`schedules_run_due()` is called by every `run_worker` (database and RQ backends) about every 30 s and by
`manage.py run_scheduler`. The claim is a conditional UPDATE of the schedule's `ScheduleRun` row
(`WHERE runs = <value read>`) in the same transaction as the enqueue: with any number of workers on SQLite or
PostgreSQL exactly one of them enqueues each due run, and a failed enqueue leaves the run due.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from smartcourt.core.discovery import app_modules

from .models import ScheduleRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    name: str
    task: Any  # a django_tasks Task (e.g. from @court_task)
    every: timedelta | None = None
    at: time | None = None  # wall-clock time in settings.TIME_ZONE
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.every is None) == (self.at is None):
            raise ValueError(f"schedule {self.name}: give exactly one of every= or at=")
        if self.every is not None and self.every <= timedelta(0):
            raise ValueError(f"schedule {self.name}: every= must be positive")

    @property
    def task_path(self) -> str:
        return str(getattr(self.task, "module_path", self.task))

    def describe(self) -> str:
        if self.every is not None:
            seconds = int(self.every.total_seconds())
            if seconds % 86400 == 0:
                return f"每 {seconds // 86400} 天"
            if seconds % 3600 == 0:
                return f"每 {seconds // 3600} 小时"
            if seconds % 60 == 0:
                return f"每 {seconds // 60} 分钟"
            return f"每 {seconds} 秒"
        assert self.at is not None
        return f"每天 {self.at.strftime('%H:%M')}（{settings.TIME_ZONE}）"

    def _slot(self, now: datetime) -> datetime:
        """The latest daily `at` time not after `now` (aware, in UTC)."""
        assert self.at is not None
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        slot = datetime.combine(local.date(), self.at, tzinfo=zone)
        if slot > local:
            slot = datetime.combine(local.date() - timedelta(days=1), self.at, tzinfo=zone)
        return slot.astimezone(ZoneInfo("UTC"))

    def next_run(self, last_run_at: datetime | None, now: datetime) -> datetime:
        """When the next run is due (may be in the past: then it is due now)."""
        if self.every is not None:
            return now if last_run_at is None else last_run_at + self.every
        slot = self._slot(now)
        if last_run_at is not None and last_run_at < slot:
            return slot
        zone = ZoneInfo(settings.TIME_ZONE)
        following = datetime.combine(slot.astimezone(zone).date() + timedelta(days=1), self.at, tzinfo=zone)  # type: ignore[arg-type]
        return following.astimezone(ZoneInfo("UTC"))

    def is_due(self, last_run_at: datetime | None, now: datetime) -> bool:
        if self.every is None and last_run_at is None:
            return False  # a daily schedule first runs at its next time, like cron
        return self.next_run(last_run_at, now) <= now


def schedules_all() -> list[Schedule]:
    """Every app's `<app>.schedule.schedules`, in INSTALLED_APPS order; names must be unique."""
    found: list[Schedule] = []
    for _config, module in app_modules("schedule"):
        found.extend(getattr(module, "schedules", []))
    names = [s.name for s in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"duplicate schedule names: {', '.join(duplicates)}")
    return found


def _row(name: str) -> ScheduleRun:
    try:
        return ScheduleRun.objects.get_or_create(name=name)[0]
    except IntegrityError:  # another worker created it at the same moment
        return ScheduleRun.objects.get(name=name)


def schedule_claim_and_enqueue(schedule: Schedule, *, now: datetime | None = None, worker: str = "") -> str | None:
    """Enqueue `schedule`'s task if it is due and no other process claimed this run first; returns the task id."""
    now = now or timezone.now()
    row = _row(schedule.name)
    if not schedule.is_due(row.last_run_at, now):
        if row.last_run_at is None and schedule.every is None:
            # First sight of a daily schedule: start counting from now, so it runs at its next time.
            ScheduleRun.objects.filter(name=schedule.name, runs=row.runs, last_run_at__isnull=True).update(
                last_run_at=now
            )
        return None
    with transaction.atomic():
        claimed = ScheduleRun.objects.filter(name=schedule.name, runs=row.runs).update(
            runs=F("runs") + 1, last_run_at=now, last_worker=worker[:100]
        )
        if claimed != 1:
            return None  # another worker enqueued this run
        result = schedule.task.enqueue(**schedule.kwargs)
        ScheduleRun.objects.filter(name=schedule.name).update(last_task_id=str(result.id)[:64])
    logger.info("schedule %s: enqueued %s (task %s)", schedule.name, schedule.task_path, result.id)
    return str(result.id)


def schedules_run_due(*, now: datetime | None = None, worker: str = "") -> list[str]:
    """Enqueue every due schedule once; returns the names enqueued. One failing schedule does not stop the rest."""
    worker = worker or f"{socket.gethostname()}:{os.getpid()}"
    enqueued: list[str] = []
    for schedule in schedules_all():
        try:
            if schedule_claim_and_enqueue(schedule, now=now, worker=worker):
                enqueued.append(schedule.name)
        except OperationalError:
            logger.warning("schedule %s: database busy, will try again", schedule.name)
        except Exception:
            logger.exception("schedule %s: enqueue failed, will try again", schedule.name)
    return enqueued


@dataclass
class ScheduleStatus:
    name: str
    task: str
    queue: str
    when: str
    last_run_at: datetime | None
    next_run_at: datetime | None
    last_task_id: str
    runs: int


def schedules_status(*, now: datetime | None = None) -> list[ScheduleStatus]:
    """Each schedule with its last and next run (for `manage.py schedules` and the background-task page)."""
    now = now or timezone.now()
    rows = {r.name: r for r in ScheduleRun.objects.all()}
    out = []
    for s in schedules_all():
        row = rows.get(s.name)
        last = row.last_run_at if row else None
        basis = now if s.every is None and last is None else last  # a daily schedule never seen waits for its time
        next_at = max(s.next_run(basis, now), now)
        out.append(
            ScheduleStatus(
                name=s.name,
                task=s.task_path,
                queue=str(getattr(s.task, "queue_name", "")),
                when=s.describe(),
                last_run_at=last if row and row.runs else None,  # a daily schedule's first-seen mark is no run
                next_run_at=next_at,
                last_task_id=row.last_task_id if row else "",
                runs=row.runs if row else 0,
            )
        )
    return out


def schedules_tick_safely(*, worker: str = "") -> list[str]:
    """One scheduling pass that never raises (for the worker's loop)."""
    try:
        return schedules_run_due(worker=worker)
    except Exception:
        logger.exception("scheduling pass failed; will try again")
        return []


def schedules_loop(stop: Any, *, seconds: float = 30.0, worker: str = "") -> None:
    """Check due schedules every `seconds` until `stop` (a threading.Event) is set."""
    from django.db import close_old_connections, connection

    while True:
        close_old_connections()
        try:
            schedules_tick_safely(worker=worker)
        finally:
            # No connection is kept between passes: the thread is idle nearly all the time, and a process that
            # forks (RQ's work-horse) must not inherit a connection this thread opened.
            connection.close()
        if stop.wait(seconds):
            return

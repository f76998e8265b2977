"""Periodic schedules of the jobs app, and of `core`, which imports no app (so its schedules are declared here).

- jobs.handoff_relay every minute, on every backend: queue hand-offs whose enqueue after their commit was lost.
- jobs.rq_recover every 5 minutes, RQ only: run_worker requeues abandoned jobs only when it starts. (Database
  workers already take back tasks of dead workers, a reaper thread every lease/2 s.)
- intake.sweep daily at 03:00 (Asia/Shanghai), after the ledger's 02:00 audit: delete stored files orphaned by
  rolled-back transactions (smartcourt.core.intake).
- core.outbox_relay every minute: queue outbox messages that are due (an enqueue lost after the commit, a failed
  message whose backoff has passed, a message whose sending worker died; smartcourt.core.outbox)."""

from __future__ import annotations

from datetime import time, timedelta

from django.conf import settings

from smartcourt.core.intake.tasks import intake_sweep_task
from smartcourt.core.outbox.tasks import outbox_relay_task

from .handoff import handoff_relay_task
from .scheduler import Schedule
from .tasks import rq_recover_task

schedules = [
    Schedule(name="jobs.handoff_relay", task=handoff_relay_task, every=timedelta(minutes=1)),
    Schedule(name="intake.sweep", task=intake_sweep_task, at=time(3, 0)),
    Schedule(name="core.outbox_relay", task=outbox_relay_task, every=timedelta(minutes=1)),
] + (
    [Schedule(name="jobs.rq_recover", task=rq_recover_task, every=timedelta(minutes=5))]
    if settings.TASK_BACKEND == "rq"
    else []
)

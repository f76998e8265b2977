"""Periodic schedules of the jobs app, and of `core`, which imports no app (so its schedules are declared here).

Database backend: every run_worker already takes back tasks of dead workers (a reaper thread every lease/2 s), so
nothing is scheduled for that. RQ: run_worker requeues abandoned jobs only when it starts, so do it every 5 minutes.
The file intake's sweep deletes stored files orphaned by rolled-back transactions, daily at 03:00 (Asia/Shanghai),
after the ledger's 02:00 audit."""

from __future__ import annotations

from datetime import time, timedelta

from django.conf import settings

from smartcourt.core.intake.tasks import intake_sweep_task

from .scheduler import Schedule
from .tasks import rq_recover_task

schedules = [Schedule(name="intake.sweep", task=intake_sweep_task, at=time(3, 0))] + (
    [Schedule(name="jobs.rq_recover", task=rq_recover_task, every=timedelta(minutes=5))]
    if settings.TASK_BACKEND == "rq"
    else []
)

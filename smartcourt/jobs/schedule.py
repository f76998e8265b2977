"""Periodic schedules of the jobs app.

Database backend: every run_worker already takes back tasks of dead workers (a reaper thread every lease/2 s), so
nothing is scheduled. RQ: run_worker requeues abandoned jobs only when it starts, so do it every 5 minutes."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from .scheduler import Schedule
from .tasks import rq_recover_task

schedules = (
    [Schedule(name="jobs.rq_recover", task=rq_recover_task, every=timedelta(minutes=5))]
    if settings.TASK_BACKEND == "rq"
    else []
)

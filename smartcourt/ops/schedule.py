"""Periodic schedules of operations (run by the jobs app's scheduler, smartcourt/jobs/scheduler.py).

- ops.upload_temp_sweep every hour: delete upload temp files that killed web workers left behind (`tempfiles`)."""

from __future__ import annotations

from datetime import timedelta

from smartcourt.jobs.scheduler import Schedule

from .tasks import upload_temp_sweep_task

schedules = [
    Schedule(name="ops.upload_temp_sweep", task=upload_temp_sweep_task, every=timedelta(hours=1)),
]

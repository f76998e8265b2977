"""Periodic schedules of mediation: expired pre-filing mediations are filed as cases."""

from __future__ import annotations

from datetime import timedelta

from smartcourt.jobs.scheduler import Schedule

from .tasks import mediation_expire_task

schedules = [Schedule(name="mediation.expire", task=mediation_expire_task, every=timedelta(hours=1))]

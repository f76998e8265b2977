"""Periodic schedules of enforcement: freezes lapsing within 30 days are reminded to the officer in charge, once."""

from __future__ import annotations

from datetime import timedelta

from smartcourt.jobs.scheduler import Schedule

from .tasks import freeze_renewal_reminders_task

schedules = [
    Schedule(name="enforcement.freeze_reminders", task=freeze_renewal_reminders_task, every=timedelta(hours=6))
]

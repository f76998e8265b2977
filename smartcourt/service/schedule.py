"""Periodic schedules of service (送达): stale attempts move to the next channel, matured public notices served."""

from __future__ import annotations

from datetime import timedelta

from smartcourt.jobs.scheduler import Schedule

from .tasks import service_tick_task

schedules = [Schedule(name="service.tick", task=service_tick_task, every=timedelta(minutes=15))]

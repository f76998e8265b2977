"""Periodic schedules of core: core.outbox_relay every minute queues outbox messages that are due (an enqueue lost
after the commit, a failed message whose backoff has passed, a message whose sending worker died)."""

from __future__ import annotations

from datetime import timedelta

from smartcourt.jobs.scheduler import Schedule

from .outbox.tasks import outbox_relay_task

schedules = [Schedule(name="core.outbox_relay", task=outbox_relay_task, every=timedelta(minutes=1))]

"""Periodic schedules of the dossier.

- dossier.ledger_reconcile every 5 minutes: pages still shown as 存证入账中 are re-checked against the ledger and
  settled (a status sync that ran before a lost flush was redone would leave them pending for good)."""

from __future__ import annotations

from datetime import timedelta

from smartcourt.jobs.scheduler import Schedule

from .tasks import ledger_status_reconcile_task

schedules = [Schedule(name="dossier.ledger_reconcile", task=ledger_status_reconcile_task, every=timedelta(minutes=5))]

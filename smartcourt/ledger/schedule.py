"""Periodic schedules of the ledger.

- ledger.flush every minute: the safety net for a lost on-commit enqueue (pending anchors would wait forever);
  ledger_flush also publishes a checkpoint when one is due.
- ledger.audit daily at 02:00 (Asia/Shanghai): re-verify what was added since the last audit mark (leaves,
  checkpoints and their consistency with it, the new leaves' files; ADR 0026); `manage.py ledger_audit --full`
  re-verifies everything."""

from __future__ import annotations

from datetime import time, timedelta

from smartcourt.jobs.scheduler import Schedule

from .tasks import ledger_audit_task, ledger_flush_task

schedules = [
    Schedule(name="ledger.flush", task=ledger_flush_task, every=timedelta(minutes=1)),
    Schedule(name="ledger.audit", task=ledger_audit_task, at=time(2, 0)),
]

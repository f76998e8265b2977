"""Background work of the ledger: sequencing anchors, publishing due checkpoints, the auditor."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task


@court_task(queue_name="default", max_attempts=8, backoff_seconds=5)
def ledger_flush_task() -> int:
    """Sequence pending anchors (enqueued on commit by `ledger_anchor`)."""
    from .services import ledger_flush

    return ledger_flush()


@court_task(queue_name="default", max_attempts=5, backoff_seconds=10)
def ledger_checkpoint_task() -> bool:
    """Publish a checkpoint if one is due (scheduled for the end of LEDGER_CHECKPOINT_SECONDS)."""
    from .services import ledger_checkpoint_publish

    return ledger_checkpoint_publish() is not None


@court_task(queue_name="default", max_attempts=3, backoff_seconds=60)
def ledger_audit_task(*, files: bool = True) -> int:
    """Re-verify the whole log and the stored files; returns the number of new findings."""
    from .audit import ledger_audit

    return len(ledger_audit(files=files).new_findings)

"""Background work of the jobs app itself."""

from __future__ import annotations

from django.conf import settings

from .retry import court_task


@court_task(queue_name="default", max_attempts=2, backoff_seconds=30)
def rq_recover_task() -> int:
    """RQ: requeue jobs abandoned by dead workers (run_worker does it only when it starts). Returns how many."""
    from .rq_recovery import rq_recover

    return len(rq_recover(queue_names=list(settings.RQ_QUEUES)))

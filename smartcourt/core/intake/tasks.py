"""Background work of the file intake: the daily sweep of orphaned blobs (scheduled in smartcourt/jobs/schedule.py,
since `jobs` sits above `core` and `core` imports no app)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def intake_sweep_task() -> int:
    """Delete blobs orphaned by rolled-back transactions; returns how many were deleted."""
    from .services import blobs_sweep

    return len(blobs_sweep().deleted)

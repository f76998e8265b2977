"""Background work of operations: the hourly sweep of upload temp files (scheduled in `schedule.py`)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def upload_temp_sweep_task() -> int:
    """Delete upload temp files left by killed web workers; returns how many were deleted."""
    from .tempfiles import upload_temp_sweep

    return len(upload_temp_sweep().deleted)

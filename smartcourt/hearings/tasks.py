"""Background work of hearings: the appearance notices (出庭通知书) after scheduling — the PDF comes from
LibreOffice (seconds), so it runs after the commit, on the service queue, retried on failure."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task


@court_task(queue_name="service", max_attempts=3, backoff_seconds=60)
def appearance_notices_dispatch_task(*, hearing_id: int, actor_id: int | None = None) -> None:
    from .services_notices import dispatch_by_ids

    dispatch_by_ids(hearing_id=hearing_id, actor_id=actor_id)

"""Background work of service: dispatch electronic attempts, move stale attempts on, mature public notices."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task


@court_task(queue_name="service", max_attempts=3, backoff_seconds=60)
def service_attempt_dispatch_task(*, attempt_id: int, link: str) -> None:
    from .services import service_attempt_dispatch

    service_attempt_dispatch(attempt_id=attempt_id, link=link)


@court_task(queue_name="service", max_attempts=3, backoff_seconds=300)
def service_tick_task() -> dict[str, int]:
    """The `service.tick` schedule (every 15 min): overdue attempts move to the next channel; matured notices serve."""
    from .services import service_public_notices_mature, service_tasks_escalate

    return {"escalated": service_tasks_escalate(), "notices_served": service_public_notices_mature()}

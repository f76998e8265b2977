"""Background work of mediation: the daily sweep of expired pre-filing mediations."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task


@court_task(queue_name="default", max_attempts=3, backoff_seconds=300)
def mediation_expire_task() -> dict[str, int]:
    """The `mediation.expire` schedule (hourly): disputes past their deadline are marked expired and filed as cases
    (人民法院在线调解规则 Art. 24); the read path never shows them as pending meanwhile."""
    from .services import disputes_expire

    return {"expired": disputes_expire()}

"""Background work of the outbox: send one queued message; relay what is due (a lost enqueue, a retry's time)."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task


# A provider's failure is recorded on the row and retried by the relay, never raised; these retries cover the rest
# (the database briefly unavailable).
@court_task(queue_name="default", max_attempts=3, backoff_seconds=30)
def outbound_message_send_task(*, message_id: int) -> str:
    from .services import outbound_message_send

    return outbound_message_send(message_id=message_id)


@court_task(queue_name="default", max_attempts=2, backoff_seconds=30)
def outbox_relay_task() -> int:
    from .services import outbox_relay

    return outbox_relay()

"""Background work of the outbox: send one queued message; relay what is due (a lost enqueue, a retry's time).

Plain tasks of Django's task API (`core` imports no app, so not `jobs.retry.court_task`): a provider's failure is
recorded on the row and retried by the relay, which also picks up a task lost to a database error. The relay's
schedule (`core.outbox_relay`, every minute) is declared in smartcourt/jobs/schedule.py, `jobs` sitting above `core`.
"""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def outbound_message_send_task(*, message_id: int) -> str:
    from .services import outbound_message_send

    return outbound_message_send(message_id=message_id)


@task(queue_name="default")
def outbox_relay_task() -> int:
    from .services import outbox_relay

    return outbox_relay()

"""Durable hand-offs between apps (应用间交接): work that must happen after a commit, recorded inside it.

A sender names an event; each receiver registered for it gets its own `Handoff` row, written in the sender's
transaction, so the hand-off exists exactly when the sender's rows do and dies with them on a rollback:

    # smartcourt/filing/services/...: inside the acceptance transaction
    handoff_emit(event="filing.case_opened", payload={"filing_id": filing.pk, "actor_id": actor.pk})

    # smartcourt/dossier/apps.py, in ready(): the receiver is a dotted path to a plain function taking the payload
    register_receiver("filing.case_opened", "smartcourt.dossier.integration.filing_case_opened", queue_name="ocr")

After the commit each row is put on the task queue (`handoff_run_task`); if that fails (broker down), nothing is
lost and no request fails: the `jobs.handoff_relay` schedule puts it there within a minute. The task runs the
receiver in a transaction that also marks the row done, so a receiver's database work takes effect once even when
a task is delivered twice. A failing receiver is retried with backoff; after `max_attempts` the row is `failed`,
listed on the background-task page (/jobs/failed/) with a retry button. Receivers must be idempotent for work
outside the database (they run again after a failure).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Handoff
from .retry import court_task

logger = logging.getLogger(__name__)
RELAY_GRACE = timedelta(seconds=30)  # a row this old that never reached the queue is relayed by the schedule


@dataclass(frozen=True)
class Receiver:
    path: str  # dotted path of a function called with the payload as keyword arguments
    queue_name: str = "default"
    max_attempts: int = 6


_RECEIVERS: dict[str, list[Receiver]] = defaultdict(list)


def register_receiver(event: str, path: str, *, queue_name: str = "default", max_attempts: int = 6) -> None:
    """Declare that `path` must run after every committed `event` (call from `AppConfig.ready()`)."""
    receiver = Receiver(path=path, queue_name=queue_name, max_attempts=max_attempts)
    if receiver not in _RECEIVERS[event]:
        _RECEIVERS[event].append(receiver)


def receivers_for(event: str) -> list[Receiver]:
    return list(_RECEIVERS.get(event, []))


def handoff_emit(*, event: str, payload: dict[str, Any]) -> list[Handoff]:
    """Record, inside the caller's transaction, one hand-off per receiver of `event`; queued after commit."""
    rows = [
        Handoff.objects.create(
            event=event,
            receiver=r.path,
            payload=payload,
            queue_name=r.queue_name,
            max_attempts=r.max_attempts,
        )
        for r in receivers_for(event)
    ]
    if rows:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: handoffs_dispatch(handoff_ids=ids))
    return rows


def handoffs_dispatch(*, handoff_ids: list[int]) -> int:
    """Put hand-offs on the task queue; a failure is logged, never raised (the relay schedule tries again)."""
    sent = 0
    for row in Handoff.objects.filter(pk__in=handoff_ids, state=Handoff.State.PENDING):
        try:
            handoff_run_task.using(queue_name=row.queue_name).enqueue(handoff_id=row.pk)
        except Exception:
            logger.exception(
                "hand-off %s (%s → %s) could not be queued; the relay will retry", row.pk, row.event, row.receiver
            )
            continue
        Handoff.objects.filter(pk=row.pk, enqueued_at__isnull=True).update(enqueued_at=timezone.now())
        sent += 1
    return sent


def handoffs_relay() -> int:
    """Queue pending hand-offs that never reached the queue (the process died, or the broker was down)."""
    stale = Handoff.objects.filter(
        state=Handoff.State.PENDING, enqueued_at__isnull=True, created_at__lt=timezone.now() - RELAY_GRACE
    ).values_list("pk", flat=True)[:1000]
    return handoffs_dispatch(handoff_ids=list(stale))


class HandoffFailed(Exception):
    """Raised by a failing attempt so the task's retry policy schedules the next one."""


def handoff_run(*, handoff_id: int) -> str:
    """Run one hand-off's receiver; returns the row's state. Raises HandoffFailed when the attempt failed."""
    with transaction.atomic():
        row = Handoff.objects.select_for_update().filter(pk=handoff_id).first()
        if row is None or row.state != Handoff.State.PENDING:
            return row.state if row else "missing"
        try:
            with transaction.atomic():  # the receiver's writes roll back alone; the attempt is still counted
                import_string(row.receiver)(**row.payload)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            failed_for_good = row.attempts + 1 >= row.max_attempts
        else:
            row.attempts += 1
            row.state = Handoff.State.DONE
            row.done_at = timezone.now()
            row.last_error = ""
            row.save(update_fields=["attempts", "state", "done_at", "last_error"])
            return row.state
        row.attempts += 1
        row.last_error = error[:4000]
        if failed_for_good:
            row.state = Handoff.State.FAILED
        row.save(update_fields=["attempts", "last_error", "state"])
    logger.warning("hand-off %s (%s → %s) attempt %d failed: %s", row.pk, row.event, row.receiver, row.attempts, error)
    if row.state == Handoff.State.FAILED:
        return row.state
    raise HandoffFailed(error)


# max_attempts here bounds the task's own retries; the row's max_attempts decides when a hand-off is failed.
@court_task(queue_name="default", max_attempts=20, backoff_seconds=30)
def handoff_run_task(*, handoff_id: int) -> str:
    return handoff_run(handoff_id=handoff_id)


@court_task(queue_name="default", max_attempts=2, backoff_seconds=30)
def handoff_relay_task() -> int:
    return handoffs_relay()

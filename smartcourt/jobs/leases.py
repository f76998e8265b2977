"""Leases for the database task backend and the recovery of tasks whose worker died (django-tasks issue #46).

A worker holds a lease on the task it runs and renews it from a heartbeat thread. Any worker (or
`manage.py tasks_recover`) puts a RUNNING task whose lease has expired back in the queue; after `max_attempts`
lost workers the task is failed instead, so a task that kills its worker cannot loop forever. Delivery is
therefore at least once: tasks must be idempotent (ours are: they check state before writing).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.db import InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import TaskLease, TaskRecovery

logger = logging.getLogger(__name__)


class WorkerLostError(Exception):
    """The worker running this task stopped renewing its lease (killed, crashed, or lost its database)."""


def lease_take(*, task_id: str, worker_id: str, seconds: float) -> None:
    now = timezone.now()
    TaskLease.objects.update_or_create(
        task_id=task_id,
        defaults={"worker_id": worker_id, "expires_at": now + timedelta(seconds=seconds), "renewed_at": now},
    )


def lease_renew(*, task_id: str, worker_id: str, seconds: float) -> bool:
    now = timezone.now()
    return bool(
        TaskLease.objects.filter(task_id=task_id, worker_id=worker_id).update(
            expires_at=now + timedelta(seconds=seconds), renewed_at=now
        )
    )


def lease_release(*, task_id: str) -> None:
    TaskLease.objects.filter(task_id=task_id).delete()


class Heartbeat(threading.Thread):
    """Renews one lease every `seconds / 3` until stopped (its own database connection)."""

    def __init__(self, *, task_id: str, worker_id: str, seconds: float) -> None:
        super().__init__(name=f"lease-{task_id}", daemon=True)
        self.task_id, self.worker_id, self.seconds = task_id, worker_id, seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.seconds / 3):
                close_old_connections()
                try:
                    lease_renew(task_id=self.task_id, worker_id=self.worker_id, seconds=self.seconds)
                except (OperationalError, InterfaceError) as exc:  # database away: retried; the lease has slack
                    logger.warning("lease renewal for %s: database unavailable (%s)", self.task_id, exc)
                    close_old_connections()
                except Exception:  # a missed renewal is retried; the lease has slack for two
                    logger.exception("lease renewal failed for %s", self.task_id)
                    close_old_connections()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=self.seconds)


def tasks_recover(*, lease_seconds: float, max_attempts: int = 3, now=None) -> list[TaskRecovery]:  # type: ignore[no-untyped-def]
    """Take back RUNNING tasks whose lease expired — or that never got one (killed between claim and lease)
    and started longer than a lease ago."""
    now = now or timezone.now()
    recovered: list[TaskRecovery] = []
    with transaction.atomic():
        leases = TaskLease.objects.all()
        expired_ids = [str(t) for t in leases.filter(expires_at__lt=now).values_list("task_id", flat=True)]
        held_ids = [str(t) for t in leases.values_list("task_id", flat=True)]
        condition = Q(pk__in=expired_ids) | (
            ~Q(pk__in=held_ids) & Q(started_at__lt=now - timedelta(seconds=lease_seconds))
        )
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).filter(condition)
        if connection.features.has_select_for_update_skip_locked:
            running = running.select_for_update(skip_locked=True)
        for result in running:
            attempts = len(result.worker_ids or [])
            lost = (result.worker_ids or [""])[-1]
            if attempts >= max_attempts:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = f"{WorkerLostError.__module__}.{WorkerLostError.__qualname__}"
                result.traceback = (
                    f"{WorkerLostError.__qualname__}: 工作进程 {lost} 失联（租约过期），"
                    f"已尝试 {attempts} 次，不再重试。\n"
                )
                result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                action = TaskRecovery.Action.FAILED
            else:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                action = TaskRecovery.Action.REQUEUED
            TaskLease.objects.filter(task_id=str(result.pk)).delete()
            recovered.append(
                TaskRecovery.objects.create(
                    task_id=str(result.pk),
                    task_path=result.task_path,
                    lost_worker_id=lost,
                    action=action,
                    attempts=attempts,
                )
            )
            logger.warning("task %s (%s) of lost worker %s: %s", result.pk, result.task_path, lost, action)
    return recovered

"""Reads for the failed-task page: failed and stalled tasks on the configured backend, and recoveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from smartcourt.core.errors import StrOrPromise

from .models import Handoff, TaskLease, TaskRecovery


@dataclass
class FailedTask:
    id: str
    task: str
    queue: str
    args: Any
    attempt: int
    error: str
    failed_at: datetime | None
    backend: str


def _attempt(kwargs: dict) -> int:
    return int(kwargs.get("_attempt", 1)) if isinstance(kwargs, dict) else 1


def failed_tasks(*, limit: int = 100) -> list[FailedTask]:
    if settings.TASK_BACKEND == "rq":
        return _rq_failed(limit=limit)
    rows = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[:limit]
    return [
        FailedTask(
            id=str(r.pk),
            task=r.task_path,
            queue=r.queue_name,
            args=r.args_kwargs,
            attempt=_attempt(r.args_kwargs.get("kwargs", {})),
            error=(r.traceback or "").strip()[-600:],
            failed_at=r.finished_at,
            backend="database",
        )
        for r in rows
    ]


def _rq_failed(*, limit: int) -> list[FailedTask]:
    import django_rq
    from rq.job import Job
    from rq.registry import FailedJobRegistry

    out: list[FailedTask] = []
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name)
        for job_id in FailedJobRegistry(queue=queue).get_job_ids()[:limit]:
            job = Job.fetch(job_id, connection=queue.connection)
            result = job.latest_result()
            out.append(
                FailedTask(
                    id=job_id,
                    task=job.func_name or "",
                    queue=name,
                    args={"args": list(job.args), "kwargs": job.kwargs},
                    attempt=_attempt(job.kwargs),
                    error=(result.exc_string if result else "")[-600:],
                    failed_at=job.ended_at,
                    backend="rq",
                )
            )
    return out[:limit]


def stalled_tasks(*, older_than_seconds: float = 60) -> list[DBTaskResult]:
    """RUNNING tasks whose lease has expired or that never took one — what the reaper is about to take back."""
    if settings.TASK_BACKEND == "rq":
        return []
    now = timezone.now()
    expired = TaskLease.objects.filter(expires_at__lt=now).values_list("task_id", flat=True)
    held = TaskLease.objects.values_list("task_id", flat=True)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    return [
        r
        for r in running
        if str(r.pk) in set(expired)
        or (str(r.pk) not in set(held) and r.started_at and r.started_at < now - timedelta(seconds=older_than_seconds))
    ]


# The task API's states (READY, RUNNING …) as the page shows them; the order is the page's too.
TASK_STATUS_LABELS: dict[str, StrOrPromise] = {
    TaskResultStatus.READY: _("待执行"),
    TaskResultStatus.RUNNING: _("执行中"),
    TaskResultStatus.FAILED: _("失败"),
    TaskResultStatus.SUCCESSFUL: _("已完成"),
}
BACKEND_LABELS: dict[str, StrOrPromise] = {
    "database": _("数据库队列（内置）"),
    "rq": _("Redis 队列（RQ）"),
    "immediate": _("即时执行（测试用）"),
}


@dataclass(frozen=True)
class TaskCount:
    status: str
    label: str
    count: int


def task_counts() -> list[TaskCount]:
    """How many tasks are in each state, labelled in Chinese; empty for RQ (its queues hold no such history)."""
    if settings.TASK_BACKEND == "rq":
        return []
    from django.db.models import Count

    counts = {r["status"]: r["n"] for r in DBTaskResult.objects.values("status").annotate(n=Count("id"))}
    known = [TaskCount(s, str(label), counts.pop(s, 0)) for s, label in TASK_STATUS_LABELS.items()]
    return known + [TaskCount(s, s, n) for s, n in sorted(counts.items())]  # a state a later backend adds


def backend_label(backend: str) -> str:
    return str(BACKEND_LABELS.get(backend, backend))


def recoveries(*, limit: int = 50) -> list[TaskRecovery]:
    return list(TaskRecovery.objects.all()[:limit])


def handoffs_unfinished(*, limit: int = 100) -> list[Handoff]:
    """Hand-offs not done yet: failed ones first, then pending, oldest first within each."""
    failed = list(Handoff.objects.filter(state=Handoff.State.FAILED).order_by("created_at")[:limit])
    pending = list(
        Handoff.objects.filter(state=Handoff.State.PENDING).order_by("created_at")[: max(0, limit - len(failed))]
    )
    return failed + pending

"""Writes for background work: retrying a failed task or hand-off from the background-task page (audited)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from smartcourt.core.errors import ApplicationError, NotFound
from smartcourt.core.services import AuditAction, audit_record

from .models import Handoff

if TYPE_CHECKING:
    from smartcourt.courts.models import User


@transaction.atomic
def failed_task_retry(*, task_id: str, actor: User) -> str:
    """Enqueue a failed task again with the same arguments (a new attempt); returns the new task's id."""
    if settings.TASK_BACKEND == "rq":
        import django_rq
        from rq.registry import FailedJobRegistry

        for name in settings.RQ_QUEUES:
            registry = FailedJobRegistry(queue=django_rq.get_queue(name))
            if task_id in registry.get_job_ids():
                registry.requeue(task_id)
                audit_record(actor=actor, action=AuditAction.TASK_RETRIED, extra={"task": task_id, "backend": "rq"})
                return task_id
        raise NotFound("该失败任务不存在或已重试。")
    try:
        uuid.UUID(task_id)  # the database backend's ids are UUIDs; anything else names no task (not a 500)
    except ValueError:
        raise NotFound("该失败任务不存在或已重试。") from None
    row = DBTaskResult.objects.select_for_update().filter(pk=task_id, status=TaskResultStatus.FAILED).first()
    if row is None:
        raise NotFound("该失败任务不存在或已重试。")
    try:
        task = import_string(row.task_path)
    except ImportError as exc:
        raise ApplicationError(f"任务“{row.task_path}”已不存在，无法重试。", code="task.unknown") from exc
    kwargs = dict(row.args_kwargs.get("kwargs", {}))
    kwargs.pop("_attempt", None)  # a manual retry starts a fresh series of attempts
    result = task.using(queue_name=row.queue_name).enqueue(*row.args_kwargs.get("args", []), **kwargs)
    audit_record(
        actor=actor,
        action=AuditAction.TASK_RETRIED,
        extra={"task": task_id, "new": str(result.id), "path": row.task_path},
    )
    return str(result.id)


@transaction.atomic
def handoff_retry(*, handoff_id: int, actor: User) -> Handoff:
    """Start a failed hand-off again from its first attempt (audited); it is queued after this commits."""
    from .handoff import handoffs_dispatch

    row = Handoff.objects.select_for_update().filter(pk=handoff_id, state=Handoff.State.FAILED).first()
    if row is None:
        raise NotFound("该交接不存在，或并非失败状态。")
    row.state, row.attempts, row.enqueued_at = Handoff.State.PENDING, 0, None
    row.save(update_fields=["state", "attempts", "enqueued_at"])
    audit_record(
        actor=actor,
        action=AuditAction.HANDOFF_RETRIED,
        extra={"handoff": row.pk, "event": row.event, "receiver": row.receiver},
    )
    transaction.on_commit(lambda: handoffs_dispatch(handoff_ids=[row.pk]))
    return row

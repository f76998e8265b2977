"""Shared pieces of the service writes: errors, hashed events, locks (files go to the intake's one store)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings

from smartcourt.cases.selectors import PartyRole
from smartcourt.core.actors import actor_user
from smartcourt.core.errors import ApplicationError, Conflict
from smartcourt.core.timeline import event_time, vocabulary_member
from smartcourt.courts.permissions import Action, Resource, permission_require

from .. import integration
from ..models import (
    ServiceAttempt,
    ServiceEvent,
    ServiceEventType,
    ServiceTask,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from smartcourt.core.actors import Actor


MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
TOKEN_DAYS = 30
DEFENDANT_ROLES = frozenset({PartyRole.DEFENDANT, PartyRole.RESPONDENT, PartyRole.APPELLEE, PartyRole.THIRD_PARTY})


class ServiceInputError(ApplicationError):
    """Bad input for a service action; `field` names the form field."""

    code = "service.invalid"

    def __init__(self, message: str, *, field: str = "", code: str = "") -> None:
        super().__init__(message, code=code, extra={"field": field} if field else None)
        self.field = field


class ServiceConflict(Conflict):
    code = "service.conflict"


# --- helpers ------------------------------------------------------------------------------------------------------


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def event_canonical(*, task_id: int, case_id: int, attempt_seq: int | None, kind: str, occurred_at: datetime,
                    payload: dict[str, Any]) -> str:  # fmt: skip
    """The exact text whose SHA-256 is anchored for a service event (re-computable by any auditor)."""
    body = {
        "attempt": attempt_seq,
        "case": case_id,
        "kind": kind,
        "occurred_at": occurred_at.isoformat(),
        "payload": payload,
        "task": task_id,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _event(
    *,
    task: ServiceTask,
    kind: ServiceEventType,
    summary: str,
    actor: Actor | AnonymousUser,
    attempt: ServiceAttempt | None = None,
    payload: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> ServiceEvent:
    """Append one service event (append-only, hashed, anchored); `kind` must be a `ServiceEventType`."""
    kind = vocabulary_member(ServiceEventType, kind)
    at = at or event_time()
    payload = json.loads(json.dumps(payload or {}, default=str))
    text = event_canonical(
        task_id=task.pk, case_id=task.case_id, attempt_seq=attempt.seq if attempt else None, kind=kind,
        occurred_at=at, payload=payload,
    )  # fmt: skip
    event = ServiceEvent.objects.create(
        task=task,
        attempt=attempt,
        case_id=task.case_id,
        kind=kind,
        occurred_at=at,
        actor=actor_user(actor),  # SYSTEM (a job, a receipt callback) has no user: shown as 系统
        summary=summary[:300],
        payload=payload,
        sha256=_sha256(text.encode()),
    )
    integration.event_anchor(event=event)
    return event


def _require(actor: Actor, task: ServiceTask, action: Action = Action.CHANGE) -> None:
    """Staff actions need the SERVICE grant on the task's case; SYSTEM (a scheduled job) may; None is refused."""
    permission_require(
        actor=actor, resource=Resource.SERVICE, action=action, obj=task.case, message="您无权办理该送达任务。"
    )


def _locked(task: ServiceTask, expected_version: int | None = None) -> ServiceTask:
    """The task, locked until commit: a second clerk acting on it waits here, then sees the first one's result."""
    locked = (
        ServiceTask.objects.select_for_update(of=("self",))
        .select_related("case", "court", "party", "person", "address")
        .get(pk=task.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ServiceConflict("该送达任务已被他人更新（例如已登记回执或转下一渠道），请刷新页面后查看最新状态。")
    return locked


def _bump(task: ServiceTask, *fields: str) -> None:
    task.version += 1
    task.save(update_fields=[*fields, "version", "updated_at"])


def public_url(path: str) -> str:
    base = getattr(settings, "SERVICE_PUBLIC_BASE_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path

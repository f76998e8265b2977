"""Writes shared by every app: the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from .actors import SYSTEM, actor_user
from .client_ip import client_ip
from .models import AuditAction, AuditLog, Notification
from .timeline import event_time, vocabulary_member

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from smartcourt.courts.models import User

    from .actors import Actor

# The audit row's kinds (write / read / auth) as a value vocabulary for other apps, which never import core.models.
AuditKind = AuditLog.Kind


def audit_record(
    *,
    actor: Actor | AnonymousUser,
    action: AuditAction,
    target: models.Model | None = None,
    kind: str = AuditLog.Kind.WRITE,
    data_subject: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditLog:
    """Append one audit row (joins the caller's transaction, so it commits or rolls back with the action).

    `actor` is the person, `SYSTEM` for the platform's own work (the row says so in `extra["actor"]` and pages show
    系统), or an anonymous visitor; `None` is refused (MissingActor). `action` must be an `AuditAction` (a string
    equal to a member's value is accepted and stored as it is); the row carries the action's correlation id and,
    inside `core.timeline.recorded_at`, the historical instant.
    """
    user = actor_user(actor)
    if actor is SYSTEM:
        extra = {**(extra or {}), "actor": "system"}
    return AuditLog.objects.create(
        occurred_at=event_time(),
        actor=user,
        kind=vocabulary_member(AuditLog.Kind, kind),
        action=vocabulary_member(AuditAction, action),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        data_subject=data_subject,
        reason=reason,
        ip_address=client_ip(request),
        extra=extra or {},
    )


def personal_data_read_record(
    *, actor: User, subject: str, target: models.Model, reason: str, request: HttpRequest | None = None
) -> AuditLog:
    """Log one view of personal data (个人信息保护法): who, when, which record, why."""
    return audit_record(
        actor=actor,
        action=AuditAction.PERSONAL_DATA_VIEWED,
        target=target,
        kind=AuditLog.Kind.READ,
        data_subject=subject,
        reason=reason,
        request=request,
    )


def personal_data_reads_record(
    *,
    actor: User,
    reads: Iterable[tuple[str, models.Model]],
    reason: str,
    request: HttpRequest | None = None,
) -> list[AuditLog]:
    """Log a page's views of several people's personal data at once, one row each (subject, record), in one INSERT:
    the rows `personal_data_read_record` writes one by one."""
    user = actor_user(actor)
    now, ip = event_time(), client_ip(request)
    rows: list[AuditLog] = AuditLog.objects.bulk_create(
        AuditLog(
            occurred_at=now,
            actor=user,
            kind=AuditLog.Kind.READ,
            action=AuditAction.PERSONAL_DATA_VIEWED,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            target_label=str(target)[:200],
            data_subject=subject,
            reason=reason,
            ip_address=ip,
            extra={},
        )
        for subject, target in reads
    )
    return rows


def notification_send(*, recipient: User, title: str, body: str = "", link: str = "", topic: str = "") -> Notification:
    """Queue an in-site message; joins the caller's transaction, so a rolled-back action sends nothing."""
    return Notification.objects.create(recipient=recipient, title=title, body=body, link=link, topic=topic)

"""Reads shared by every app."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet

from .models import AuditLog, Notification


def personal_data_views_for_subjects(*, subjects: Iterable[str]) -> QuerySet[AuditLog]:
    """Every logged view of the given data subjects' personal data, newest first."""
    return (
        AuditLog.objects.filter(kind=AuditLog.Kind.READ, data_subject__in=list(subjects))
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )


def notifications_unread(*, user: object, limit: int = 10) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at")[:limit])


def audit_count_since(*, action: str, ip_address: str | None, since: datetime) -> int:
    """How many times one client address did `action` since `since` (a throttle's memory that every worker
    process shares, unlike a per-process cache)."""
    if not ip_address:
        return 0
    return AuditLog.objects.filter(action=action, ip_address=ip_address, occurred_at__gte=since).count()

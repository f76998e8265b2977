"""Reads shared by every app."""

from __future__ import annotations

from collections.abc import Iterable

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

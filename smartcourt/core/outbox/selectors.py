"""Reads of the outbox: messages in a scope (the outbox page, in courts, applies the permission table), messages of
one object, and links from a message to what it is for (each app registers how its `related_type` reads, so core
imports none)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet

from .models import OutboundMessage

# related ids (strings) → {related id: (label, url)}, e.g. a service attempt → its case number and task page
RelatedLinks = Callable[[list[str], Any], dict[str, tuple[str, str]]]  # (ids, viewer) -> id: (label, url or "")
_RELATED: dict[str, RelatedLinks] = {}


def outbox_messages(*, where: Q | None, channel: str = "") -> QuerySet[OutboundMessage]:
    """Messages matching `where` (the reader's scope from the permission table, applied by the caller above core;
    None: all), newest first, optionally of one channel."""
    qs = OutboundMessage.objects.all() if where is None else OutboundMessage.objects.filter(where)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.select_related("court", "recipient").order_by("-created_at", "-id")


def outbox_messages_for(*, related: tuple[str, Any]) -> QuerySet[OutboundMessage]:
    """The messages sent for one object, e.g. `related=("service.attempt", attempt.pk)`, oldest first."""
    related_type, related_id = related
    return OutboundMessage.objects.filter(related_type=related_type, related_id=str(related_id)).order_by(
        "created_at", "id"
    )


def outbox_messages_for_any(*, related_type: str, related_ids: Iterable[Any]) -> QuerySet[OutboundMessage]:
    """The messages sent for any of several objects of one type (e.g. every attempt of a service task)."""
    return OutboundMessage.objects.filter(
        related_type=related_type, related_id__in=[str(i) for i in related_ids]
    ).order_by("created_at", "id")


def register_related_links(related_type: str, links: RelatedLinks) -> None:
    """Declare how messages for `related_type` link to their object on the outbox page (from `AppConfig.ready()`)."""
    _RELATED[related_type] = links


def outbox_related_links(*, messages: Iterable[OutboundMessage], user: Any) -> dict[int, tuple[str, str]]:
    """For each message with a registered related type: (label, url) of what it was sent for (one query a type);
    the url is empty where `user` may not open that object (a link shown must never end in a 403 or 404)."""
    by_type: dict[str, list[OutboundMessage]] = defaultdict(list)
    for m in messages:
        if m.related_type in _RELATED and m.related_id:
            by_type[m.related_type].append(m)
    out: dict[int, tuple[str, str]] = {}
    for related_type, group in by_type.items():
        found = _RELATED[related_type](sorted({m.related_id for m in group}), user)
        out.update({m.pk: found[m.related_id] for m in group if m.related_id in found})
    return out

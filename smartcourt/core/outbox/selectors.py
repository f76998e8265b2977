"""Reads of the outbox: the one outbox page's list (through the permission table), messages of one object, and
links from a message to what it is for (each app registers how its `related_type` reads, so core imports none)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from smartcourt.courts.permissions import Action, Resource, grants_for, visible_q
from smartcourt.courts.roles import Role

from .models import OutboundMessage

if TYPE_CHECKING:
    from smartcourt.courts.models import User

# related ids (strings) → {related id: (label, url)}, e.g. a service attempt → its case number and task page
RelatedLinks = Callable[[list[str]], dict[str, tuple[str, str]]]
_RELATED: dict[str, RelatedLinks] = {}


def outbox_page_allowed(*, user: User) -> bool:
    """Whether `user` may open the outbox page: a grant with outbox/view in the permission table (or superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = {Role(r) for r in user.grants.values_list("role", flat=True)}
    return any(grants_for(role=r, resource=Resource.OUTBOX, action=Action.VIEW) for r in roles)


def outbox_list(*, user: User, channel: str = "") -> QuerySet[OutboundMessage]:
    """Messages `user` may read, newest first: by the permission table's scopes (a court's clerks and
    administrators: that court's messages); superusers read all."""
    qs = OutboundMessage.objects.all()
    if not user.is_superuser:
        qs = qs.filter(visible_q(user=user, resource=Resource.OUTBOX, action=Action.VIEW))
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


def outbox_related_links(*, messages: Iterable[OutboundMessage]) -> dict[int, tuple[str, str]]:
    """For each message with a registered related type: (label, url) of what it was sent for (one query a type)."""
    by_type: dict[str, list[OutboundMessage]] = defaultdict(list)
    for m in messages:
        if m.related_type in _RELATED and m.related_id:
            by_type[m.related_type].append(m)
    out: dict[int, tuple[str, str]] = {}
    for related_type, group in by_type.items():
        found = _RELATED[related_type](sorted({m.related_id for m in group}))
        out.update({m.pk: found[m.related_id] for m in group if m.related_id in found})
    return out

"""The one outbox (smartcourt.core.outbox) read through the permission table: `Resource.OUTBOX` by court.

A court's system administrators and clerks read the messages sent in that court's name (service links, notice
copies). A message bound to no court is seen by no role (only SYSTEM reads it); `is_superuser` grants nothing here.
OWN would be the messages sent to the user; DIVISION selects nothing (a message belongs to a court, not a division).
Registered from `CourtsConfig.ready`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from smartcourt.core.outbox.selectors import outbox_messages

from .permissions import Action, Resource, ScopeBuilders, permits, register_scopes, visible_q
from .selectors import court_subtree

if TYPE_CHECKING:
    from smartcourt.core.outbox.models import OutboundMessage

    from .models import User

OUTBOX_SCOPES = ScopeBuilders(
    own=lambda user: Q(recipient=user),
    division=lambda division: Q(pk__in=[]),  # messages belong to a court, not a division: never widen
    court=lambda court: Q(court=court),
    # the subtree's ids, never a path prefix: a court with an empty path must not read as "every court"
    subordinate=lambda court: Q(court_id__in=list(court_subtree(court=court).values_list("pk", flat=True))),
)


def outbox_scopes_register() -> None:
    register_scopes(Resource.OUTBOX, OUTBOX_SCOPES)


def outbox_page_allowed(*, user: User) -> bool:
    """Whether `user` may open the outbox page: a grant with outbox/view in the permission table."""
    return permits(user=user, resource=Resource.OUTBOX, action=Action.VIEW)


def outbox_list(*, user: User, channel: str = "") -> QuerySet[OutboundMessage]:
    """Messages `user` may read, newest first, by the table's scopes."""
    return outbox_messages(where=visible_q(user=user, resource=Resource.OUTBOX, action=Action.VIEW), channel=channel)

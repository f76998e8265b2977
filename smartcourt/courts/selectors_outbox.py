"""The one outbox (smartcourt.core.outbox) read through the permission table: `Resource.OUTBOX` by court.

A court's system administrators and clerks read the messages sent in that court's name (service links, notice
copies). A message bound to no court is seen by no role, only by superusers. OWN would be the messages sent to the
user; DIVISION selects nothing (a message belongs to a court, not a division). Registered from `CourtsConfig.ready`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from smartcourt.core.outbox.selectors import outbox_messages

from .permissions import Action, Resource, ScopeBuilders, grants_for, register_scopes, visible_q
from .roles import Role

if TYPE_CHECKING:
    from smartcourt.core.outbox.models import OutboundMessage

    from .models import User

OUTBOX_SCOPES = ScopeBuilders(
    own=lambda user: Q(recipient=user),
    division=lambda division: Q(pk__in=[]),  # messages belong to a court, not a division: never widen
    court=lambda court: Q(court=court),
    subordinate=lambda court: Q(court__path__startswith=court.path),
)


def outbox_scopes_register() -> None:
    register_scopes(Resource.OUTBOX, OUTBOX_SCOPES)


def outbox_page_allowed(*, user: User) -> bool:
    """Whether `user` may open the outbox page: a grant with outbox/view in the permission table (or superuser)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = {Role(r) for r in user.grants.values_list("role", flat=True)}
    return any(grants_for(role=r, resource=Resource.OUTBOX, action=Action.VIEW) for r in roles)


def outbox_list(*, user: User, channel: str = "") -> QuerySet[OutboundMessage]:
    """Messages `user` may read, newest first, by the table's scopes; superusers read all."""
    where = None if user.is_superuser else visible_q(user=user, resource=Resource.OUTBOX, action=Action.VIEW)
    return outbox_messages(where=where, channel=channel)

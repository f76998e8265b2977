"""How the permission table's scopes read on the outbox (see smartcourt/courts/permissions.py).

OUTBOX is granted by court: the court a message is for (`OutboundMessage.court`). A message bound to no court
(rare: nothing in any court's name) is seen by no role, only by superusers. OWN is the messages sent to the user;
DIVISION selects nothing (a message belongs to a court, not a division).
"""

from __future__ import annotations

from django.db.models import Q

from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes

register_scopes(
    Resource.OUTBOX,
    ScopeBuilders(
        own=lambda user: Q(recipient=user),
        division=lambda division: Q(pk__in=[]),  # messages belong to a court, not a division: never widen
        court=lambda court: Q(court=court),
        subordinate=lambda court: Q(court__path__startswith=court.path),
    ),
)

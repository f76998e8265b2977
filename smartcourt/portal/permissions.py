"""How the permission table's scopes read on a litigant account for real-name verification (Resource.IDENTITY, see
smartcourt/courts/permissions.py).

An account belongs to the court the person registered with (`LitigantAccount.court`): COURT is that court,
SUBORDINATE that court or one below it, DIVISION the division's court; OWN is the person's own account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from smartcourt.cases.permissions import CASE_SCOPES
from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

if TYPE_CHECKING:
    from smartcourt.courts.models import Court, User


def _own(user: User) -> Q:
    return Q(user=user)


def _below(court: Court) -> Q:
    return Q(court_id__in=list(court_subtree(court=court).values_list("pk", flat=True)))


IDENTITY_SCOPES = ScopeBuilders(
    own=_own,
    division=lambda division: Q(court_id=division.court_id),
    court=lambda court: Q(court_id=court.pk),
    subordinate=_below,
)
register_scopes(Resource.IDENTITY, IDENTITY_SCOPES)

# Publication (裁判文书上网) is granted on a case: the case's judge, assistant and clerk (OWN), its division, court.
register_scopes(Resource.PUBLICATION, CASE_SCOPES)

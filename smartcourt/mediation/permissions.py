"""How the permission table's scopes read for mediation (see smartcourt/courts/permissions.py).

MEDIATION on a dispute: OWN = its mediator, one of its parties, or the judge guiding its body or its mediator (挂点指导); court-bound
scopes by the dispute's court. MEDIATION_CONFIRMATION on an application: OWN = its judge or a party of the dispute.
MEDIATION_BODY on a body: OWN = one of its mediators. MEDIATION_FUNNEL on an area, by its court.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

if TYPE_CHECKING:
    from smartcourt.courts.models import Court, User


def _subtree_ids(court: Court) -> list[int]:
    return list(court_subtree(court=court).values_list("pk", flat=True))


def _by_court(field: str) -> tuple[Any, Any, Any]:
    return (
        lambda division: Q(**{f"{field}_id": division.court_id}),
        lambda court: Q(**{field: court}),
        lambda court: Q(**{f"{field}_id__in": _subtree_ids(court)}),
    )


def _dispute_own(user: User) -> Q:
    from .models import DisputeParty

    party_of = DisputeParty.objects.filter(user=user).values("dispute_id")
    return Q(mediator__user=user) | Q(body__guiding_judge=user) | Q(mediator__guiding_judge=user) | Q(pk__in=party_of)


def _confirmation_own(user: User) -> Q:
    from .models import DisputeParty

    party_of = DisputeParty.objects.filter(user=user).values("dispute_id")
    return Q(judge=user) | Q(agreement__dispute_id__in=party_of)


def _body_own(user: User) -> Q:
    from .models import Mediator

    return Q(pk__in=Mediator.objects.filter(user=user).values("body_id"))


def _area_own(user: User) -> Q:
    return Q(pk__in=[])


for resource, own in (
    (Resource.MEDIATION, _dispute_own),
    (Resource.MEDIATION_CONFIRMATION, _confirmation_own),
    (Resource.MEDIATION_BODY, _body_own),
    (Resource.MEDIATION_FUNNEL, _area_own),
):
    division, court, subordinate = _by_court("court")
    register_scopes(resource, ScopeBuilders(own=own, division=division, court=court, subordinate=subordinate))

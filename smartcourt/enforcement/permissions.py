"""How the permission table's scopes read for enforcement: ENFORCEMENT, ENFORCEMENT_APPLICATION and CASE_FUNDS are
granted on a case (its officer in charge, its parties and their representatives; its division, court, subtree), so
they read the same table as the case itself.

Cross-court enforcement (ADR 0043): once the receiving court has acknowledged the handover of a designated or shared
case (`CrossCourt` ACTIVE), ENFORCEMENT and CASE_FUNDS also read it — OWN for the officer the receiving court named,
DIVISION for the receiving enforcement division, SUBORDINATE for the courts above the receiving court. COURT stays
the case's court: the receiving court's other officers do not see the case unless they are named.
ENFORCEMENT_HANDOVER, ENFORCEMENT_ENTRUSTMENT and ENFORCEMENT_ASSISTANCE are the receiving court's, the entrusted
court's and the grid worker's side of an arrangement, an entrustment and a task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from smartcourt.cases.permissions import CASE_SCOPES
from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

if TYPE_CHECKING:
    from smartcourt.courts.models import Court, Division, User


def _subtree_ids(court: Court) -> list[int]:
    return list(court_subtree(court=court).values_list("pk", flat=True))


def _shared(**filters: object) -> Q:
    """Cases shared with a court through an acknowledged designation, narrowed by `filters` on `CrossCourt`."""
    from .models import CrossCourt

    rows = CrossCourt.objects.filter(state=CrossCourt.State.ACTIVE, **filters).values("file__case_id")
    return Q(pk__in=rows)


def _case_own(user: User) -> Q:
    return CASE_SCOPES.own(user) | _shared(receiving_officer=user)


def _case_division(division: Division) -> Q:
    return CASE_SCOPES.division(division) | _shared(to_division=division)


def _case_subordinate(court: Court) -> Q:
    return CASE_SCOPES.subordinate(court) | _shared(to_court_id__in=_subtree_ids(court))


ENFORCEMENT_SCOPES = ScopeBuilders(
    own=_case_own, division=_case_division, court=CASE_SCOPES.court, subordinate=_case_subordinate
)

register_scopes(Resource.ENFORCEMENT, ENFORCEMENT_SCOPES)
register_scopes(Resource.ENFORCEMENT_APPLICATION, CASE_SCOPES)
register_scopes(Resource.CASE_FUNDS, ENFORCEMENT_SCOPES)
register_scopes(Resource.ENFORCEMENT_DESIGNATION, CASE_SCOPES)
register_scopes(
    Resource.ENFORCEMENT_HANDOVER,  # on CrossCourt: the receiving court's side
    ScopeBuilders(
        own=lambda user: Q(receiving_officer=user),
        division=lambda division: Q(to_division=division),
        court=lambda court: Q(to_court=court),
        subordinate=lambda court: Q(to_court_id__in=_subtree_ids(court)),
    ),
)
register_scopes(
    Resource.ENFORCEMENT_ENTRUSTMENT,  # on Entrustment: the entrusted court's side
    ScopeBuilders(
        own=lambda user: Q(officer=user),
        division=lambda division: Q(to_division=division),
        court=lambda court: Q(to_court=court),
        subordinate=lambda court: Q(to_court_id__in=_subtree_ids(court)),
    ),
)
register_scopes(
    Resource.ENFORCEMENT_ASSISTANCE,  # on AssistanceTask: the grid worker's own tasks
    ScopeBuilders(
        own=lambda user: Q(worker=user),
        division=lambda division: Q(file__case__division=division),
        court=lambda court: Q(court=court),
        subordinate=lambda court: Q(court_id__in=_subtree_ids(court)),
    ),
)

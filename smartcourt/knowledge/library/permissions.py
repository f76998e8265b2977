"""How the permission table's scopes read for the case library and the Q&A board (see smartcourt/courts/permissions.py).

- CASE_LIBRARY on `LibraryCase`: a court-scoped grant sees the cases published for every court (no court: 指导性案例,
  参考案例) and its own court's typical cases; subordinate: those of the courts below too.
- LEGAL_QA on `Question`: court scope = the questions asked in that court; OWN = the questions routed to the person
  as a designated expert (ExpertDesignation, active): that is what "may answer" (REVIEW, OWN) reads. Routing by
  field: an expert designated for a field gets the questions of that field, those asked without a field, and those
  of a field no active expert of that court covers (so no question is left without anyone to answer it); an expert
  designated without a field gets every question of the court.
- LEGAL_QA_EXPERT on `ExpertDesignation`: by the court designated for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

if TYPE_CHECKING:
    from smartcourt.courts.models import Court, Division, User


def _subtree_ids(court: Court) -> list[int]:
    return list(court_subtree(court=court).values_list("pk", flat=True))


register_scopes(
    Resource.CASE_LIBRARY,
    ScopeBuilders(
        own=lambda user: Q(pk__in=[]),
        division=lambda division: Q(court__isnull=True) | Q(court_id=division.court_id),
        court=lambda court: Q(court__isnull=True) | Q(court=court),
        subordinate=lambda court: Q(court__isnull=True) | Q(court_id__in=_subtree_ids(court)),
    ),
)


def _expert_courts(user: User) -> Q:
    from smartcourt.courts.grants import request_once

    from .models import ExpertDesignation

    def designations() -> list[tuple[int, str]]:
        return list(ExpertDesignation.objects.filter(user=user, active=True).values_list("court_id", "field"))

    routed = Q(pk__in=[])
    # read once per request (a person with two grants that give the OWN scope asked it twice per check); a request
    # that designates or revokes an expert reads it back at once (apps.py: the model's signals clear the memo)
    for court_id, field in request_once(f"library.expert_designations:{user.pk}", designations):
        if not field:
            routed |= Q(court_id=court_id)
            continue
        covered = ExpertDesignation.objects.filter(court_id=court_id, active=True).exclude(field="").values("field")
        routed |= Q(court_id=court_id) & (Q(field="") | Q(field=field) | ~Q(field__in=covered))
    return routed


def _by_court(division: Division) -> Q:
    return Q(court_id=division.court_id)


register_scopes(
    Resource.LEGAL_QA,
    ScopeBuilders(
        own=_expert_courts,
        division=_by_court,
        court=lambda court: Q(court=court),
        subordinate=lambda court: Q(court_id__in=_subtree_ids(court)),
    ),
)

register_scopes(
    Resource.LEGAL_QA_EXPERT,
    ScopeBuilders(
        own=lambda user: Q(user=user),
        division=_by_court,
        court=lambda court: Q(court=court),
        subordinate=lambda court: Q(court_id__in=_subtree_ids(court)),
    ),
)

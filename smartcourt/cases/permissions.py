"""How the permission table's scopes read on a case (see smartcourt/courts/permissions.py)."""

from __future__ import annotations

from django.db.models import Q

from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree
from smartcourt.courts.selectors_subjects import register_subject_resolver

from .models import CaseParty, Person, Representation


def _own(user) -> Q:  # type: ignore[no-untyped-def]
    """On the case: its judge, assistant or clerk, one of its parties, or a party's representative."""
    as_party = CaseParty.objects.filter(person__user=user).values("case_id")
    as_representative = Representation.objects.filter(user=user).values("party__case_id")
    return Q(judge=user) | Q(assistant=user) | Q(clerk=user) | Q(pk__in=as_party) | Q(pk__in=as_representative)


CASE_SCOPES = ScopeBuilders(
    own=_own,
    division=lambda division: Q(division=division),
    court=lambda court: Q(court=court),
    # The subtree's ids are read once (a province has a few hundred courts) so the case query is a plain
    # `court_id IN (…)` that the (court, filed_on) index serves, instead of a join on the courts' paths.
    subordinate=lambda court: Q(court_id__in=list(court_subtree(court=court).values_list("pk", flat=True))),
)
for resource in (Resource.CASE, Resource.CASE_PARTY_PII, Resource.DOSSIER):
    register_scopes(resource, CASE_SCOPES)


def _person_subjects(user) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"person:{pk}" for pk in Person.objects.filter(user=user).values_list("pk", flat=True)]


register_subject_resolver(_person_subjects)

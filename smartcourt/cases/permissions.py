"""How the permission table's scopes read on a case and on a representation (see smartcourt/courts/permissions.py).

A representative is on a case only while the representation is in force on today's local date (Asia/Shanghai):
from its `ends_on` (解除委托, 辞去委托, end of the mandate) the case, its dossier and its paper file are hidden from
them again, in lists, pages and the API alike, because they all read this one scope.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree
from smartcourt.courts.selectors_subjects import register_subject_resolver

from .models import CaseParty, CaseTeamMember, Person, Representation

if TYPE_CHECKING:
    from smartcourt.courts.models import Court, Division, User


def representation_in_force_q(*, on: date | None = None, prefix: str = "") -> Q:
    """Representations in force on `on` (default: today's local date): started, and not yet ended."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": on})
    )


def _own(user: User) -> Q:
    """On the case: its judge, assistant or clerk, one of its parties, or a party's representative in force today."""
    as_party = CaseParty.objects.filter(person__user=user).values("case_id")
    as_representative = Representation.objects.filter(representation_in_force_q(), user=user).values("party__case_id")
    return Q(judge=user) | Q(assistant=user) | Q(clerk=user) | Q(pk__in=as_party) | Q(pk__in=as_representative)


def _subordinate_ids(court: Court) -> list[int]:
    # The subtree's ids are read once (a province has a few hundred courts) so the case query is a plain
    # `court_id IN (…)` that the (court, filed_on) index serves, instead of a join on the courts' paths.
    return list(court_subtree(court=court).values_list("pk", flat=True))


def _own_reading(user: User) -> Q:
    """On the case as `_own` reads it, or on its team today (审判团队, `CaseTeamMember`): the other judges of the
    panel (合议庭) decide the case with the judge in charge (人民法院组织法 Art. 33), so they read its file and the
    parties' details — while the case's actions (transitions, the clock, service) stay with the judge in charge,
    the assistant and the clerk."""
    on_team = CaseTeamMember.objects.filter(user=user, ended_at__isnull=True).values("case_id")
    return _own(user) | Q(pk__in=on_team)


def _division(division: Division) -> Q:
    return Q(division=division)


def _court(court: Court) -> Q:
    return Q(court=court)


def _subordinate(court: Court) -> Q:
    return Q(court_id__in=_subordinate_ids(court))


CASE_SCOPES = ScopeBuilders(own=_own, division=_division, court=_court, subordinate=_subordinate)
CASE_READING_SCOPES = ScopeBuilders(own=_own_reading, division=_division, court=_court, subordinate=_subordinate)
for resource in (Resource.CASE, Resource.ASSIGNMENT, Resource.TRIAL_PERIOD):
    register_scopes(resource, CASE_SCOPES)
for resource in (Resource.CASE_PARTY_PII, Resource.DOSSIER):
    register_scopes(resource, CASE_READING_SCOPES)
# Forming the case's team: OWN is the judge in charge (承办法官) alone — never the assistant, the clerk or a party.
register_scopes(
    Resource.CASE_TEAM,
    ScopeBuilders(own=lambda user: Q(judge=user), division=_division, court=_court, subordinate=_subordinate),
)


def _representation_own(user: User) -> Q:
    """The representative's own representation (in force), those of a party the person is, and those on a case
    the person is the judge, assistant or clerk of."""
    return (
        (Q(user=user) & representation_in_force_q())
        | Q(party__person__user=user)
        | Q(party__case__judge=user)
        | Q(party__case__assistant=user)
        | Q(party__case__clerk=user)
    )


register_scopes(
    Resource.REPRESENTATION,
    ScopeBuilders(
        own=_representation_own,
        division=lambda division: Q(party__case__division=division),
        court=lambda court: Q(party__case__court=court),
        subordinate=lambda court: Q(party__case__court_id__in=_subordinate_ids(court)),
    ),
)


def _power_of_attorney_own(user: User) -> Q:
    """The party who submitted it, the lawyer it names, and the judge, assistant and clerk of its case."""
    return (
        Q(party__person__user=user)
        | Q(lawyer=user)
        | Q(party__case__judge=user)
        | Q(party__case__assistant=user)
        | Q(party__case__clerk=user)
    )


register_scopes(
    Resource.POWER_OF_ATTORNEY,
    ScopeBuilders(
        own=_power_of_attorney_own,
        division=lambda division: Q(party__case__division=division),
        court=lambda court: Q(party__case__court=court),
        subordinate=lambda court: Q(party__case__court_id__in=_subordinate_ids(court)),
    ),
)


def _person_subjects(user: User) -> list[str]:
    return [f"person:{pk}" for pk in Person.objects.filter(user=user).values_list("pk", flat=True)]


register_subject_resolver(_person_subjects)

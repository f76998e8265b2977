"""How the permission table's scopes read for hearings (see smartcourt/courts/permissions.py).

HEARING and ESCORT are granted on a case (the case's own scopes: its judge, assistant, clerk, parties and their
representatives in force; its division, court, subtree), so "may schedule this case's hearings" and "may see
them" read the same table as the case itself. REMOTE_SITE is granted on the site, by its court.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from smartcourt.cases.permissions import CASE_SCOPES
from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

if TYPE_CHECKING:
    from smartcourt.courts.models import Court, Division, User

register_scopes(Resource.HEARING, CASE_SCOPES)
register_scopes(Resource.ESCORT, CASE_SCOPES)


def _site_own(user: User) -> Q:
    return Q(staff__user=user)


def _site_division(division: Division) -> Q:
    return Q(court_id=division.court_id)


def _site_court(court: Court) -> Q:
    return Q(court=court)


def _site_subordinate(court: Court) -> Q:
    return Q(court_id__in=list(court_subtree(court=court).values_list("pk", flat=True)))


register_scopes(
    Resource.REMOTE_SITE,
    ScopeBuilders(own=_site_own, division=_site_division, court=_site_court, subordinate=_site_subordinate),
)

"""How the permission table's scopes read for court documents: DOCUMENT is granted on a case (the case's own scopes),
DOCUMENT_TEMPLATE on a court (asked with `grant_courts`)."""

from __future__ import annotations

from django.db.models import Q

from smartcourt.cases.permissions import CASE_SCOPES
from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

register_scopes(Resource.DOCUMENT, CASE_SCOPES)
register_scopes(
    Resource.DOCUMENT_TEMPLATE,
    ScopeBuilders(
        own=lambda user: Q(pk__in=[]),
        division=lambda division: Q(pk=division.court_id),
        court=lambda court: Q(pk=court.pk),
        subordinate=lambda court: Q(pk__in=list(court_subtree(court=court).values_list("pk", flat=True))),
    ),
)

"""How the permission table's scopes read on a filing (see smartcourt/courts/permissions.py).

OWN: the filer, or a lawyer the filer authorised for it. COURT: the competent court, and the court that received it
at its counter (跨域立案: both see its status).
"""

from __future__ import annotations

from django.db.models import Q

from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

from .models import Authorisation


def _own(user) -> Q:  # type: ignore[no-untyped-def]
    authorised = Authorisation.objects.filter(lawyer=user, revoked_at__isnull=True).values("filing_id")
    return Q(filer=user) | Q(pk__in=authorised)


FILING_SCOPES = ScopeBuilders(
    own=_own,
    division=lambda division: Q(court_id=division.court_id) | Q(receiving_court_id=division.court_id),
    court=lambda court: Q(court=court) | Q(receiving_court=court),
    subordinate=lambda court: Q(court_id__in=list(court_subtree(court=court).values_list("pk", flat=True))),
)
register_scopes(Resource.FILING, FILING_SCOPES)

"""How the permission table's scopes read on a filing (see smartcourt/courts/permissions.py).

OWN: the filer, or a lawyer the filer authorised for it. COURT: the competent court, and the court that received it
at its counter (跨域立案: both see its status) — once it was submitted: a draft (and a draft withdrawn before it
was ever submitted) is the filer's alone, and the court does not learn that it exists (民诉法 Art. 123: a complaint
reaches the court when it is handed in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

from .models import Authorisation

if TYPE_CHECKING:
    from smartcourt.courts.models import Court

SUBMITTED = Q(submitted_at__isnull=False)  # handed in (online, at a kiosk, or received at a counter)


def _own(user) -> Q:  # type: ignore[no-untyped-def]
    authorised = Authorisation.objects.filter(lawyer=user, revoked_at__isnull=True).values("filing_id")
    return Q(filer=user) | Q(pk__in=authorised)


def _at(court_id: int) -> Q:
    return SUBMITTED & (Q(court_id=court_id) | Q(receiving_court_id=court_id))


def _below(court: Court) -> Q:
    return SUBMITTED & Q(court_id__in=list(court_subtree(court=court).values_list("pk", flat=True)))


FILING_SCOPES = ScopeBuilders(
    own=_own,
    division=lambda division: _at(division.court_id),
    court=lambda court: _at(court.pk),
    subordinate=_below,
)
register_scopes(Resource.FILING, FILING_SCOPES)

"""How the permission table's scopes read on a paper bundle (see smartcourt/courts/permissions.py)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from smartcourt.cases.permissions import CASE_SCOPES
from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

from .models import OPEN_BORROWING_STATES, Borrowing


def _own(user) -> Q:  # type: ignore[no-untyped-def]
    """Bundles of a case the person is on (judge, assistant, clerk, party, representative), and bundles the person
    has an open borrowing of."""
    case_model = apps.get_model("cases", "Case")
    on_case = case_model.objects.filter(CASE_SCOPES.own(user)).values("pk")
    borrowing = Borrowing.objects.filter(borrower=user, state__in=OPEN_BORROWING_STATES).values("bundle_id")
    return Q(case_id__in=on_case) | Q(pk__in=borrowing)


PAPER_FILE_SCOPES = ScopeBuilders(
    own=_own,
    division=lambda division: Q(case__division=division),
    court=lambda court: Q(court=court),
    subordinate=lambda court: Q(court_id__in=list(court_subtree(court=court).values_list("pk", flat=True))),
)
register_scopes(Resource.PAPER_FILE, PAPER_FILE_SCOPES)

"""How the permission table's scopes read for service (see smartcourt/courts/permissions.py).

SERVICE is granted on a case (the case's own scopes: judge/clerk/assistant of it, division, court, subtree), so
"may serve in this case" and "may see this case's service tasks" read the same table as the case itself.
Parties and lawyers see only the tasks addressed to them (selectors.service_tasks_for_recipient), never the
other side's addresses. SERVICE_OUTBOX reads on the outbox rows by the court of their task.
"""

from __future__ import annotations

from django.db.models import Q

from smartcourt.cases.permissions import CASE_SCOPES
from smartcourt.courts.permissions import Resource, ScopeBuilders, register_scopes
from smartcourt.courts.selectors import court_subtree

register_scopes(Resource.SERVICE, CASE_SCOPES)
register_scopes(
    Resource.SERVICE_OUTBOX,
    ScopeBuilders(
        own=lambda user: Q(pk__in=[]),
        division=lambda division: Q(attempt__task__case__division=division),
        court=lambda court: Q(attempt__task__court=court),
        subordinate=lambda court: Q(
            attempt__task__court_id__in=list(court_subtree(court=court).values_list("pk", flat=True))
        ),
    ),
)

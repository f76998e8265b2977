"""How the permission table's scopes read for service (see smartcourt/courts/permissions.py).

SERVICE is granted on a case (the case's own scopes: judge/clerk/assistant of it, division, court, subtree), so
"may serve in this case" and "may see this case's service tasks" read the same table as the case itself.
Parties and lawyers see only the tasks addressed to them (selectors.service_tasks_for_recipient), never the
other side's addresses. The SMS and e-mail of service are in the one outbox (Resource.OUTBOX, by the task's court).
"""

from __future__ import annotations

from smartcourt.cases.permissions import CASE_SCOPES
from smartcourt.courts.permissions import Resource, register_scopes

register_scopes(Resource.SERVICE, CASE_SCOPES)

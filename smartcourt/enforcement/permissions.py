"""How the permission table's scopes read for enforcement: ENFORCEMENT, ENFORCEMENT_APPLICATION and CASE_FUNDS are
granted on a case (its officer in charge, its parties and their representatives; its division, court, subtree), so
they read the same table as the case itself."""

from __future__ import annotations

from smartcourt.cases.permissions import CASE_SCOPES
from smartcourt.courts.permissions import Resource, register_scopes

register_scopes(Resource.ENFORCEMENT, CASE_SCOPES)
register_scopes(Resource.ENFORCEMENT_APPLICATION, CASE_SCOPES)
register_scopes(Resource.CASE_FUNDS, CASE_SCOPES)

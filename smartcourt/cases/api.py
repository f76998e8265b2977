"""Cases API: `/api/v1/cases/…`, `/api/v1/causes/…` and `/api/v1/approvals/…`. Deadlines and the trial-period calculator are legaltime's
(`smartcourt.legaltime.api`, `/api/v1/deadlines/…`)."""

from __future__ import annotations

from .api_approvals import router as approvals_router  # also adds the case-scoped request endpoints
from .api_cases import router as cases_router
from .api_causes import router as causes_router

routers = [("cases", cases_router), ("causes", causes_router), ("approvals", approvals_router)]

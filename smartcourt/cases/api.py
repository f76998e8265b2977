"""Cases API: `/api/v1/cases/…` and `/api/v1/causes/…`. Deadlines and the trial-period calculator are legaltime's
(`smartcourt.legaltime.api`, `/api/v1/deadlines/…`)."""

from __future__ import annotations

from .api_cases import router as cases_router
from .api_causes import router as causes_router

routers = [("cases", cases_router), ("causes", causes_router)]

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from smartcourt.courts.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    common = {"language_switch": settings.LANGUAGE_SWITCH}
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_roles": [], **common}
    return {**navigation_for(user=user, path=request.path), **common}

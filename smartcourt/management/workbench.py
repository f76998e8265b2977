"""The leaders' workbench panel: the court's key figures, linking to the full overview."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from smartcourt.courts.permissions import Action, Resource, roles_with
from smartcourt.courts.selectors import user_is_person
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors


def _overview(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not (user_is_person(user) and selectors.overview_allowed(user=user)):
        return {"allowed": False}
    return {"allowed": True, "f": selectors.court_overview(user=user)}


register_panel(
    Panel(
        "court_overview",
        _("法院运行态势"),
        roles_with(resource=Resource.CASE, action=Action.SUPERVISE),  # 院长、庭长、审管办, by the table
        "management/panels/overview.html",
        _overview,
        order=12,
    )
)

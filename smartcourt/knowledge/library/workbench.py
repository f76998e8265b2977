"""Workbench panel: the case library and 法答网 for judges and their teams — the questions awaiting this person's
answer (a designated expert's queue) and the ways into the library, the Q&A board and 类案追本溯源."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils.translation import gettext_lazy as _

from smartcourt.courts.permissions import Action, Resource, permits
from smartcourt.courts.roles import Role
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

    from smartcourt.courts.models import User


def _library(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)
    return {
        "library": permits(user=user, resource=Resource.CASE_LIBRARY, action=Action.VIEW),
        "qa": permits(user=user, resource=Resource.LEGAL_QA, action=Action.VIEW),
        "awaiting": selectors.questions_awaiting(user=user),
        "typical": permits(user=user, resource=Resource.CASE_LIBRARY, action=Action.CHANGE),
        "experts": permits(user=user, resource=Resource.LEGAL_QA_EXPERT, action=Action.CHANGE),
    }


register_panel(
    Panel("knowledge_library", _("案例库与法答网"),
          frozenset({Role.JUDGE, Role.JUDGE_ASSISTANT, Role.DIVISION_HEAD, Role.PRESIDENT, Role.TRIAL_MANAGEMENT}),
          "knowledge_library/panels/library.html", _library, order=40)
)  # fmt: skip

"""Workbench panels of mediation: the disputes in a mediator's or party's hands (an expired one is never pending);
the guiding judge's confirmations to rule on and the way to the funnel for the court's leaders and offices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils.translation import gettext_lazy as _

from smartcourt.courts.roles import Role
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

    from smartcourt.courts.models import User


def _mine(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)
    rows = selectors.disputes_mediating_shown(user=user, limit=6)
    return {"disputes": rows}


def _leaders(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)
    return {
        # the panel shows each one's case number, review deadline and dispute link: those columns only (the full
        # rows were five tables' worth, about a hundred columns)
        "confirmations": list(
            selectors.confirmations_for_judge(user=user)
            .filter(state="pending")
            .select_related(None)
            .select_related("agreement", "case")
            .only("review_due_on", "state", "agreement__dispute_id", "case__number")[:5]
        ),
        "funnel": selectors.funnel_allowed(user=user),
    }


register_panel(
    Panel("mediation_mine", _("调解中的纠纷"), frozenset({Role.MEDIATOR, Role.PARTY}), "mediation/panels/mine.html",
          _mine, order=16)
)  # fmt: skip
register_panel(
    Panel("mediation_court", _("诉源治理"), frozenset({Role.JUDGE, Role.PRESIDENT, Role.TRIAL_MANAGEMENT}),
          "mediation/panels/court.html", _leaders, order=40)
)  # fmt: skip

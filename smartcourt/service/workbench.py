"""Workbench panels of service: the service centre's open work for staff; documents awaiting a party."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import user_courts
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors
from .models import TaskState

if TYPE_CHECKING:
    from smartcourt.courts.models import User


def _centre(request: HttpRequest) -> dict[str, Any]:
    counts = selectors.service_queue_counts(user=request.user)
    return {
        "in_progress": counts.get(TaskState.IN_PROGRESS, 0) + counts.get(TaskState.PENDING, 0),
        "public_notice": counts.get(TaskState.PUBLIC_NOTICE, 0),
        "exhausted": counts.get(TaskState.EXHAUSTED, 0),
        "served": counts.get(TaskState.SERVED, 0),
    }


def _stats(request: HttpRequest) -> dict[str, Any]:
    court = user_courts(user=cast("User", request.user)).first()  # the workbench is for signed-in people
    if court is None:
        return {"court": None}
    data = selectors.service_panel_figures(court=court, days=30)  # the panel's three figures, not the whole page's
    return {"court": court, "served": data["served_total"], "median_hours": data["median_hours"],
            "exhausted": data["exhausted"]}  # fmt: skip


def _inbox(request: HttpRequest) -> dict[str, Any]:
    # the panel shows each one's title, state and case number: those columns only (the DISTINCT compares those)
    inbox = selectors.service_tasks_for_recipient(user=request.user).select_related(None).select_related("case")
    tasks = list(inbox.only("title", "state", "case__number")[:5])
    return {"tasks": tasks}


register_panel(
    Panel(
        "service_centre",
        _("集中送达"),
        frozenset({Role.CLERK, Role.FILING_OFFICER, Role.JUDGE_ASSISTANT}),
        "service/panels/centre.html",
        _centre,
        order=40,
    )
)
register_panel(
    Panel(
        "service_inbox",
        _("我的送达"),
        frozenset({Role.PARTY, Role.LAWYER}),
        "service/panels/inbox.html",
        _inbox,
        order=20,
    )
)
register_panel(
    Panel(
        "service_stats",
        _("送达统计（近30日）"),
        frozenset({Role.TRIAL_MANAGEMENT, Role.PRESIDENT}),  # SERVICE/VIEW court-wide in the table: the page opens
        "service/panels/stats.html",
        _stats,
        order=32,
    )
)

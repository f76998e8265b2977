"""Workbench panels contributed by the case core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.selectors import notifications_unread
from smartcourt.courts.roles import Role
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors
from .models import CaseState, SupervisionTag

if TYPE_CHECKING:
    from smartcourt.courts.models import User


def _my_cases(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    thresholds = tuple(settings.TRIAL_PERIOD_ALERT_DAYS)
    open_cases = selectors.cases_of_team(
        user=cast("User", user)
    )  # the workbench is for signed-in people  # as judge, judge assistant or clerk: the alerts' cases too
    today = timezone.localdate()
    alerts = []
    for case in selectors.judge_due_alerts(user=user, thresholds=thresholds, today=today):
        days = (case.trial_due_on - today).days
        level = "overdue" if days < 0 else next((t for t in sorted(thresholds) if days <= t), None)
        alerts.append({"case": case, "days": days, "level": level})
    return {
        "open": open_cases.count(),
        "in_trial": open_cases.filter(state=CaseState.IN_TRIAL).count(),
        "suspended": open_cases.filter(state=CaseState.SUSPENDED).count(),
        "alerts": alerts,
        "thresholds": thresholds,
    }


def _unassigned(request: HttpRequest) -> dict[str, Any]:
    qs = selectors.case_visible_to(user=request.user).filter(judge__isnull=True, state=CaseState.REGISTERED)
    return {"count": qs.count(), "cases": list(qs.select_related("court").order_by("filed_on")[:8])}


def _party_cases(request: HttpRequest) -> dict[str, Any]:
    qs = selectors.case_visible_to(user=request.user).select_related("court").order_by("-filed_on")
    return {"cases": list(qs[:10]), "count": qs.count()}


def _supervision(request: HttpRequest) -> dict[str, Any]:
    tags = (
        SupervisionTag.objects.filter(supervisor=request.user, removed_at__isnull=True)
        .select_related("case")
        .order_by("-created_at")[:10]
    )
    visible = selectors.case_visible_to(user=request.user)
    today = timezone.localdate()
    return {
        "tags": list(tags),
        "overdue": visible.filter(state__in=selectors.RUNNING_STATES, trial_due_on__lt=today).count(),
        "long_pending": visible.filter(
            state__in=selectors.OPEN_STATES, filed_on__lt=today.replace(year=today.year - 1)
        ).count(),
        "counts": selectors.case_counts_by_state(user=request.user),
    }


def _messages(request: HttpRequest) -> dict[str, Any]:
    return {"items": notifications_unread(user=request.user, limit=8)}


TRIAL_ROLES = frozenset({Role.JUDGE, Role.JUDGE_ASSISTANT, Role.CLERK})
register_panel(
    Panel(
        "my_cases",
        _("我的案件与审限预警"),
        TRIAL_ROLES | {Role.ENFORCEMENT_OFFICER},
        "cases/panels/my_cases.html",
        _my_cases,
        order=10,
    )
)
register_panel(
    Panel(
        "unassigned",
        _("待分案件"),
        frozenset({Role.FILING_OFFICER, Role.DIVISION_HEAD}),
        "cases/panels/unassigned.html",
        _unassigned,
        order=20,
    )
)
register_panel(
    Panel(
        "party_cases",
        _("我的案件"),
        frozenset({Role.PARTY, Role.LAWYER}),
        "cases/panels/party_cases.html",
        _party_cases,
        order=10,
    )
)
register_panel(
    Panel(
        "supervision",
        _("审判监督管理"),
        frozenset({Role.DIVISION_HEAD, Role.PRESIDENT, Role.TRIAL_MANAGEMENT}),
        "cases/panels/supervision.html",
        _supervision,
        order=15,
    )
)
register_panel(Panel("messages", _("消息提醒"), frozenset(Role), "cases/panels/messages.html", _messages, order=90))

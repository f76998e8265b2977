"""Workbench panels contributed by the case core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.core.selectors import notifications_unread
from smartcourt.courts.permissions import Action, Resource, permits, roles_with, visible_q
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import user_is_person
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors, selectors_approvals
from .models import CaseState, SupervisionTag

if TYPE_CHECKING:
    from smartcourt.courts.models import User

_TEAM_CASES = 6  # the team's cases the panel lists


def _my_cases(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user_is_person(user):  # the workbench is for signed-in people only
        raise PermissionDenied
    thresholds = tuple(settings.TRIAL_PERIOD_ALERT_DAYS)
    # the cases on whose team (审判团队) the person is: judge in charge, panel judge, assistant or clerk
    open_cases = selectors.cases_of_team_member(user=user)
    # the panel shows each case's number and link, and the scan link where the person may file into its dossier
    # (asked of the permission table in the same query, as a column)
    may_scan = ExpressionWrapper(
        visible_q(user=user, resource=Resource.DOSSIER, action=Action.CHANGE), output_field=BooleanField()
    )
    recent = list(open_cases.annotate(may_scan=may_scan).order_by("-filed_on", "-id")[:_TEAM_CASES])
    if len(recent) < _TEAM_CASES:  # every open case is on the panel: count them here, no query
        counts = {
            "open": len(recent),
            "in_trial": sum(1 for c in recent if c.state == CaseState.IN_TRIAL),
            "suspended": sum(1 for c in recent if c.state == CaseState.SUSPENDED),
        }
    else:  # the three counters in one query, not three
        counts = open_cases.aggregate(
            open=Count("pk"),
            in_trial=Count("pk", filter=Q(state=CaseState.IN_TRIAL)),
            suspended=Count("pk", filter=Q(state=CaseState.SUSPENDED)),
        )
    today = timezone.localdate()
    alerts = []
    for case in selectors.judge_due_alerts(user=user, thresholds=thresholds, today=today):
        days = (case.trial_due_on - today).days
        level = "overdue" if days < 0 else next((t for t in sorted(thresholds) if days <= t), None)
        alerts.append({"case": case, "days": days, "level": level})
    return {
        **counts,
        "alerts": alerts,
        "thresholds": thresholds,
        "team_cases": [{"case": c, "scan": bool(c.may_scan)} for c in recent],
        # the panel shows each one's case number, the principal's and the lawyer's names: those columns only
        "powers_to_review": list(
            selectors.powers_of_attorney_to_review(user=user).only(
                "party__case__number", "party__person__name", "lawyer__full_name", "lawyer__username"
            )[:5]
        ),
    }


def _unassigned(request: HttpRequest) -> dict[str, Any]:
    """The cases this person may assign (a division head: her division's; a filing officer: the court's)."""
    if not user_is_person(request.user):
        return {"count": 0, "cases": []}
    qs = selectors_approvals.cases_to_assign(user=request.user)
    cases = list(qs[:8])
    return {"count": len(cases) if len(cases) < 8 else qs.count(), "cases": cases}  # a short list is the count


def _approvals(request: HttpRequest) -> dict[str, Any]:
    """The requests waiting for this person's decision (待我审批), with the counter."""
    if not user_is_person(request.user):
        return {"count": 0, "items": []}
    queue = selectors_approvals.approval_queue(user=request.user, for_panel=True)
    items = list(queue[:5])
    return {"count": len(items) if len(items) < 5 else queue.count(), "items": items}  # a short list is the count


def _party_cases(request: HttpRequest) -> dict[str, Any]:
    qs = selectors.case_visible_to(user=request.user).order_by("-filed_on")
    # the panel shows each one's number, state, title and court: those columns only
    cases = list(qs.select_related("court").only("number", "state", "title", "court__name")[:10])
    return {"cases": cases, "count": len(cases) if len(cases) < 10 else qs.count()}  # a short list is the count


def _supervision(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)  # the workbench is for signed-in people
    tags = (
        SupervisionTag.objects.filter(supervisor=user, removed_at__isnull=True)
        .select_related("case")
        .order_by("-created_at")[:10]
    )
    today = timezone.localdate()
    # the counters by state, the overdue and the long-pending ones: one grouped query over the visible cases
    figures = selectors.case_supervision_figures(user=user, today=today)
    return {
        "tags": list(tags),
        "overdue": figures.overdue,
        "long_pending": figures.long_pending,
        "counts": figures.by_state,
        "may_inspect_draws": permits(user=user, resource=Resource.ASSIGNMENT, action=Action.VIEW),
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
        "approvals",
        _("待我审批"),
        # whoever the table lets approve an assignment or an extension somewhere (庭长, 院长)
        roles_with(resource=Resource.ASSIGNMENT, action=Action.APPROVE)
        | roles_with(resource=Resource.TRIAL_PERIOD, action=Action.APPROVE),
        "cases/panels/approvals.html",
        _approvals,
        order=12,
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

"""Pages for approvals and assignment: the approver's queue (待我审批), the assignment desk (待分案) and the replay
of a recorded random draw (随机分案复现)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, permits
from smartcourt.courts.selectors import user_is_person

from . import selectors, selectors_approvals, services, services_approvals
from .forms import DecisionForm

if TYPE_CHECKING:
    from smartcourt.courts.models import User

    from .models import AssignmentDraw


def _person(request: HttpRequest) -> User:
    """The signed-in person (login_required lets no one else through)."""
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


@login_required
@require_safe
def approval_queue(request: HttpRequest) -> HttpResponse:
    """What waits for my decision (待我审批), what I decided, and what I asked for."""
    user = _person(request)
    return render(
        request,
        "cases/approval_queue.html",
        {
            "pending": selectors_approvals.approval_queue(user=user),
            "decided": selectors_approvals.approvals_decided_by(user=user),
            "mine": selectors_approvals.approvals_requested_by(user=user),
        },
    )


@login_required
@require_POST
def approval_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    """Approve or refuse one request from the queue."""
    user = _person(request)
    approval = selectors_approvals.approval_get_for_user(request_id=request_id, user=user)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return redirect("cases:approvals")
    note = form.cleaned_data["note"] or ""
    if form.cleaned_data["decision"] == "approve":
        flash_action(
            request,
            lambda: services_approvals.approval_approve(request=approval, actor=user, note=note),
            _("已批准，已记入案件时间线并通知申请人。"),
        )
    else:
        flash_action(
            request,
            lambda: services_approvals.approval_refuse(request=approval, actor=user, note=note),
            _("已作不予批准处理，已记入案件时间线并通知申请人。"),
        )
    return redirect("cases:approvals")


@login_required
@require_POST
def approval_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    user = _person(request)
    approval = selectors_approvals.approval_get_for_user(request_id=request_id, user=user)
    flash_action(
        request,
        lambda: services_approvals.approval_withdraw(request=approval, actor=user),
        _("申请已撤回。"),
    )
    return redirect(f"{reverse('cases:detail', args=[approval.case_id])}?tab=actions")


@login_required
@require_safe
def assignment_desk(request: HttpRequest) -> HttpResponse:
    """The cases waiting for a judge in my scope (a division head: her division), each with the assignment action,
    and the recent random draws I may replay."""
    user = _person(request)
    may_assign = permits(user=user, resource=Resource.CASE, action=Action.ASSIGN)
    may_inspect = permits(user=user, resource=Resource.ASSIGNMENT, action=Action.VIEW)
    if not (may_assign or may_inspect):
        raise PermissionDenied
    return render(
        request,
        "cases/assignment_desk.html",
        {
            "cases": list(selectors_approvals.cases_to_assign(user=user)[:100]) if may_assign else [],
            "count": selectors_approvals.cases_to_assign(user=user).count() if may_assign else 0,
            "may_assign": may_assign,
            "draws": selectors_approvals.assignment_draws_visible(user=user) if may_inspect else [],
        },
    )


@login_required
@require_POST
def assignment_desk_random(request: HttpRequest, case_id: int) -> HttpResponse:
    """Random assignment from the desk; back to the desk, where the new draw can be replayed."""
    user = _person(request)
    case = selectors.case_get_for_user(case_id=case_id, user=user, action=Action.ASSIGN)
    drawn: list[AssignmentDraw] = []
    flash_action(request, lambda: drawn.append(services.case_assign_random(case=case, actor=user)), _("已随机分案。"))
    for record in drawn:
        messages.info(
            request,
            _("%(number)s 由 %(judge)s 承办；可在下方“近期随机分案”中复现本次抽签。")
            % {"number": case.number, "judge": record.judge.get_full_name()},
        )
    return redirect("cases:assignment_desk")


@login_required
@require_safe
def assignment_replay(request: HttpRequest, case_id: int, draw_id: int) -> HttpResponse:
    """Re-run a recorded random draw from its recorded seed and inputs and show whether it yields the same judge."""
    draw = selectors_approvals.assignment_draw_get_for_user(case_id=case_id, draw_id=draw_id, user=_person(request))
    replay = selectors_approvals.assignment_replay(draw=draw)
    return render(request, "cases/assignment_replay.html", {"draw": draw, "case": draw.case, "replay": replay})

"""The failed-task page (系统管理员): failed and stalled tasks, recoveries from lost workers, retry."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.permissions import Action, Resource, permits

from . import scheduler, selectors, services


def _require_admin(request: HttpRequest, action: Action = Action.VIEW) -> None:
    if not permits(user=request.user, resource=Resource.JOBS, action=action):
        raise PermissionDenied


@login_required
def failed(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    return render(
        request,
        "jobs/failed.html",
        {
            "failed": selectors.failed_tasks(),
            "stalled": selectors.stalled_tasks(),
            "recoveries": selectors.recoveries(),
            "handoffs": selectors.handoffs_unfinished(),
            "schedules": scheduler.schedules_status(),
            "counts": selectors.task_counts(),
            "backend": selectors.backend_label(settings.TASK_BACKEND),
        },
    )


@login_required
@require_POST
def retry(request: HttpRequest, task_id: str) -> HttpResponse:
    _require_admin(request, Action.CHANGE)
    try:
        new_id = services.failed_task_retry(task_id=task_id, actor=request.user)
        messages.success(request, _("已重新排队（新任务 %(id)s）。") % {"id": new_id})
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("jobs:failed")


@login_required
@require_POST
def handoff_retry(request: HttpRequest, handoff_id: int) -> HttpResponse:
    _require_admin(request, Action.CHANGE)
    try:
        services.handoff_retry(handoff_id=handoff_id, actor=request.user)
        messages.success(request, _("交接已重新排队。"))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("jobs:failed")

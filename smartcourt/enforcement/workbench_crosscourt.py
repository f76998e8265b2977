"""Workbench panel of the assistance network (ADR 0043): a grid worker lands on their open tasks, the overdue first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.courts.roles import Role
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors_crosscourt as X
from .models import AssistanceTask

if TYPE_CHECKING:
    from django.http import HttpRequest

    from smartcourt.courts.models import User


def _tasks(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)
    today = timezone.localdate()
    rows = X.tasks_for_worker(user=user).filter(state=AssistanceTask.State.OPEN)[:8]
    return {"tasks": [(t, X.task_due(t, today=today)) for t in rows]}


register_panel(
    Panel("enforcement_assistance", _("协助执行任务"), frozenset({Role.ASSISTANCE_WORKER}),
          "enforcement/crosscourt/panel_tasks.html", _tasks, order=10)
)  # fmt: skip

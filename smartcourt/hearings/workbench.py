"""Workbench panels of hearings: a judge's, assistant's or clerk's sessions of the coming week (with the way to the
court calendar and to scheduling); a lawyer's or party's own sessions across courts; the court police's escorts."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.courts.roles import Role
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

    from smartcourt.courts.models import User


def _week(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)
    today = timezone.localdate()
    rows, count = selectors.hearings_on_bench(user=user, first=today, last=today + timedelta(days=7), limit=8)
    return {
        "hearings": rows,
        "count": count,
        "today": today,
        "to_schedule": selectors.cases_to_schedule(user=user),
    }


def _mine(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)
    today = timezone.localdate()
    rows, count = selectors.my_hearings_upcoming(user=user, since=today, limit=6)
    return {"hearings": rows, "count": count}


def _escorts(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)
    rows = list(selectors.escorts_visible_to(user=user, state="requested").filter(~Q(hearing__status="cancelled"))[:6])
    return {"escorts": rows, "count": selectors.escorts_open_count(user=user)}


register_panel(
    Panel("hearings_week", _("近期庭审"), frozenset({Role.JUDGE, Role.JUDGE_ASSISTANT, Role.CLERK}),
          "hearings/panels/week.html", _week, order=15)
)  # fmt: skip
register_panel(
    Panel("hearings_mine", _("我的庭审"), frozenset({Role.LAWYER, Role.PARTY}), "hearings/panels/mine.html", _mine,
          order=18)
)  # fmt: skip
register_panel(
    Panel("hearings_escorts", _("提押申请"), frozenset({Role.COURT_POLICE}), "hearings/panels/escorts.html", _escorts,
          order=10)
)  # fmt: skip

"""Workbench panels of the courts app: system status for administrators (holiday years, people, courts, and the
deployment's warnings: a missing virus scanner); judges' standing teams (固定审判团队) for judges and division heads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Court, HolidayYear, User
from .roles import Role
from .selectors_teams import judge_posts_for
from .workbench import Panel, register_panel


def _system_status(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    years = set(HolidayYear.objects.values_list("year", flat=True))
    missing = [y for y in (today.year, today.year + 1) if y not in years]
    from smartcourt.core.intake.scan import scanner_warning

    return {
        "scanner_warning": scanner_warning(),
        "years": sorted(years),
        "missing": missing,
        "users": User.objects.filter(is_active=True).count(),
        "courts": Court.objects.count(),
    }


register_panel(
    Panel(
        "system_status",
        _("系统状态"),
        frozenset({Role.SYSTEM_ADMIN, Role.TRIAL_MANAGEMENT}),
        "courts/panels/system_status.html",
        _system_status,
        order=5,
    )
)


def _standing_teams(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    # the panel shows each judge's name and division and their team's assistant and clerk: only those columns (the
    # full rows were seven tables' worth, passwords and all)
    shown = ("role", "user__full_name", "user__username", "division__name",
             "standing_team__assistant__full_name", "standing_team__assistant__username",
             "standing_team__clerk__full_name", "standing_team__clerk__username")  # fmt: skip
    posts = (
        list(judge_posts_for(user=user).select_related(None).select_related(
            "user", "division", "standing_team__assistant", "standing_team__clerk").only(*shown)[:6])
        if isinstance(user, User)
        else []
    )  # fmt: skip
    rows = [{"post": p, "team": getattr(p, "standing_team", None)} for p in posts]
    return {"rows": rows, "more": len(rows) == 6}


register_panel(
    Panel(
        "standing_teams",
        _("审判团队"),
        frozenset({Role.JUDGE, Role.DIVISION_HEAD}),
        "courts/panels/standing_teams.html",
        _standing_teams,
        order=30,
    )
)

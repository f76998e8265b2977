"""Workbench panels of the courts app: system status for administrators (holiday years, people, courts, and the
deployment's warnings: a missing virus scanner)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Court, HolidayYear, User
from .roles import Role
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

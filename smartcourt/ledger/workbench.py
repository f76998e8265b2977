"""Workbench panel of the ledger: the auditor's open findings, for system administrators and trial management."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from smartcourt.courts.roles import Role
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors
from .models import AuditFinding


def _findings(request: HttpRequest) -> dict[str, Any]:
    open_findings = AuditFinding.objects.filter(resolved_at__isnull=True).order_by("-found_at")
    return {
        "findings": list(open_findings[:5]),
        "count": open_findings.count(),
        "tree_size": selectors.tree_size(),
        "latest": selectors.checkpoint_latest(),
    }


register_panel(
    Panel(
        "ledger_findings",
        _("存证账本审计"),
        frozenset({Role.SYSTEM_ADMIN, Role.TRIAL_MANAGEMENT}),
        "ledger/panels/findings.html",
        _findings,
        order=20,
    )
)

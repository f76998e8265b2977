"""Workbench panels of paper custody: "my borrowed paper files" for borrowers, and for keepers and approvers the
requests waiting for a decision and the bundles overdue (逾期未还)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.courts.roles import Role
from smartcourt.courts.workbench import Panel, register_panel

from . import selectors


def _mine(request: HttpRequest) -> dict[str, Any]:
    # the panel shows each bundle's case number and title, the state and the due date: those columns only
    shown = ("state", "due_on", "bundle__title", "bundle__case__number")
    items = list(selectors.borrowing_list_for_borrower(user=request.user).only(*shown)[:20])
    today = timezone.localdate()
    return {
        "items": items[:8],
        "count": len(items),
        "overdue": sum(1 for b in items if b.is_overdue(today)),
        "today": today,
    }


def _keeper(request: HttpRequest) -> dict[str, Any]:
    pending = selectors.borrowing_pending_for_approver(user=request.user)
    overdue = selectors.borrowing_overdue_for_keeper(user=request.user)
    # the panel shows each one's case number, borrower, and the reason or the due date: those columns only
    who = ("bundle__case__number", "borrower__full_name", "borrower__username")
    pending_rows = list(pending.only("reason", *who)[:5])
    overdue_rows = list(overdue.only("due_on", *who)[:8])
    return {
        "pending": pending_rows,
        # a list shorter than the panel's room is the whole of it: counted here, without a query
        "pending_count": len(pending_rows) if len(pending_rows) < 5 else pending.count(),
        "overdue": overdue_rows,
        "overdue_count": len(overdue_rows) if len(overdue_rows) < 8 else overdue.count(),
        "today": timezone.localdate(),
    }


register_panel(
    Panel(
        "paper_files_mine",
        _("我借阅的纸质卷宗"),
        frozenset({Role.JUDGE, Role.JUDGE_ASSISTANT, Role.CLERK, Role.DIVISION_HEAD, Role.LAWYER}),
        "custody/panels/mine.html",
        _mine,
        order=30,
    )
)
register_panel(
    Panel(
        "paper_files_keeper",
        _("纸质卷宗：待审批与逾期未还"),
        frozenset({Role.TRIAL_MANAGEMENT, Role.DIVISION_HEAD, Role.CLERK}),
        "custody/panels/keeper.html",
        _keeper,
        order=31,
    )
)

"""Workbench panels of filing: the review queue for filing officers, "my filings" for parties and lawyers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from smartcourt.courts.roles import Role
from smartcourt.courts.workbench import Panel, register_panel

from .selectors import filing as selectors_filing

if TYPE_CHECKING:
    from smartcourt.courts.models import User


def _queue(request: HttpRequest) -> dict[str, Any]:
    items = selectors_filing.review_queue(user=request.user)
    return {
        "items": items[:6],
        "count": len(items),
        "overdue": sum(1 for i in items if i.level == "overdue"),
        "received": selectors_filing.received_for_forwarding(user=request.user).filter(state="received").count(),
    }


def _triage(request: HttpRequest) -> dict[str, Any]:
    # the workbench is for signed-in people; the panel's four figures in one query, not the statistics page's three
    return selectors_filing.triage_panel_figures(user=cast("User", request.user))


def _mine(request: HttpRequest) -> dict[str, Any]:
    filings = selectors_filing.filing_list_for_filer(user=request.user)
    # the panel shows each one's number (or reference), state, cause and court: those columns only (the DISTINCT
    # compares those, not every column of four tables)
    rows = list(filings.only("reference", "state", "case__number", "cause__name", "court__name")[:6])
    return {"filings": rows, "count": len(rows) if len(rows) < 6 else filings.count()}  # a short list is the count


register_panel(
    Panel(
        "filing_queue",
        _("立案审查（七日内决定）"),
        frozenset({Role.FILING_OFFICER}),
        "filing/panels/queue.html",
        _queue,
        order=8,
    )
)
register_panel(
    Panel(
        "my_filings", _("我的立案申请"), frozenset({Role.PARTY, Role.LAWYER}), "filing/panels/mine.html", _mine, order=9
    )
)
register_panel(
    Panel(
        "triage_stats",
        _("繁简分流"),
        frozenset({Role.TRIAL_MANAGEMENT, Role.PRESIDENT}),  # the table's CASE/SUPERVISE court-wide: the page opens
        "filing/panels/triage.html",
        _triage,
        order=30,
    )
)

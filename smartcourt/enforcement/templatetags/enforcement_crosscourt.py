"""The case page's cross-court panel and the court beside each timeline entry of a shared case (ADR 0043)."""

from __future__ import annotations

from typing import Any

from django import template

from smartcourt.cases.selectors import case_timeline

from ..selectors_crosscourt import acting_courts
from ..views_crosscourt import panel_context

register = template.Library()


@register.inclusion_tag("enforcement/crosscourt/panel.html", takes_context=True)
def crosscourt_panel(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    panel = panel_context(
        user=request.user, file=context["file"], can_change=context.get("can_change"), debtors=context.get("debtors")
    )  # the case page's own answers: asked once
    return {**panel, "request": request, "csrf_token": context.get("csrf_token")}


@register.simple_tag(takes_context=True)
def acting_court(context: template.Context, event: Any) -> str:
    """The court that did `event` on a case other courts took part in ("" otherwise), worked out once per page."""
    file = context["file"]
    courts = getattr(file, "_acting_courts", None)
    if courts is None:
        arrangements = getattr(file, "_crosscourts", None)
        if arrangements is not None and not arrangements:
            courts = {}  # the panel found no other court: nothing to label, no query
        else:
            courts = acting_courts(case=file.case, events=case_timeline(case=file.case), arrangements=arrangements)
        file._acting_courts = courts
    return courts.get(event.pk, "")

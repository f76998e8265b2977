"""The mediation pages' tab bar: a tab is shown only to those its page lets in (no link ends in a 403)."""

from __future__ import annotations

from typing import Any

from django import template

from smartcourt.mediation import selectors
from smartcourt.mediation.services_manage import manage_courts

register = template.Library()


@register.inclusion_tag("mediation/_nav.html", takes_context=True)
def mediation_nav(context: dict[str, Any], active: str) -> dict[str, Any]:
    user = context["request"].user
    return {
        "active": active,
        "show_funnel": selectors.funnel_allowed(user=user),
        "show_manage": bool(manage_courts(user=user)),
    }

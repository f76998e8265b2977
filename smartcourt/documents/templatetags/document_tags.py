"""`{% document_case_panel case %}`: the documents of a case on its page (documents tab), and the form that generates
one for the case's judge, assistant and clerk."""

from __future__ import annotations

from typing import Any

from django import template

from smartcourt.courts.permissions import Action, Resource, allows_prefetch

from .. import selectors
from ..kinds import KINDS

register = template.Library()


@register.inclusion_tag("documents/case_panel.html", takes_context=True)
def document_case_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    answers = allows_prefetch(
        user=user, obj=case, checks=[(Resource.DOCUMENT, Action.VIEW), (Resource.DOCUMENT, Action.CHANGE)]
    )  # one query for both, or none when the page asked already (the case page's checks include them)
    can_view = answers[(Resource.DOCUMENT, Action.VIEW)]
    can_change = answers[(Resource.DOCUMENT, Action.CHANGE)]
    return {
        "case": case,
        "can_view": can_view,
        "can_change": can_change,
        "documents": list(selectors.case_documents(case=case)) if can_view else [],
        "kinds": list(KINDS.values()),
        "parties": _parties(context, case) if can_change else [],
        "csrf_token": context.get("csrf_token"),
    }


def _parties(context: dict[str, Any], case: Any) -> list[Any]:
    """The case's parties with their person: the list the page read already (the case page's `parties`), else read."""
    parties = context.get("parties")
    if parties is not None and all(getattr(p, "case_id", None) == case.pk for p in parties):
        return sorted(parties, key=lambda p: (p.role, p.position))
    return list(case.parties.select_related("person").order_by("role", "position"))

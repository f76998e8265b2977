"""`{% document_case_panel case %}`: the documents of a case on its page (documents tab), and the form that generates
one for the case's judge, assistant and clerk."""

from __future__ import annotations

from typing import Any

from django import template

from smartcourt.cases.selectors import case_parties
from smartcourt.courts.permissions import Action, Resource, allows

from .. import selectors
from ..kinds import KINDS

register = template.Library()


@register.inclusion_tag("documents/case_panel.html", takes_context=True)
def document_case_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    can_view = allows(user=user, resource=Resource.DOCUMENT, action=Action.VIEW, obj=case)
    can_change = allows(user=user, resource=Resource.DOCUMENT, action=Action.CHANGE, obj=case)
    return {
        "case": case,
        "can_view": can_view,
        "can_change": can_change,
        "documents": list(selectors.case_documents(case=case)) if can_view else [],
        "kinds": list(KINDS.values()),
        "parties": list(case_parties(case=case)) if can_change else [],
        "csrf_token": context.get("csrf_token"),
    }

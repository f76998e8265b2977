"""`{% service_case_panel case %}`: the service section of the case page (tasks, receipts, periods from service)."""

from __future__ import annotations

from typing import Any

from django import template

from smartcourt.courts.permissions import Action, Resource, allows
from smartcourt.service import selectors
from smartcourt.service.models import DocumentType

register = template.Library()


@register.inclusion_tag("service/case_panel.html", takes_context=True)
def service_case_panel(context: dict[str, Any], case: Any, parties: Any = None) -> dict[str, Any]:
    """`parties`: the case's parties with their person when the page read them already (the case page)."""
    user = context["request"].user
    can_serve = allows(user=user, resource=Resource.SERVICE, action=Action.CHANGE, obj=case)
    # staff who may see the case's service open the staff task page; a party or lawyer sees only the tasks served
    # on them and opens them in their inbox (the staff page would only redirect there)
    staff_view = allows(user=user, resource=Resource.SERVICE, action=Action.VIEW, obj=case)
    parties = list(parties) if parties is not None else list(case.parties.select_related("person"))
    return {
        "case": case,
        "tasks": selectors.service_tasks_for_case(case=case, user=user, staff_view=staff_view),
        "deadlines": selectors.service_deadlines_for_case(case=case, user=user, staff_view=staff_view),
        "can_serve": can_serve,
        "staff_view": staff_view,
        "parties": parties if can_serve else [],
        "own_parties": [p for p in parties if p.person.user_id == user.pk],
        "document_types": DocumentType.choices,
        "csrf_token": context.get("csrf_token"),
    }

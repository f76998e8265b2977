"""`{% paper_file_case_panel case %}`: the case page's paper-file section (where each paper bundle of the case is)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from smartcourt.courts.permissions import Action
from smartcourt.dossier.custody import selectors

register = template.Library()


@register.inclusion_tag("custody/case_panel.html", takes_context=True)
def paper_file_case_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    bundles = list(selectors.paper_file_list(user=user).filter(case_id=case.pk).order_by("kind", "volume_no", "id"))
    return {
        "case": case,
        "bundles": bundles,
        "can_register": selectors.paper_file_court_may(user=user, court=case.court, action=Action.CHANGE),
        "today": timezone.localdate(),
    }

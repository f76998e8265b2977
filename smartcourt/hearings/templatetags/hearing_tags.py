"""`{% hearing_case_panel case %}`: the hearings tab of the case page (sessions, and the scheduling form for the
case's judge, assistant and clerk)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils import timezone

from smartcourt.courts.permissions import Action

from .. import selectors
from ..forms import ScheduleForm

register = template.Library()


@register.inclusion_tag("hearings/case_panel.html", takes_context=True)
def hearing_case_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    can_view = selectors.hearing_may(user=user, case=case, action=Action.VIEW)
    can_change = selectors.hearing_may(user=user, case=case, action=Action.CHANGE) and case.state in (
        "registered", "in_trial",
    )  # fmt: skip
    form = None
    typed: dict[str, Any] = {}
    refused = False
    if can_change:
        choices = selectors.schedule_choices(case=case)
        day = timezone.localdate() + timedelta(days=7)
        form = ScheduleForm(
            choices=choices,
            initial={"day": day, "start": "09:30", "end": "11:00", "presiding": case.judge_id, "clerk": case.clerk_id,
                     "kind": "trial", "mode": "in_person", "public": True},
        )  # fmt: skip
        typed = {
            "kind": "trial", "mode": "in_person", "room": "", "day": day.isoformat(), "start": "09:30", "end": "11:00",
            "presiding": str(case.judge_id or ""), "clerk": str(case.clerk_id or ""), "site": "", "panel": [],
            "public": "on", "witnesses": "", "interpreter": "", "interpreter_language": "", "not_public_reason": "",
            "rest_day_confirmed": "", "notes": "",
        }  # fmt: skip
        session = getattr(context["request"], "session", None)
        draft = session.pop(f"hearings.schedule_draft.{case.pk}", None) if session is not None else None
        if isinstance(draft, dict):  # what was typed before a refusal (民诉法 Art. 139 notice, a conflict …)
            typed.update({k: v for k, v in draft.items() if k in typed})
            refused = True
    return {
        "typed": typed,
        "refused": refused,
        "case": case,
        "can_view": can_view,
        "hearings": list(selectors.hearings_for_case(case=case)) if can_view else [],
        "form": form,
        "csrf_token": context.get("csrf_token"),
    }

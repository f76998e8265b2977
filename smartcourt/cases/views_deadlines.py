"""The public deadline calculator (期限计算器): a GET form on the same parse and rules as the API (no login)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.selectors import calendar_load

from .rules.deadlines import RULES, date_parse, deadline_compute, rule_get, rules_by_group


@require_safe
def deadline_calculator(request: HttpRequest) -> HttpResponse:
    """Pick a rule and the day it counts from; see the due date, each step with its article, and warnings."""
    values = {"rule": request.GET.get("rule", "").strip(), "start": request.GET.get("start", "").strip()}
    errors: dict[str, str] = {}
    result = None
    if "rule" in request.GET or "start" in request.GET:
        try:
            rule = rule_get(values["rule"])
        except ApplicationError as exc:
            errors["rule"] = str(exc.message)
        try:
            start = date_parse(values["start"])
        except ApplicationError as exc:
            errors["start"] = str(exc.message)
        if not errors:
            result = deadline_compute(rule=rule, start=start, calendar=calendar_load())
    context: dict[str, Any] = {
        "groups": rules_by_group(),
        "values": values,
        "selected": RULES.get(values["rule"]),
        "errors": errors,
        "result": result,
    }
    return render(request, "cases/deadline_calculator.html", context)

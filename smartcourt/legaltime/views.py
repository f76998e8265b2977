"""The public calculators (no login), GET forms on the same parse and rules as the API:
the deadline calculator (期限计算器) and the trial-period calculator (审限计算器)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from smartcourt.core.errors import ApplicationError
from smartcourt.core.params import int_param
from smartcourt.courts.permissions import public

from .rules.deadlines import RULES, RuleKind, date_parse, deadline_compute, rule_get, rules_by_group
from .rules.deductions import RECORDED_KINDS
from .rules.trial_period import EVENT_LABELS, ClockEvent, EventKind, trial_period_replay
from .selectors import calendar_load

EVENT_ROWS = 10  # rows on the page; the API takes up to 200 events


@public("the public deadline calculator: computes from the statutes, reads no case")
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
    return render(request, "legaltime/deadline_calculator.html", context)


@dataclass
class EventRow:
    """One row of the trial-period form, as typed, with its own error."""

    n: int
    date: str = ""
    kind: str = ""
    deduction: str = ""
    months: str = ""
    days: str = ""
    to_rule: str = ""
    error: str = ""


def _int(text: str, label: str) -> int:
    text = text.strip()
    if not text:
        return 0
    if int_param(text, max_value=1000) is None:
        raise ApplicationError(f"{label}应为0至1000之间的整数。", code="invalid_input")
    return int(text)


def _event_from(row: EventRow) -> ClockEvent:
    try:
        kind = EventKind(row.kind)
    except ValueError:
        raise ApplicationError("请选择事件类型。", code="invalid_input") from None
    return ClockEvent(
        on=date_parse(row.date, field_label=f"第{row.n}行的事件日期"),
        kind=kind,
        deduction=row.deduction if kind in (EventKind.DEDUCTION_START, EventKind.DEDUCTION_END) else "",
        months=_int(row.months, "延长月数") if kind == EventKind.EXTENSION else 0,
        days=_int(row.days, "延长天数") if kind == EventKind.EXTENSION else 0,
        to_rule=row.to_rule if kind == EventKind.PROCEDURE_CHANGE else "",
    )


@public("the public trial-period calculator: computes from the statutes, reads no case")
@require_safe
def trial_period_calculator(request: HttpRequest) -> HttpResponse:
    """A case's whole trial-period clock: rule, filing day and events; each event checked against its article."""
    get = request.GET
    values = {key: get.get(key, "").strip() for key in ("rule", "start", "today")}
    rows = [
        EventRow(n=n, **{f: get.get(f"e{n}_{f}", "").strip() for f in ("date", "kind", "deduction", "months", "days")},
                 to_rule=get.get(f"e{n}_to_rule", "").strip())
        for n in range(1, EVENT_ROWS + 1)
    ]  # fmt: skip
    errors: dict[str, str] = {}
    refusal: ApplicationError | None = None
    result = None
    if "rule" in get or "start" in get:
        rule = start = None
        today: date = timezone.localdate()
        try:
            rule = rule_get(values["rule"])
        except ApplicationError as exc:
            errors["rule"] = str(exc.message)
        try:
            start = date_parse(values["start"], field_label="立案日期")
        except ApplicationError as exc:
            errors["start"] = str(exc.message)
        if values["today"]:
            try:
                today = date_parse(values["today"], field_label="计算基准日")
            except ApplicationError as exc:
                errors["today"] = str(exc.message)
        events = []
        for row in rows:
            if not row.kind:
                continue
            try:
                events.append(_event_from(row))
            except ApplicationError as exc:
                row.error = str(exc.message)
                errors[f"e{row.n}"] = row.error
        if not errors and rule is not None and start is not None:
            try:
                result = trial_period_replay(
                    rule=rule.code, start=start, events=events, today=today, calendar=calendar_load()
                )
            except ApplicationError as exc:
                refusal = exc
    context: dict[str, Any] = {
        "trial_rules": [
            (group, [r for r in rules if r.kind == RuleKind.TRIAL_PERIOD]) for group, rules in rules_by_group()
        ],
        "values": values,
        "rows": rows,
        "event_kinds": list(EVENT_LABELS.items()),
        "deduction_kinds": RECORDED_KINDS,
        "errors": errors,
        "refusal": refusal,
        "result": result,
    }
    context["trial_rules"] = [(g, rules) for g, rules in context["trial_rules"] if rules]
    return render(request, "legaltime/trial_period_calculator.html", context)

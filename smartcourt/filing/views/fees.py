"""Filing pages. Court fees: the public fee calculator (no login), on the same parse and rules as the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.permissions import public

from ..rules.fee_catalog import fee_kind_catalog
from ..rules.fee_input import fee_query_parse
from ..rules.fees import SUBTYPE_LABELS, decimal_text, fee_range_for, money
from ..selectors import court_fee_court_choices, court_fee_estimate

_FIELDS = ("kind", "subtype", "amount", "range_point", "halved", "court")


def _submitted(request: HttpRequest) -> dict[str, str | None]:
    """The form as the API would receive it: an empty field is an absent parameter."""
    values: dict[str, str | None] = {}
    for name in _FIELDS:
        raw = request.GET.get(name)
        values[name] = raw if raw is not None and raw.strip() != "" else None
    # One subtype select serves both kinds that have subtypes; a kind without any ignores it (the script hides it).
    if values["kind"] not in {k.value for k in SUBTYPE_LABELS}:
        values["subtype"] = None
    return values


@public("the public fee calculator: computes from 诉讼费用交纳办法, reads no case")
@require_GET
def fee_calculator(request: HttpRequest) -> HttpResponse:
    """Fee calculator (诉讼费计算器): the fee, each band and the article it rests on."""
    values = _submitted(request)
    errors: dict[str, str] = {}
    result = None
    if "kind" in request.GET:
        try:
            query = fee_query_parse(**values)
            result = court_fee_estimate(query=query)
        except ApplicationError as exc:
            errors[str(exc.extra.get("field", "kind"))] = str(exc.message)
    context: dict[str, Any] = {
        "catalog": fee_kind_catalog(),
        "subtype_groups": [
            (kind.value, [(key, str(label), fee_range_for(kind, key) is not None) for key, label in labels.items()])
            for kind, labels in SUBTYPE_LABELS.items()
        ],
        "courts": court_fee_court_choices(),
        "values": values,
        "errors": errors,
        "result": result,
        "fee_text": money(result.fee) if result else "",
        "lines": [
            {"text": line.text, "amount": money(line.amount), "basis": str(line.citation)}
            for line in (result.breakdown if result else ())
        ],
        "fee_plain": decimal_text(result.fee) if result else "",
    }
    return render(request, "filing/fee_calculator.html", context)

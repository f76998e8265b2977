"""Filing API. Court fees: the public fee calculator (no login), `GET /api/v1/fees/estimate` and `/fees/kinds`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from smartcourt.core.api_errors import refuses
from smartcourt.courts.permissions import public

from .rules.fee_catalog import fee_kind_catalog
from .rules.fee_input import fee_query_parse
from .rules.fees import FeeResult, decimal_text
from .selectors import court_fee_estimate

fees_router = Router(tags=["诉讼费"])


class FeeEstimateQuery(Schema):
    # Every parameter is read as a string and parsed by `fee_query_parse`, so each refusal names its field in Chinese.
    kind: str | None = Field(None, description="案件或申请类型，见 /fees/kinds")
    amount: str | None = Field(None, description="金额（元，最多两位小数），如 1000000 或 12345.67")
    subtype: str | None = Field(None, description="行政案件：trademark/patent/maritime/other；海事申请：fund/…")
    range_point: str | None = Field(None, description="幅度取值 min|max；省略时取法院设定，无设定取下限")
    halved: str | None = Field(None, description="true：减半交纳（仅第十三条案件受理费，只减半一次）")
    court: str | None = Field(None, description="法院代字，如 苏0508：按该院设定的幅度取值")


class FeeCitationOut(Schema):
    law: str
    article: str
    text: str


class FeeLineOut(Schema):
    text: str
    amount: str
    base: str | None
    rate: str | None
    basis: str


class FeeEstimateOut(Schema):
    fee: str = Field(..., description="应交费用（元），两位小数的字符串", examples=["13800.00"])
    breakdown: list[FeeLineOut]
    basis: str = Field(..., examples=["诉讼费用交纳办法第十三条第（一）项"])
    kind: str
    subtype: str | None
    amount: str | None
    halved: bool
    citations: list[FeeCitationOut]
    notes: list[str]


class FeeRangeOut(Schema):
    key: str
    min: str
    max: str


class FeeSubtypeOut(Schema):
    key: str
    label: str
    basis: str
    range: FeeRangeOut | None


class FeeKindOut(Schema):
    kind: str
    label: str
    basis: str
    amount: str = Field(..., description="required：必填；optional：可选；none：按件计费，不参与计算")
    amount_label: str | None
    subtypes: list[FeeSubtypeOut]
    range: FeeRangeOut | None
    halvable: bool


def fee_result_out(result: FeeResult) -> dict[str, Any]:
    """The JSON body of an estimate; money leaves as strings with two decimals (exact figures keep their digits)."""
    return {
        "fee": f"{result.fee:.2f}",
        "breakdown": [
            {
                "text": line.text,
                "amount": decimal_text(line.amount),
                "base": None if line.base is None else f"{line.base:.2f}",
                "rate": None if line.rate is None else f"{line.rate.normalize():f}",
                "basis": f"{line.citation.law}{line.citation.article}",
            }
            for line in result.breakdown
        ],
        "basis": result.basis,
        "kind": result.kind.value,
        "subtype": result.subtype,
        "amount": None if result.amount is None else f"{result.amount:.2f}",
        "halved": result.halved,
        "citations": [c.as_dict() for c in result.citations],
        "notes": list(result.notes),
    }


@fees_router.get(
    "/estimate",
    auth=None,
    response=FeeEstimateOut,
    openapi_extra=refuses(
        "kind 必填；是否须填 amount、可选哪些 subtype、range_point、halved 由 kind 和诉讼费用交纳办法第十三、十四条决定，不符时 400 的 fee.* 错误码与中文说明指出哪一项"
    ),
    summary="估算诉讼费用（第十三、十四条）",
)
@public("the public fee calculator: computes from 诉讼费用交纳办法, reads no case")
def fee_estimate(request: HttpRequest, params: Query[FeeEstimateQuery]) -> dict[str, Any]:
    query = fee_query_parse(
        kind=params.kind,
        amount=params.amount,
        subtype=params.subtype,
        range_point=params.range_point,
        halved=params.halved,
        court=params.court,
    )
    return fee_result_out(court_fee_estimate(query=query))


@fees_router.get("/kinds", auth=None, response=list[FeeKindOut], summary="诉讼费用类型、子类型与法条")
@public("the kinds of court fee and their articles, the same for everyone")
def fee_kinds(request: HttpRequest) -> list[dict[str, object]]:
    return fee_kind_catalog()


routers = [("fees", fees_router)]

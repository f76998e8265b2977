"""Legal time API, public (no login): `/api/v1/deadlines/compute`, `/rules`, `/trial-period`, `/deductions`.

`start` of `/compute` is the day the period is counted from — the day of service, filing, notice … as each rule's
`start` says (`GET /deadlines/rules`). For `civil.hearing_notice` (民诉法 Art. 139, "开庭三日前通知") `start` is the
hearing date and `due` the latest day the notice may be given.

`/trial-period` checks a whole case's trial-period clock: the rule, the filing day and the events in date order
(suspend / resume, deduction start / end, extension, procedure change). An event the rules do not allow where it
stands is a 400 whose message cites the article (`trial_period.*` codes); so is an extension whose `approver` is not
the one the law names for it (民诉法 Art. 152: the court president up to six months, then the higher court).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from smartcourt.core.api_errors import refuses
from smartcourt.core.errors import ApplicationError
from smartcourt.courts.permissions import public
from smartcourt.courts.selectors import court_get_by_code

from .rules.deadlines import RULES, date_parse, deadline_compute, rule_get
from .rules.deductions import DeductionKind
from .rules.trial_period import ClockEvent, EventKind, trial_period_replay
from .selectors import calendar_load

router = Router(tags=["期限"])


class UnknownCourt(ApplicationError):
    code = "deadlines.unknown_court"
    message = "未知的法院代字。"


class DeadlineIn(Schema):
    rule: str = Field(..., description="规则代码，见 /deadlines/rules，如 civil.appeal.judgment")
    start: str = Field(..., description="起算日（YYYY-MM-DD），其含义见各规则的 start；开庭通知为开庭日期")
    court: str | None = Field(None, description="法院代字（可选）；节假日安排全国统一")


class DeadlineOut(Schema):
    due: str = Field(..., examples=["2025-10-09"])
    explanation: list[str]
    warnings: list[str]


class CitationOut(Schema):
    law: str
    article: str
    text: str


class PeriodOut(Schema):
    amount: int
    unit: str = Field(..., description="day | working_day | month | year")
    bound: str = Field(..., description="exact | at_least（不得少于）| at_most（不得超过）")


class RuleOut(Schema):
    code: str
    label: str
    group: str
    kind: str = Field(..., description="period | trial_period（审限，届满日不顺延）| before_event（开庭通知）")
    period: PeriodOut
    period_text: str
    start: str
    source: CitationOut
    other_sources: list[CitationOut]
    counting: list[CitationOut]
    moves_off_rest_days: bool
    court_sets_amount: bool = Field(..., description="期间长度由法院指定（如补正期限），amount 为默认值")
    extension: str


class EventIn(Schema):
    date: str = Field(..., description="事件日期 YYYY-MM-DD；事件须按日期先后排列")
    kind: EventKind = Field(
        ..., description="suspend | resume | deduction_start | deduction_end | extension | procedure_change"
    )
    deduction: str | None = Field(None, description="扣除事由代码（deduction_start / deduction_end），见 /deductions")
    months: int = Field(0, ge=0, le=36, strict=True, description="延长月数（extension）")
    days: int = Field(0, ge=0, le=1000, strict=True, description="延长天数（extension）")
    to_rule: str | None = Field(None, description="转换后适用的审限规则代码（procedure_change）")
    approver: str | None = Field(
        None,
        description="批准机关（extension，可选）：own_president 本院院长 | upper_court 上一级人民法院 | high_court 高级人民法院"
        " | supreme_court 最高人民法院；填写的与法律规定的批准机关不一致时拒绝",
    )


class TrialPeriodIn(Schema):
    rule: str = Field(..., description="审限规则代码（kind 为 trial_period 的规则），如 civil.simple.trial")
    start: str = Field(..., description="立案（受理）日期 YYYY-MM-DD；当日不计入")
    events: list[EventIn] = Field([], max_length=200)
    today: str | None = Field(None, description="计算基准日（可选，默认今日）：尚未结束的中止、扣除计算至该日")


class CitedOut(CitationOut):
    applies_to: str = Field(..., description="civil | admin | other：适用的审限规则类别")
    applies_to_label: str


class DeductionOut(Schema):
    code: str
    label: str
    events: list[str] = Field(..., description="填写该事由所用的事件类型")
    citations: list[CitedOut]


def _court_check(code: str | None) -> None:
    # The holiday calendar is national; the court is only checked (a hook for courts' own non-working days).
    if code and court_get_by_code(code=code.strip()) is None:
        raise UnknownCourt(f"未知的法院代字“{code}”。", extra={"court": code})


@router.post(
    "/compute",
    auth=None,
    response=DeadlineOut,
    openapi_extra=refuses(
        "rule 须为 /deadlines/rules 中的规则代码（deadlines.unknown_rule）；start 须为实际存在的日期；court 须为已登记的法院代字"
    ),
    summary="计算期限届满日（民诉法第八十五条）",
)
@public("the public deadline calculator: computes from the statutes, reads no case")
def deadline_compute_endpoint(request: HttpRequest, payload: DeadlineIn) -> dict[str, Any]:
    rule = rule_get(payload.rule.strip())
    start = date_parse(payload.start)
    _court_check(payload.court)
    return deadline_compute(rule=rule, start=start, calendar=calendar_load()).as_dict()


@router.get("/rules", auth=None, response=list[RuleOut], summary="期限规则、期间与法条")
@public("the statute rules of every period, the same for everyone")
def deadline_rules(request: HttpRequest) -> list[dict[str, Any]]:
    return [rule.as_dict() for rule in RULES.values()]


@router.post(
    "/trial-period",
    auth=None,
    response=DeadlineOut,
    openapi_extra=refuses(
        "rule 须为审限规则；日期须实际存在；事件须按日期排列并符合所引法条（trial_period.* 错误码说明哪一条）"
    ),
    summary="审限计算：中止、扣除、延长、程序转换（逐项核对）",
)
@public("the public trial-period calculator: computes from the statutes, reads no case")
def trial_period_endpoint(request: HttpRequest, payload: TrialPeriodIn) -> dict[str, Any]:
    rule = payload.rule.strip()
    start = date_parse(payload.start, field_label="立案日期")
    events = [
        ClockEvent(
            on=date_parse(e.date, field_label=f"第{n}个事件的日期"),
            kind=e.kind,
            deduction=(e.deduction or "").strip(),
            months=e.months,
            days=e.days,
            to_rule=(e.to_rule or "").strip(),
            approver=(e.approver or "").strip(),
        )
        for n, e in enumerate(payload.events, start=1)
    ]
    today = date_parse(payload.today, field_label="计算基准日") if payload.today else timezone.localdate()
    status = trial_period_replay(rule=rule, start=start, events=events, today=today, calendar=calendar_load())
    return {"due": status.due.isoformat(), "explanation": status.explanation, "warnings": status.warnings}


@router.get("/deductions", auth=None, response=list[DeductionOut], summary="不计入审限的事由及法条")
@public("the statutory deductions from the trial period, the same for everyone")
def deduction_kinds(request: HttpRequest) -> list[dict[str, Any]]:
    return [kind.as_dict() for kind in DeductionKind]


routers = [("deadlines", router)]

"""Cases API. Deadlines: the public deadline calculator (no login), `/api/v1/deadlines/compute` and `/rules`.

`start` is the day the period is counted from — the day of service, filing, notice … as each rule's `start`
says (`GET /deadlines/rules`). For `civil.hearing_notice` (民诉法 Art. 139, "开庭三日前通知") `start` is the
hearing date and `due` the latest day the notice may be given.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from smartcourt.core.errors import ApplicationError
from smartcourt.courts.selectors import calendar_load, court_get_by_code

from .rules.deadlines import RULES, date_parse, deadline_compute, rule_get
from .rules.trial_period import Deduction, DeductionKind, Extension, ProcedureChange, trial_period_clock

deadlines_router = Router(tags=["期限"])


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
    extension: str


class DeductionIn(Schema):
    kind: DeductionKind
    start: str
    end: str | None = None


class ExtensionIn(Schema):
    approved_on: str
    months: int = Field(0, ge=0, le=36)
    days: int = Field(0, ge=0, le=1000)
    approved_by: str = ""


class ChangeIn(Schema):
    rule: str
    on: str


class TrialPeriodIn(Schema):
    rule: str = Field(..., description="审限规则代码，如 civil.simple.trial")
    filed_on: str = Field(..., description="立案（受理）日期 YYYY-MM-DD")
    today: str = Field(..., description="计算基准日 YYYY-MM-DD")
    deductions: list[DeductionIn] = []
    extensions: list[ExtensionIn] = []
    changes: list[ChangeIn] = []


class AlertOut(Schema):
    level: str
    message: str


class TrialPeriodOut(Schema):
    rule: str
    due: str
    days_remaining: int
    days_deducted: int
    paused: bool
    extension_request_by: str | None
    alert: AlertOut | None
    explanation: list[str]
    warnings: list[str]


def _court_check(code: str | None) -> None:
    # The holiday calendar is national; the court is only checked (a hook for courts' own non-working days).
    if code and court_get_by_code(code=code.strip()) is None:
        raise UnknownCourt(f"未知的法院代字“{code}”。", extra={"court": code})


@deadlines_router.post("/compute", auth=None, response=DeadlineOut, summary="计算期限届满日（民诉法第八十五条）")
def deadline_compute_endpoint(request: HttpRequest, payload: DeadlineIn) -> dict[str, Any]:
    rule = rule_get(payload.rule.strip())
    start = date_parse(payload.start)
    _court_check(payload.court)
    return deadline_compute(rule=rule, start=start, calendar=calendar_load()).as_dict()


@deadlines_router.get("/rules", auth=None, response=list[RuleOut], summary="期限规则、期间与法条")
def deadline_rules(request: HttpRequest) -> list[dict[str, Any]]:
    return [rule.as_dict() for rule in RULES.values()]


@deadlines_router.post("/trial-period", auth=None, response=TrialPeriodOut, summary="审限计算（扣除、延长、程序转换）")
def trial_period_endpoint(request: HttpRequest, payload: TrialPeriodIn) -> dict[str, Any]:
    status = trial_period_clock(
        rule=payload.rule.strip(),
        filed_on=date_parse(payload.filed_on, field_label="立案日期"),
        today=date_parse(payload.today, field_label="计算基准日"),
        calendar=calendar_load(),
        deductions=[
            Deduction(
                kind=d.kind,
                start=date_parse(d.start, field_label="扣除开始日期"),
                end=date_parse(d.end, field_label="扣除结束日期") if d.end else None,
            )
            for d in payload.deductions
        ],
        extensions=[
            Extension(
                approved_on=date_parse(e.approved_on, field_label="延长批准日期"),
                months=e.months,
                days=e.days,
                approved_by=e.approved_by,
            )
            for e in payload.extensions
        ],
        changes=[
            ProcedureChange(rule=c.rule, on=date_parse(c.on, field_label="程序转换日期")) for c in payload.changes
        ],
    )
    return status.as_dict()


from .api_cases import router as cases_router  # noqa: E402
from .api_causes import router as causes_router  # noqa: E402

routers = [("deadlines", deadlines_router), ("cases", cases_router), ("causes", causes_router)]

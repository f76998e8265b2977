"""/api/v1/cases: list, search, detail, timeline, trial period, transitions and assignment — the same selectors
and services as the pages, so permissions agree. Hidden and missing cases both answer 404."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import ApplicationError
from smartcourt.core.params import Id
from smartcourt.core.privacy import personal_data
from smartcourt.core.services import personal_data_read_record
from smartcourt.courts.permissions import Action, Resource, public

from . import selectors, services
from .rules.case_numbers import InvalidCaseNumber, parse_case_number
from .selectors_pages import case_count, case_cursor, case_page

router = Router(tags=["案件"])
router.add_decorator(personal_data, mode="view")  # answers name parties, cases or the caller: never cached


class CaseRow(Schema):
    id: int
    number: str
    title: str
    court: str
    kind: str
    procedure: str
    state: str
    state_label: str
    cause: str | None
    judge: str | None
    filed_on: date
    trial_due_on: date | None


class CasePage(Schema):
    count: int = Field(..., description="匹配案件数：不超过 1000 件时为精确数，超过时为数据库估算数（见 count_exact）")
    count_exact: bool = Field(..., description="count 是否为精确数")
    items: list[CaseRow]
    next_cursor: str | None = Field(None, description="下一页的 after 参数；没有下一页时为空")


class PartyOut(Schema):
    role: str
    role_label: str
    name: str
    kind: str
    id_number: str | None = None
    credit_code: str | None = None
    phone: str | None = None
    service_address: str | None = None


class CaseOut(CaseRow):
    claim_amount: Decimal | None
    closing_method: str
    parties: list[PartyOut]


class CaseEventOut(Schema):
    type: str
    occurred_at: datetime
    actor: str | None
    summary: str
    payload: dict


class NumberOut(Schema):
    valid: bool
    number: str
    year: int
    court_code: str
    type_code: str
    seq: int


class AlertOut(Schema):
    level: str
    message: str


class TrialPeriodOut(Schema):
    applies: bool = Field(..., description="false：该类案件不适用审限（其余字段省略）")
    rule: str | None = None
    due: str | None = Field(None, description="届满日 YYYY-MM-DD")
    days_remaining: int | None = None
    days_deducted: int | None = None
    paused: bool | None = None
    extension_request_by: str | None = None
    alert: AlertOut | None = None
    explanation: list[str] = []
    warnings: list[str] = []


class DrawOut(Schema):
    judge: str
    seed: str
    draw: str
    candidates: list[dict]


class TransitionIn(Schema):
    target: str = Field(..., description="目标状态，如 in_trial / suspended / closed / effective / archived")
    closing_method: str = ""
    note: str = Field("", max_length=300)


class CaseListQuery(Schema):
    q: str = Field("", max_length=100)
    state: str = ""
    court: Id | None = None
    judge: Id | None = None
    division: Id | None = Field(None, description="承办部门（庭室）id")
    cause: Id | None = Field(None, description="案由 id（含其下级案由）")
    cause_name: str = Field("", max_length=50, description="案由名称（部分即可，如“离婚”）")
    kind: str = ""
    overdue: bool = False
    due_within: int | None = Field(None, ge=0, le=3650)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000_000, description="跳过的件数（深翻页请用 after）")
    after: str = Field("", max_length=40, description="上一页返回的 next_cursor：从其后一件读起（不计 offset）")


def _row(case) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "court": case.court.name,
        "kind": case.kind,
        "procedure": case.procedure,
        "state": case.state,
        "state_label": case.get_state_display(),
        "cause": case.cause.name if case.cause_id else None,
        "judge": case.judge.get_full_name() if case.judge_id else None,
        "filed_on": case.filed_on,
        "trial_due_on": case.trial_due_on,
    }


@router.get("", response=CasePage, summary="案件列表与检索")
def case_list(request: HttpRequest, filters: Query[CaseListQuery]) -> dict:
    qs = selectors.case_list(
        user=request.auth,
        filters=selectors.CaseFilters(
            q=filters.q,
            state=filters.state,
            court=filters.court,
            judge=filters.judge,
            division=filters.division,
            cause=filters.cause,
            cause_name=filters.cause_name.strip(),
            kind=filters.kind,
            overdue=filters.overdue,
            due_within=filters.due_within,
        ),
    )
    # Never a full count (ADR 0024): exact up to 1,000 matches, PostgreSQL's estimate beyond; keyset pages by
    # `after` (the cursor of the last case returned), so a deep page costs what the first does.
    counted = case_count(qs)
    if filters.after:
        page = case_page(qs, after=filters.after, size=filters.limit)
        rows, has_next = page.rows, page.has_next
    else:
        rows = list(qs[filters.offset : filters.offset + filters.limit + 1])
        has_next, rows = len(rows) > filters.limit, rows[: filters.limit]
    return {
        "count": counted.value,
        "count_exact": counted.exact,
        "items": [_row(c) for c in rows],
        "next_cursor": case_cursor(rows[-1]) if has_next and rows else None,
    }


@router.get(
    "/validate-number",
    auth=None,
    response=NumberOut,
    openapi_extra=refuses("本接口即校验案号：不符合案号格式的返回 400 case.invalid_number 并说明哪一部分不对"),
    summary="校验案号格式（公开）",
)
@public("checks the form of a case number; reads no case")
def number_validate(request: HttpRequest, number: str) -> dict:
    try:
        parsed = parse_case_number(number)
    except InvalidCaseNumber as exc:
        raise ApplicationError(str(exc), code="case.invalid_number") from exc
    return {
        "valid": True,
        "number": str(parsed),
        "year": parsed.year,
        "court_code": parsed.court_code,
        "type_code": parsed.type_code,
        "seq": parsed.seq,
    }


@router.get("/{case_id}", response=CaseOut, summary="案件详情")
def case_detail(request: HttpRequest, case_id: Id) -> dict:
    user = request.auth
    case = selectors.case_get_for_user(case_id=case_id, user=user)
    show_pii = selectors.case_may(user=user, case=case, action=Action.VIEW, resource=Resource.CASE_PARTY_PII)
    parties = []
    for p in selectors.case_parties(case=case):
        row = {"role": p.role, "role_label": p.get_role_display(), "name": p.person.name, "kind": p.person.kind}
        if show_pii:
            personal_data_read_record(
                actor=user,
                subject=f"person:{p.person_id}",
                target=p.person,
                reason=f"通过接口查阅案件 {case.number} 当事人信息",
                request=request,
            )
            row |= {
                "id_number": p.person.id_number,
                "credit_code": p.person.credit_code,
                "phone": p.person.phone,
                "service_address": p.service_address or p.person.address,
            }
        parties.append(row)
    return _row(case) | {"claim_amount": case.claim_amount, "closing_method": case.closing_method, "parties": parties}


@router.get("/{case_id}/timeline", response=list[CaseEventOut], summary="案件时间线")
def case_timeline(request: HttpRequest, case_id: Id, type: str = "") -> list[dict]:
    case = selectors.case_get_for_user(case_id=case_id, user=request.auth)
    events = selectors.case_timeline(case=case, types=[t for t in type.split(",") if t])
    return [
        {
            "type": e.type,
            "occurred_at": e.occurred_at,
            "actor": e.actor.get_full_name() if e.actor else None,
            "summary": e.summary,
            "payload": e.payload,
        }
        for e in events
    ]


@router.get("/{case_id}/trial-period", response=TrialPeriodOut, summary="审限（届满日与计算过程）")
def case_trial_period(request: HttpRequest, case_id: Id) -> dict:
    case = selectors.case_get_for_user(case_id=case_id, user=request.auth)
    period = selectors.case_trial_period(case=case)
    return {"applies": period is not None, **(period.as_dict() if period is not None else {})}


@router.post(
    "/{case_id}/transitions",
    response={200: CaseRow, **errors(409)},
    openapi_extra=refuses("结案须注明结案方式等案件规则的要求（409 为当前状态不允许该变更）"),
    summary="变更案件状态",
)
def case_transition(request: HttpRequest, case_id: Id, payload: TransitionIn) -> dict:
    case = selectors.case_get_for_user(case_id=case_id, user=request.auth, action=Action.CHANGE)
    case = services.case_transition(
        case=case, target=payload.target, actor=request.auth, closing_method=payload.closing_method, note=payload.note
    )
    return _row(selectors.case_get_for_user(case_id=case.pk, user=request.auth))


@router.post(
    "/{case_id}/assignments/random",
    response={200: DrawOut, **errors(409)},
    openapi_extra=refuses("本案已有承办法官、或本院没有可参与随机分案的法官时，返回 400 并说明"),
    summary="随机分案",
)
def case_assign_random(request: HttpRequest, case_id: Id) -> dict:
    case = selectors.case_get_for_user(case_id=case_id, user=request.auth, action=Action.ASSIGN)
    draw = services.case_assign_random(case=case, actor=request.auth)
    return {
        "judge": draw.judge.get_full_name(),
        "seed": draw.seed,
        "draw": str(draw.draw),
        "candidates": draw.candidates,
    }

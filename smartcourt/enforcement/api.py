"""Enforcement API (执行): the caller's enforcement files, one file with its claims, account, measures and inquiries,
and applying for enforcement of an effective title in the system. The same selectors and services as the pages;
a file the caller may not see is a 404, a refusal a 4xx with its Chinese reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from smartcourt.cases.selectors import case_get_for_user
from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import NotFound
from smartcourt.core.params import Id
from smartcourt.core.privacy import personal_data

from . import selectors, services

if TYPE_CHECKING:
    from smartcourt.courts.models import User

router = Router(tags=["执行"])
router.add_decorator(personal_data, mode="view")  # answers name parties and sums owed: never cached

MAX_LIMIT = 200


class FileOut(Schema):
    id: int
    case_id: int
    case_number: str
    state: str = Field(..., description="案件状态（registered / in_trial / terminated / closed …）")
    filed_on: str
    officer: str = Field(..., description="承办执行员；未分案为空")
    title_kind: str
    title_reference: str
    amount_due: str = Field(..., description="申请执行标的（元，两位小数的字符串）")
    balance: str = Field(..., description="案款账户余额（元）")
    closing_kind: str = Field(
        ..., description="结案方式（fulfilled / final_this_round / terminated / not_enforced / cancelled），未结案为空"
    )
    closed_on: str | None


class ClaimOut(Schema):
    party: str
    amount: str


class AccountOut(Schema):
    number: str = Field(..., description="一案一账号")
    balance: str
    received: str
    paid_out: str
    refunded: str


class MeasureOut(Schema):
    id: int
    kind: str
    label: str
    party: str
    decided_on: str
    ends_on: str | None
    state: str


class InquiryOut(Schema):
    id: int
    state: str = Field(..., description="running / done")
    total: int
    done: int
    started_at: str


class FileDetailOut(FileOut):
    claims: list[ClaimOut]
    account: AccountOut
    measures: list[MeasureOut]
    inquiries: list[InquiryOut]


class FilesIn(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


class ApplicationIn(Schema):
    case_id: Id = Field(..., description="已生效的原案（判决、裁定、调解书、司法确认）编号")


def _auth(request: HttpRequest) -> User:
    """The person the API authenticated (session or token; every route here requires one)."""
    return request.auth  # type: ignore[attr-defined]


def _file(f: Any) -> dict[str, Any]:
    case = f.case
    return {
        "id": f.pk, "case_id": case.pk, "case_number": case.number, "state": case.state,
        "filed_on": case.filed_on.isoformat(), "officer": case.judge.get_full_name() if case.judge_id else "",
        "title_kind": f.title_kind, "title_reference": f.title_reference, "amount_due": str(f.amount_due),
        "balance": str(case.account.balance), "closing_kind": f.closing_kind,
        "closed_on": f.closed_on.isoformat() if f.closed_on else None,
    }  # fmt: skip


def _detail(f: Any) -> dict[str, Any]:
    account = f.case.account
    totals = selectors.fund_totals(account=account)
    return {
        **_file(f),
        "claims": [{"party": c.party.person.name, "amount": str(c.amount)} for c in selectors.file_claims(file=f)],
        "account": {
            "number": account.number, "balance": str(account.balance), "received": str(totals["receipt"]),
            "paid_out": str(totals["payout"]), "refunded": str(totals["refund"]),
        },
        "measures": [
            {"id": m.pk, "kind": m.kind, "label": m.get_kind_display(), "party": m.party.person.name,
             "decided_on": m.decided_on.isoformat(), "ends_on": m.ends_on.isoformat() if m.ends_on else None,
             "state": m.state}
            for m in selectors.file_measures(file=f)
        ],
        "inquiries": [
            {"id": b.pk, "state": b.state, "total": b.total, "done": b.done, "started_at": b.created_at.isoformat()}
            for b in selectors.file_batches(file=f)
        ],
    }  # fmt: skip


@router.get("/files", response=list[FileOut], summary="我的执行案件（当事人：本人的案件；执行人员：本院的案件）")
@router.get("/files/", response=list[FileOut], include_in_schema=False)
def files(request: HttpRequest, filters: Query[FilesIn]) -> list[dict[str, Any]]:
    return [_file(f) for f in selectors.files_visible_to(user=_auth(request))[: filters.limit]]


@router.get("/files/{file_id}", response=FileDetailOut, summary="执行案件详情：债权份额、案款账户、执行措施、网络查控")
@router.get("/files/{file_id}/", response=FileDetailOut, include_in_schema=False)
def file_detail(request: HttpRequest, file_id: Id) -> dict[str, Any]:
    f = selectors.file_get_for_user(file_id=file_id, user=_auth(request))
    if f is None:
        raise NotFound()
    return _detail(f)


@router.post(
    "/applications",
    response={201: FileDetailOut, **errors(404, 409)},
    openapi_extra=refuses(
        "原案须已发生法律效力（民事诉讼法第二百四十七条），且没有执行中的案件；只有原案当事人或其代理人可以申请"
    ),
    summary="申请执行：依据本系统内已生效的法律文书立案执行，当事人、金额和执行依据自动带入",
)
def application(request: HttpRequest, payload: ApplicationIn) -> Status:
    title_case = case_get_for_user(case_id=payload.case_id, user=_auth(request))
    f = services.enforcement_apply(title_case=title_case, actor=_auth(request))
    found = selectors.file_get_for_user(file_id=f.pk, user=_auth(request))
    assert found is not None
    return Status(201, _detail(found))


routers = [("enforcement", router)]

"""/api/v1/paper-files: paper custody for scanners and other systems — the same selectors and services as the
pages. Bundles are addressed by the code on their label; a hidden bundle and an unknown code both answer 404,
a malformed code 400, an occupied cell or a second check-out 409."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from smartcourt.cases.selectors import case_get_for_user
from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import NotFound
from smartcourt.core.params import BodyId, Id
from smartcourt.core.privacy import personal_data
from smartcourt.courts.permissions import Action
from smartcourt.courts.selectors import user_get

from . import selectors, services
from .labels import label_sheet_pdf
from .models import Borrowing, BundleKind, CustodyEvent, PaperBundle, StorageLocation

if TYPE_CHECKING:
    from smartcourt.courts.models import User

router = Router(tags=["纸质卷宗"])
router.add_decorator(personal_data, mode="view")  # answers name parties, cases or the caller: never cached
LABEL_RULE = "标签码须为 PF 加 11 位数字且校验位相符（paper_file.label_invalid）"


class LocationOut(Schema):
    id: int
    kind: str
    kind_label: str
    unit: str
    position: str
    site: str
    label: str
    occupied: bool | None = None


class PaperBundleOut(Schema):
    id: int
    label_code: str
    case_id: int
    case_number: str
    court: str
    kind: str
    kind_label: str
    title: str
    volume_no: int
    pages: int | None
    status: str
    status_label: str
    overdue: bool
    location: LocationOut | None
    holder: str | None
    due_on: date | None
    scan_url: str


class PaperBundlePage(Schema):
    count: int
    items: list[PaperBundleOut]


class CustodyEventOut(Schema):
    type: str
    type_label: str
    occurred_at: datetime
    actor: str | None
    location: str | None
    handed_by: str | None
    handed_to: str | None
    borrowing_id: int | None
    note: str


class BorrowingOut(Schema):
    id: int
    label_code: str
    borrower: str
    reason: str
    due_on: date
    state: str
    state_label: str
    decided_by: str | None
    lent_at: datetime | None
    returned_at: datetime | None
    overdue: bool


class PaperFileListQuery(Schema):
    case_number: str = Field("", max_length=60, description="案号（可部分匹配）或标签码")
    status: str = Field("", description="in_locker / in_file_room / borrowed / overdue / registered")
    location: Id | None = None
    location_kind: str = Field("", description="locker_cell / file_room_shelf")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000_000)


class RegisterIn(Schema):
    case_id: BodyId
    kind: str = Field(..., description="、".join(f"{v}：{label}" for v, label in BundleKind.choices))
    title: str = Field(..., max_length=120)
    volume_no: int = Field(1, ge=1, le=999, strict=True)
    pages: int | None = Field(None, ge=0, le=100_000, strict=True)
    received_from: str = Field("", max_length=100)
    note: str = Field("", max_length=200)


class CheckInIn(Schema):
    location_id: BodyId
    note: str = Field("", max_length=200)


class CheckOutIn(Schema):
    handed_to_id: BodyId
    due_on: date | None = Field(None, description="承办人员领取时必填；已批准的借阅按申请的期限")
    note: str = Field("", max_length=200)


class BorrowIn(Schema):
    reason: str = Field(..., max_length=200)
    due_on: date


class DecideIn(Schema):
    approve: bool
    note: str = Field("", max_length=200)


def _name(user: User | None) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def _location(loc: StorageLocation | None) -> dict | None:
    if loc is None:
        return None
    return {
        "id": loc.pk,
        "kind": loc.kind,
        "kind_label": loc.get_kind_display(),
        "unit": loc.unit,
        "position": loc.position,
        "site": loc.site,
        "label": str(loc),
        "occupied": getattr(loc, "occupied", None),
    }


def _bundle(request: HttpRequest, b: PaperBundle) -> dict:
    current = selectors.borrowing_current(bundle=b) if b.status == "borrowed" else None
    return {
        "id": b.pk,
        "label_code": b.label_code,
        "case_id": b.case_id,
        "case_number": b.case.number,
        "court": b.court.name,
        "kind": b.kind,
        "kind_label": b.get_kind_display(),
        "title": b.title,
        "volume_no": b.volume_no,
        "pages": b.pages,
        "status": b.status,
        "status_label": b.get_status_display(),
        "overdue": bool(current and current.is_overdue()),
        "location": _location(b.location),
        "holder": _name(b.holder),
        "due_on": current.due_on if current else None,
        "scan_url": request.build_absolute_uri(reverse("paper_files:scan", args=[b.label_code])),
    }


def _event(e: CustodyEvent) -> dict:
    return {
        "type": e.type,
        "type_label": e.get_type_display(),
        "occurred_at": e.occurred_at,
        "actor": _name(e.actor),
        "location": str(e.location) if e.location else None,
        "handed_by": _name(e.handed_by),
        "handed_to": _name(e.handed_to),
        "borrowing_id": e.borrowing_id,
        "note": e.note,
    }


def _borrowing(b: Borrowing) -> dict:
    return {
        "id": b.pk,
        "label_code": b.bundle.label_code,
        "borrower": _name(b.borrower),
        "reason": b.reason,
        "due_on": b.due_on,
        "state": b.state,
        "state_label": b.get_state_display(),
        "decided_by": _name(b.decided_by),
        "lent_at": b.lent_at,
        "returned_at": b.returned_at,
        "overdue": b.is_overdue(),
    }


def _user(user_id: int) -> User:
    user = user_get(user_id=user_id, active_only=True)
    if user is None:
        raise NotFound("接收人不存在。", code="paper_file.unknown_user")
    return user


@router.get("", response=PaperBundlePage, summary="纸质卷宗在哪里：列表与筛选")
def paper_file_list(request: HttpRequest, filters: Query[PaperFileListQuery]) -> dict:
    qs = selectors.paper_file_list(
        user=request.auth,
        filters=selectors.PaperFileFilters(
            case_number=filters.case_number,
            status=filters.status,
            location=filters.location,
            location_kind=filters.location_kind,
        ),
    )
    items = qs[filters.offset : filters.offset + filters.limit]
    return {"count": qs.count(), "items": [_bundle(request, b) for b in items]}


@router.post(
    "",
    openapi_extra=refuses("kind 须为所列类别之一；title 不能为空白"),
    response={201: PaperBundleOut, **errors(404, 409)},
    summary="登记纸质卷宗（生成标签码）",
)
def paper_file_register(request: HttpRequest, payload: RegisterIn) -> Status:
    case = case_get_for_user(case_id=payload.case_id, user=request.auth)
    bundle = services.paper_file_register(
        case=case,
        kind=payload.kind,
        title=payload.title,
        actor=request.auth,
        volume_no=payload.volume_no,
        pages=payload.pages,
        received_from=payload.received_from,
        note=payload.note,
    )
    return Status(201, _bundle(request, bundle))


@router.get(
    "/locations", response={200: list[LocationOut], **errors(404)}, summary="本院存放位置（云柜格口、档案室架位）"
)
def location_list(request: HttpRequest, court: Id | None = None, kind: str = "") -> list[dict]:
    courts = selectors.paper_file_courts_for(user=request.auth, action=Action.VIEW)
    chosen = courts.filter(pk=court).first() if court else courts.first()
    if chosen is None:
        raise NotFound()
    return [_location(loc) for loc in selectors.location_list(court=chosen, kind=kind)]  # type: ignore[misc]


@router.get("/borrowings/pending", response=list[BorrowingOut], summary="待我审批的借阅申请")
def borrowing_pending(request: HttpRequest) -> list[dict]:
    return [_borrowing(b) for b in selectors.borrowing_pending_for_approver(user=request.auth)]


@router.get("/borrowings/overdue", response=list[BorrowingOut], summary="逾期未还（我经管或审批的卷宗）")
def borrowing_overdue(request: HttpRequest) -> list[dict]:
    return [_borrowing(b) for b in selectors.borrowing_overdue_for_keeper(user=request.auth)]


@router.post(
    "/borrowings/{borrowing_id}/decide",
    openapi_extra=refuses("不予批准时须填写理由（note）"),
    response={200: BorrowingOut, **errors(409)},
    summary="借阅审批",
)
def borrowing_decide(request: HttpRequest, borrowing_id: Id, payload: DecideIn) -> dict:
    borrowing = selectors.borrowing_get_for_user(borrowing_id=borrowing_id, user=request.auth)
    return _borrowing(
        services.borrowing_decide(borrowing=borrowing, actor=request.auth, approve=payload.approve, note=payload.note)
    )


@router.get(
    "/labels.pdf",
    response={200: None, **errors(404)},
    openapi_extra={
        **refuses(LABEL_RULE),
        "responses": {
            200: {
                "description": "A4 标签页 PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    },
    summary="打印标签（A4 标签页 PDF）",
)
def labels(request: HttpRequest, code: Query[list[str]]) -> HttpResponse:
    bundles = [selectors.paper_file_get_by_label(label_code=c, user=request.auth, action=Action.CHANGE) for c in code]
    pdf = label_sheet_pdf(
        bundles=bundles,
        url_for=lambda b: request.build_absolute_uri(reverse("paper_files:scan", args=[b.label_code])),
    )
    return HttpResponse(pdf, content_type="application/pdf")


@router.get("/{label_code}", openapi_extra=refuses(LABEL_RULE), response=PaperBundleOut, summary="按标签码查看卷宗")
def paper_file_detail(request: HttpRequest, label_code: str) -> dict:
    return _bundle(request, selectors.paper_file_get_by_label(label_code=label_code, user=request.auth))


@router.get(
    "/{label_code}/events", openapi_extra=refuses(LABEL_RULE), response=list[CustodyEventOut], summary="保管记录"
)
def paper_file_events(request: HttpRequest, label_code: str) -> list[dict]:
    bundle = selectors.paper_file_get_by_label(label_code=label_code, user=request.auth)
    return [_event(e) for e in selectors.paper_file_history(bundle=bundle)]


@router.get(
    "/{label_code}/borrowings", openapi_extra=refuses(LABEL_RULE), response=list[BorrowingOut], summary="借阅记录"
)
def paper_file_borrowings(request: HttpRequest, label_code: str) -> list[dict]:
    bundle = selectors.paper_file_get_by_label(label_code=label_code, user=request.auth)
    return [_borrowing(b) for b in selectors.borrowing_list_for_bundle(bundle=bundle)]


@router.post(
    "/{label_code}/check-in",
    openapi_extra=refuses(LABEL_RULE + "；存放位置须为该卷宗所属法院的位置"),
    response={200: PaperBundleOut, **errors(409)},
    summary="入柜/入库（借出的卷宗即为归还）",
)
def paper_file_check_in(request: HttpRequest, label_code: str, payload: CheckInIn) -> dict:
    bundle = selectors.paper_file_get_by_label(label_code=label_code, user=request.auth, action=Action.CHANGE)
    location = selectors.location_get(court=bundle.court, location_id=payload.location_id)
    bundle = services.paper_file_check_in(bundle=bundle, location=location, actor=request.auth, note=payload.note)
    return _bundle(request, bundle)


@router.post(
    "/{label_code}/check-out",
    openapi_extra=refuses(LABEL_RULE + "；交接对象须为在职人员；承办人员领取时须填写 due_on"),
    response={200: BorrowingOut, **errors(409)},
    summary="取出交接",
)
def paper_file_check_out(request: HttpRequest, label_code: str, payload: CheckOutIn) -> dict:
    bundle = selectors.paper_file_get_by_label(label_code=label_code, user=request.auth, action=Action.CHANGE)
    borrowing = services.paper_file_check_out(
        bundle=bundle,
        actor=request.auth,
        handed_to=_user(payload.handed_to_id),
        due_on=payload.due_on,
        note=payload.note,
    )
    return _borrowing(borrowing)


@router.post(
    "/{label_code}/borrowings",
    openapi_extra=refuses(LABEL_RULE + "；借阅理由不能为空白，归还日期须在今日之后且不超过借阅规则所许的期限"),
    response={201: BorrowingOut, **errors(409)},
    summary="申请借阅",
)
def borrowing_request(request: HttpRequest, label_code: str, payload: BorrowIn) -> Status:
    bundle = selectors.paper_file_get_by_label(label_code=label_code, user=request.auth)
    borrowing = services.borrowing_request(
        bundle=bundle, borrower=request.auth, reason=payload.reason, due_on=payload.due_on
    )
    return Status(201, _borrowing(borrowing))


routers = [("/paper-files", router)]

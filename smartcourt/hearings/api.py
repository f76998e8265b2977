"""Hearings API (庭审): a case's sessions and scheduling, one session and its postponement, rescheduling and
cancellation, the court calendar and a lawyer's or party's own sessions across courts. Every refusal is
`{code, message}` in Chinese: a conflict is 409 `hearing.conflict`, a notice shorter than the law allows 400
`hearing.notice_too_short`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from smartcourt.cases.selectors import case_get_for_user
from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import Forbidden, NotFound
from smartcourt.core.params import BodyId, Id
from smartcourt.core.privacy import personal_data
from smartcourt.courts.permissions import Action
from smartcourt.legaltime.rules.deadlines import date_parse

from . import selectors, services
from . import selectors_async as selectors_async
from . import services_async as services_async
from .ics import hearing_place

if TYPE_CHECKING:
    from smartcourt.courts.models import User

router = Router(tags=["庭审"])
router.add_decorator(personal_data, mode="view")  # answers name parties and lawyers: never cached

Kind = Literal["trial", "inquiry", "mediation", "pronouncement", "hearing"]
Mode = Literal["in_person", "online", "remote_site"]
Reason = Literal["absence", "recusal", "new_evidence", "force_majeure", "supplementary_investigation", "new_defender"]
PKind = Literal["party", "lawyer", "agent", "defender", "prosecutor", "witness", "interpreter", "appraiser"]
PAttend = Literal["in_person", "online", "remote_site"]


class BenchOut(Schema):
    name: str
    presiding: bool


class ParticipantOut(Schema):
    kind: str
    name: str
    role: str | None = Field(None, description="当事人的诉讼地位（原告、被告……）")
    attendance: str
    remote_site: str | None
    in_custody: bool
    summons_state: str | None = Field(None, description="传票送达任务的状态；null 为未发出")


class ChangeOut(Schema):
    kind: str
    occurred_at: datetime
    reason: str
    note: str
    old_starts_at: datetime | None
    new_starts_at: datetime | None
    clock_effect: str


class HearingOut(Schema):
    id: int
    case: str
    court: str
    kind: str
    mode: str
    status: str
    starts_at: datetime
    ends_at: datetime
    place: str
    public: bool
    sequence: int
    notice_latest_on: date | None = Field(None, description="最迟通知日（民诉法第一百三十九条；不受限制的为 null）")
    notice_basis: str
    bench: list[BenchOut]
    participants: list[ParticipantOut]
    changes: list[ChangeOut]


class HearingRow(Schema):
    id: int
    case: str
    court: str
    kind: str
    mode: str
    status: str
    starts_at: datetime
    ends_at: datetime
    place: str


class ParticipantIn(Schema):
    kind: PKind
    name: str = Field("", max_length=120)
    party_id: BodyId | None = None
    representation_id: BodyId | None = None
    attendance: PAttend = "in_person"
    remote_site_id: BodyId | None = None
    in_custody: bool = False
    language: str = Field("", max_length=32)
    phone: str = Field("", max_length=20, pattern=r"^(\+?\d{6,19})?$", description="无账户的证人等：短信通知出庭")
    address: str = Field("", max_length=200, description="邮寄出庭通知书的地址")


class ScheduleIn(Schema):
    kind: Kind = "trial"
    mode: Mode = "in_person"
    starts_at: datetime = Field(..., description="开始时间（含时区，ISO 8601）")
    ends_at: datetime
    presiding_id: BodyId = Field(..., description="审判长或独任审判员")
    panel_ids: list[BodyId] = Field(default_factory=list, max_length=6)
    clerk_id: BodyId | None = None
    room_id: BodyId | None = None
    site_id: BodyId | None = Field(None, description="远程开庭时当事人或在押被告人所在的远程场所")
    participants: list[ParticipantIn] | None = Field(
        None, max_length=50, description="不传则为本案当事人及现有代理人；证人、翻译人员等可追加"
    )
    extra_participants: list[ParticipantIn] = Field(default_factory=list, max_length=20)
    public: bool = True
    not_public_reason: str = Field("", max_length=200)
    notes: str = Field("", max_length=300)
    rest_day_confirmed: bool = False


class RescheduleIn(Schema):
    starts_at: datetime
    ends_at: datetime
    room_id: BodyId | None = None
    note: str = Field(..., max_length=300, description="改期原因")
    rest_day_confirmed: bool = False


class PostponeIn(Schema):
    reason: Reason
    note: str = Field("", max_length=300)
    session_held: bool = False
    on_party_application: bool = False
    parties_agree: bool = False
    president_approval: str = Field("", max_length=200)
    next_starts_at: datetime | None = None
    next_ends_at: datetime | None = None
    next_room_id: BodyId | None = None
    rest_day_confirmed: bool = False


class PostponeOut(Schema):
    hearing: HearingOut
    next_hearing: HearingOut | None
    clock: str = Field(..., description="对审限的影响（依据）")


class CancelIn(Schema):
    note: str = Field(..., max_length=300)


class CalendarQuery(Schema):
    court_id: Id | None = None
    room_id: Id | None = None
    judge_id: Id | None = None
    first: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="起始日 YYYY-MM-DD（默认本周一）")
    days: int = Field(7, ge=1, le=31)


class HearingListQuery(Schema):
    first: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="起始日 YYYY-MM-DD（默认今天）")
    days: int = Field(31, ge=1, le=92, description="天数（默认31，至多92）")


class AsyncAspectOut(Schema):
    aspect: str = Field(..., description="authenticity 真实性 | legality 合法性 | relevance 关联性")
    verdict: str = Field(..., description="accept 认可 | dispute 不认可")
    reason: str


class AsyncOpinionOut(Schema):
    id: int
    item: int = Field(..., description="证据在本轮中的序号")
    party_id: int
    party: str
    author: str
    occurred_at: datetime
    round_number: int
    disputed: bool
    aspects: list[AsyncAspectOut]
    attachment_id: int | None


class AsyncItemOut(Schema):
    id: int
    number: int
    title: str
    submitted_by_id: int
    submitted_by: str
    disputed: bool


class AsyncRoundOut(Schema):
    id: int
    case: str
    kind: str = Field(..., description="evidence 异步质证 | trial 非同步审理")
    number: int
    state: str
    replies_to: int | None
    opened_at: datetime
    deadline: date = Field(..., description="意见提交截止日（在线诉讼规则第二十条，法院指定期限）")
    deadline_basis: str
    instructions: str
    report_document_id: int | None
    my_parties: list[int] = Field(..., description="调用者可代为发表意见的当事人")
    items: list[AsyncItemOut]
    opinions: list[AsyncOpinionOut]


Verdict = Literal["accept", "dispute"]


class AsyncOpinionIn(Schema):
    item_id: BodyId = Field(..., description="本轮证据（items[].id）")
    party_id: BodyId = Field(..., description="发表意见的当事人（本人或所代理的当事人）")
    authenticity: Verdict
    legality: Verdict
    relevance: Verdict
    authenticity_reason: str = Field("", max_length=1000)
    legality_reason: str = Field("", max_length=1000)
    relevance_reason: str = Field("", max_length=1000)


def _auth(request: HttpRequest) -> User:
    """The person the API authenticated (session or token; every route here requires one)."""
    return request.auth  # type: ignore[attr-defined]


def _row(h: Any) -> dict[str, Any]:
    return {
        "id": h.pk, "case": h.case.number, "court": h.court.name, "kind": h.kind, "mode": h.mode,
        "status": h.status, "starts_at": h.starts_at, "ends_at": h.ends_at, "place": hearing_place(h),
    }  # fmt: skip


def _out(h: Any) -> dict[str, Any]:
    return {
        **_row(h), "public": h.public, "sequence": h.sequence, "notice_latest_on": h.notice_latest_on,
        "notice_basis": h.notice_basis,
        "bench": [{"name": b.user.get_full_name(), "presiding": b.presiding} for b in selectors.hearing_bench(hearing=h)],
        "participants": [
            {"kind": p.kind, "name": p.name, "role": p.party.role if p.party and p.kind == "party" else None,
             "attendance": p.attendance, "remote_site": p.remote_site.name if p.remote_site else None,
             "in_custody": p.in_custody, "summons_state": p.summons_task.state if p.summons_task else None}
            for p in selectors.hearing_participants(hearing=h)
        ],
        "changes": [
            {"kind": c.kind, "occurred_at": c.occurred_at, "reason": c.reason, "note": c.note,
             "old_starts_at": c.old_starts_at, "new_starts_at": c.new_starts_at, "clock_effect": c.clock_effect}
            for c in selectors.hearing_changes(hearing=h)
        ],
    }  # fmt: skip


def _participants(items: list[ParticipantIn] | None) -> tuple[services.ParticipantIn, ...] | None:
    if items is None:
        return None
    return tuple(services.ParticipantIn(**i.dict()) for i in items)


@router.get("/", response=list[HearingRow], include_in_schema=False)  # the same, with the trailing slash
@router.get(
    "",
    response=list[HearingRow],
    openapi_extra=refuses("起始日须为真实的日历日期"),
    summary="我的庭审：律师、当事人为本人跨法院的庭审，法官与法院工作人员为本院的庭审",
)
def hearing_list(request: HttpRequest, q: Query[HearingListQuery]) -> list[dict]:
    first = date_parse(q.first, field_label="起始日") if q.first else timezone.localdate()
    rows = selectors.hearings_of_caller(user=_auth(request), first=first, last=first + timedelta(days=q.days - 1))
    return [_row(h) for h in rows]


def _round_for(request: HttpRequest, round_id: int) -> Any:
    rnd = selectors_async.round_get_for_user(round_id=round_id, user=_auth(request))
    if rnd is None:
        raise NotFound("该轮质证不存在或您无权查看。")
    return rnd


def _round_out(rnd: Any, user: User) -> dict[str, Any]:
    evidence = selectors_async.evidence_views(rounds=[rnd])
    items = {it.document_id: it for it in rnd.items.all()}
    opinions = []
    for ev in evidence:
        for o in ev.opinions:
            opinions.append(
                {"id": o.id, "item": ev.number, "party_id": o.party_id, "party": o.party, "author": o.author,
                 "occurred_at": o.occurred_at, "round_number": o.round_number, "disputed": o.disputed,
                 "aspects": [{"aspect": a.code, "verdict": a.verdict, "reason": a.reason} for a in o.aspects],
                 "attachment_id": o.attachment_id}
            )  # fmt: skip
    return {
        "id": rnd.pk, "case": rnd.case.number, "kind": rnd.kind, "number": rnd.number, "state": rnd.state,
        "replies_to": rnd.replies_to_id, "opened_at": rnd.opened_at, "deadline": rnd.deadline,
        "deadline_basis": rnd.deadline_basis, "instructions": rnd.instructions, "report_document_id": rnd.report_id,
        "my_parties": [p.pk for p in selectors_async.parties_acting_for(case=rnd.case, user=user)],
        "items": [
            {"id": items[ev.document_id].pk, "number": ev.number, "title": ev.title,
             "submitted_by_id": ev.submitted_by_id, "submitted_by": ev.submitted_by, "disputed": ev.disputed}
            for ev in evidence if ev.document_id in items
        ],
        "opinions": sorted(opinions, key=lambda o: (o["occurred_at"], o["id"])),
    }  # fmt: skip


@router.get("/rounds/{round_id}", response=AsyncRoundOut, summary="异步质证轮次（证据与质证意见）")
def round_detail(request: HttpRequest, round_id: Id) -> dict:
    return _round_out(_round_for(request, round_id), _auth(request))


@router.post(
    "/rounds/{round_id}/opinions",
    response={201: AsyncOpinionOut, **errors(409)},
    openapi_extra=refuses(
        "不认可的须写明理由；只能对对方的证据发表意见（回应轮除外）；只能为本人或所代理的当事人发表意见；"
        "409 hearing.async_refused 为本轮已结束或已过提交期限（在线诉讼规则第二十条）"
    ),
    summary="发表质证意见（认可/不认可真实性、合法性、关联性）",
)
def round_opinion(request: HttpRequest, round_id: Id, payload: AsyncOpinionIn) -> Status:
    rnd = _round_for(request, round_id)
    row = services_async.async_opinion_submit(
        round=rnd, item_id=payload.item_id, party_id=payload.party_id, actor=_auth(request),
        opinion=services_async.OpinionIn(
            authenticity=payload.authenticity, legality=payload.legality, relevance=payload.relevance,
            authenticity_reason=payload.authenticity_reason, legality_reason=payload.legality_reason,
            relevance_reason=payload.relevance_reason,
        ),
    )  # fmt: skip
    out = next(o for o in _round_out(rnd, _auth(request))["opinions"] if o["id"] == row.pk)
    return Status(201, out)


@router.get("/cases/{case_id}", response=list[HearingRow], summary="案件的庭审")
def case_hearings(request: HttpRequest, case_id: Id) -> list[dict]:
    case = case_get_for_user(case_id=case_id, user=_auth(request))
    if not selectors.hearing_may(user=_auth(request), case=case, action=Action.VIEW):
        raise Forbidden()
    return [_row(h) for h in selectors.hearings_for_case(case=case)]


@router.post(
    "/cases/{case_id}",
    response={201: HearingOut, **errors(409)},
    openapi_extra=refuses(
        "开庭不足三日前通知（hearing.notice_too_short，民诉法第一百三十九条）、休息日未确认、时间已过或时长不当、"
        "法庭/人员/场所不属于本院或本案、缺少书记员或不公开理由等（409 hearing.conflict 为时间冲突）"
    ),
    summary="排期（并向当事人发出传票）",
)
def case_schedule(request: HttpRequest, case_id: Id, payload: ScheduleIn) -> Status:
    case = case_get_for_user(case_id=case_id, user=_auth(request))
    data = services.HearingIn(
        kind=payload.kind, mode=payload.mode, starts_at=payload.starts_at, ends_at=payload.ends_at,
        presiding_id=payload.presiding_id, room_id=payload.room_id, panel_ids=tuple(payload.panel_ids),
        clerk_id=payload.clerk_id, participants=_participants(payload.participants),
        extra_participants=_participants(payload.extra_participants) or (), site_id=payload.site_id,
        public=payload.public, not_public_reason=payload.not_public_reason, notes=payload.notes,
        rest_day_confirmed=payload.rest_day_confirmed,
    )  # fmt: skip
    result = services.hearing_schedule(case=case, data=data, actor=_auth(request))
    return Status(201, _out(selectors.hearing_get_for_user(hearing_id=result.hearing.pk, user=_auth(request))))


@router.get(
    "/calendar",
    response=list[HearingRow],
    openapi_extra=refuses("起始日须为真实的日历日期（如 2025-02-30 不存在）"),
    summary="法院庭审日历（按法院、法庭、法官）",
)
def calendar(request: HttpRequest, q: Query[CalendarQuery]) -> list[dict]:
    user = _auth(request)
    court_ids = selectors.calendar_courts(user=user)
    if not court_ids:
        raise Forbidden("您没有查看法院庭审日历的权限。")
    if q.court_id is not None and q.court_id not in court_ids:
        raise Forbidden("您没有查看该法院庭审日历的权限。")
    today = timezone.localdate()
    first = date_parse(q.first, field_label="起始日") if q.first else today - timedelta(days=today.weekday())
    rows = selectors.calendar_hearings(
        user=user, first=first, last=first + timedelta(days=q.days - 1),
        filters=selectors.CalendarFilter(court_id=q.court_id, room_id=q.room_id, judge_id=q.judge_id),
    )  # fmt: skip
    return [_row(h) for h in rows]


@router.get("/mine", response=list[HearingRow], summary="我的庭审（跨法院）")
def mine(request: HttpRequest) -> list[dict]:
    return [_row(h) for h in selectors.my_hearings(user=_auth(request), since=timezone.localdate())]


@router.get("/{hearing_id}", response=HearingOut, summary="庭审详情")
def hearing_detail(request: HttpRequest, hearing_id: Id) -> dict:
    return _out(selectors.hearing_get_for_user(hearing_id=hearing_id, user=_auth(request)))


@router.post(
    "/{hearing_id}/reschedule",
    response={200: HearingOut, **errors(409)},
    openapi_extra=refuses(
        "改期须符合排期的同样要求（开庭三日前通知、休息日、法庭与人员）；409 为时间冲突或庭审已不能改期"
    ),
    summary="改期",
)
def reschedule(request: HttpRequest, hearing_id: Id, payload: RescheduleIn) -> dict:
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=_auth(request), action=Action.CHANGE)
    services.hearing_reschedule(
        hearing=hearing, actor=_auth(request), starts_at=payload.starts_at, ends_at=payload.ends_at,
        room_id=payload.room_id, note=payload.note, rest_day_confirmed=payload.rest_day_confirmed,
    )  # fmt: skip
    return _out(selectors.hearing_get_for_user(hearing_id=hearing_id, user=_auth(request)))


@router.post(
    "/{hearing_id}/postpone",
    response={200: PostponeOut, **errors(409)},
    openapi_extra=refuses(
        "延期事由须适用于本类案件；延期次数（普通程序两次、简易程序一次）、两次开庭间隔一个月、"
        "以其他情形延期须院长批准（延长审限和延期开庭的规定第三、五、六条）；下次开庭须符合排期要求"
    ),
    summary="延期开庭",
)
def postpone(request: HttpRequest, hearing_id: Id, payload: PostponeIn) -> dict:
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=_auth(request), action=Action.CHANGE)
    result = services.hearing_postpone(hearing=hearing, actor=_auth(request), **payload.dict())
    nxt = result.next_hearing
    return {
        "hearing": _out(selectors.hearing_get_for_user(hearing_id=hearing_id, user=_auth(request))),
        "next_hearing": _out(selectors.hearing_get_for_user(hearing_id=nxt.pk, user=_auth(request))) if nxt else None,
        "clock": result.clock,
    }


@router.post(
    "/{hearing_id}/cancel",
    response={200: HearingOut, **errors(409)},
    openapi_extra=refuses("须填写取消原因；409 为庭审已不能取消"),
    summary="取消庭审",
)
def cancel(request: HttpRequest, hearing_id: Id, payload: CancelIn) -> dict:
    hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=_auth(request), action=Action.CHANGE)
    services.hearing_cancel(hearing=hearing, actor=_auth(request), note=payload.note)
    return _out(selectors.hearing_get_for_user(hearing_id=hearing_id, user=_auth(request)))


routers = [("hearings", router)]

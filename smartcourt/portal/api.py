"""Publication API (裁判文书公开): the anonymiser for staff (`POST /publication/anonymise`), a person's publication
tasks and their decisions (exclude, confirm the review, publish). Every refusal is `{code, message}` in Chinese:
publishing an excluded or unreviewed judgment is 409 `publication.excluded` / `publication.not_reviewed`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import Forbidden
from smartcourt.core.params import Id
from smartcourt.core.privacy import personal_data
from smartcourt.courts.permissions import Action, Resource, permits

from .anonymise import anonymise
from .publication import selectors, services

if TYPE_CHECKING:
    from smartcourt.courts.models import User

router = Router(tags=["裁判文书公开"])
router.add_decorator(personal_data, mode="view")  # originals and registries name people: never cached

SpanType = Literal["name", "id_number", "mobile", "landline", "bank_card", "plate", "address", "email"]


class AnonymisePartyIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    role: str = Field("", max_length=40, description="诉讼地位：被告人、被害人、证人、附带民事诉讼原告人、原告……")
    id_number: str | None = Field(None, max_length=40)
    address: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=40)
    minor: bool = Field(False, strict=True, description="未成年人（一律隐名）")


class AnonymiseIn(Schema):
    text: str = Field(..., max_length=200_000)
    case_type: str = Field(
        "", max_length=32, description="criminal、civil、administrative；婚姻家庭、继承案件为 family（当事人一律隐名）"
    )
    parties: list[AnonymisePartyIn] = Field(default_factory=list, max_length=500)


class AnonymiseReplacementOut(Schema):
    start: int = Field(..., description="在输入文本中的起始位置（Unicode 码位，含）")
    end: int = Field(..., description="结束位置（不含）")
    type: SpanType
    original: str
    replacement: str


class AnonymiseOut(Schema):
    text: str
    replacements: list[AnonymiseReplacementOut]


class PublicationTaskRow(Schema):
    id: int
    case: str
    court: str
    kind: str
    title: str
    state: str
    effective_on: date
    due_on: date
    suggested_exclusion: str
    published_at: datetime | None
    published_pdf_sha256: str


class PublicationTaskOut(PublicationTaskRow):
    exclusion_reason: str
    exclusion_note: str
    anonymised_text: str
    replacements: list[AnonymiseReplacementOut]


class PublicationExcludeIn(Schema):
    reason: Literal["state_secret", "juvenile_crime", "mediation", "divorce_custody", "other"]
    note: str = Field("", max_length=500)


class PublicationReviewIn(Schema):
    confirmed: bool = Field(..., strict=True, description="审核人已对照原文核对隐名处理结果（须为 true）")
    text: str | None = Field(None, max_length=200_000, description="审核人修改后的公布文本；不传则按系统处理结果")
    publish_note: str = Field("", max_length=200, description="属于不公开情形但确需公布的理由")


def _auth(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]


def _row(t: Any) -> dict[str, Any]:
    return {
        "id": t.pk, "case": t.case_number, "court": t.court.name, "kind": t.kind, "title": t.title, "state": t.state,
        "effective_on": t.effective_on, "due_on": t.due_on, "suggested_exclusion": t.suggested_exclusion,
        "published_at": t.published_at, "published_pdf_sha256": t.published_pdf_sha256,
    }  # fmt: skip


def _out(t: Any) -> dict[str, Any]:
    return {
        **_row(t), "exclusion_reason": t.exclusion_reason, "exclusion_note": t.exclusion_note,
        "anonymised_text": t.anonymised_text,
        "replacements": [{**r, "replacement": r.get("replacement", "")} for r in t.replacements],
    }  # fmt: skip


@router.post("/anonymise", response={200: AnonymiseOut}, summary="裁判文书隐名处理（法释〔2016〕19号第八至十条）")
def anonymise_text(request: HttpRequest, body: AnonymiseIn) -> dict[str, Any]:
    """Anonymise a judgment's text with the case's party registry plus detection of the rest; the replacements'
    offsets are into the input text. Staff who review publication only."""
    if not permits(user=_auth(request), resource=Resource.PUBLICATION, action=Action.REVIEW, include_own=True):
        raise Forbidden("只有负责裁判文书公开的法院工作人员可以使用隐名处理。")
    parties = [p.dict() for p in body.parties]
    result = anonymise(body.text, parties, body.case_type)
    return {
        "text": result.text,
        "replacements": [
            {"start": r.start, "end": r.end, "type": r.type, "original": r.original, "replacement": r.replacement}
            for r in result.replacements
        ],
    }


@router.get("/tasks", response={200: list[PublicationTaskRow]}, summary="我可查看的裁判文书公开任务")
def tasks(
    request: HttpRequest, state: Literal["pending", "reviewed", "excluded", "published"] | None = None
) -> list[dict[str, Any]]:
    rows = selectors.publication_tasks_for_user(user=_auth(request), state=state or "")[:200]
    return [_row(t) for t in rows]


@router.get("/tasks/{task_id}", response={200: PublicationTaskOut}, summary="公开任务详情（含隐名处理结果）")
def task(request: HttpRequest, task_id: Id) -> dict[str, Any]:
    return _out(selectors.publication_task_get(user=_auth(request), task_id=task_id))


@router.post(
    "/tasks/{task_id}/exclude",
    response={200: PublicationTaskOut, **errors(409)},
    summary="决定不公开（记录理由）",
    openapi_extra=refuses("以“其他情形”不公开须写明理由"),
)
def exclude(request: HttpRequest, task_id: Id, body: PublicationExcludeIn) -> dict[str, Any]:
    t = selectors.publication_task_get(user=_auth(request), task_id=task_id)
    return _out(services.publication_exclude(t, reason=body.reason, note=body.note, actor=_auth(request)))


@router.post(
    "/tasks/{task_id}/review",
    response={200: PublicationTaskOut, **errors(409)},
    summary="确认隐名处理",
    openapi_extra=refuses("未确认核对（confirmed 为 false），或修改后的文本仍含有应当隐去的姓名或号码"),
)
def review(request: HttpRequest, task_id: Id, body: PublicationReviewIn) -> dict[str, Any]:
    t = selectors.publication_task_get(user=_auth(request), task_id=task_id)
    return _out(services.publication_review(t, actor=_auth(request), text=body.text, publish_note=body.publish_note))


@router.post(
    "/tasks/{task_id}/publish",
    response={200: PublicationTaskOut, **errors(409)},
    summary="公布（须已审核且未决定不公开）",
)
def publish(request: HttpRequest, task_id: Id) -> dict[str, Any]:
    t = selectors.publication_task_get(user=_auth(request), task_id=task_id)
    return _out(services.publication_publish(t, actor=_auth(request)))


routers = [("publication", router)]

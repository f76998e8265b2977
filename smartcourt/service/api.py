"""Service API (送达): a task with its attempts, events and legal moment; a case's tasks and periods; the post's
return receipts (法院专递回执) for the postal system's integration. Authenticated by the platform's API tokens."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from smartcourt.cases.selectors import case_get_for_user
from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.params import Id
from smartcourt.core.privacy import personal_data
from smartcourt.courts.permissions import Action

from . import selectors, services
from .rules import moment as M

router = Router(tags=["送达"])
router.add_decorator(personal_data, mode="view")  # answers name parties, cases or the caller: never cached


class AttemptOut(Schema):
    seq: int
    channel: str
    state: str
    target: str
    tracking_number: str | None
    sent_at: str | None
    delivered_at: str | None
    read_at: str | None
    failure_reason: str


class ServiceEventOut(Schema):
    kind: str
    occurred_at: str
    summary: str
    sha256: str = Field(..., description="存证哈希（已写入账本，kind service.attempt / service.receipt）")


class ServiceDeadlineOut(Schema):
    rule: str
    label: str
    party: str
    start_on: str
    due_on: str
    explanation: list[str]


class TaskOut(Schema):
    id: int
    case: str
    recipient: str
    document_type: str
    title: str
    state: str
    plan: list[str]
    served_at: str | None = Field(None, description="法定送达时间；未送达为 null（绝不推定）")
    served_on: str | None
    served_channel: str
    served_basis: list[str]
    notice_deemed_on: str | None
    certificate_sha256: str
    attempts: list[AttemptOut]
    events: list[ServiceEventOut]
    deadlines: list[ServiceDeadlineOut]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _task(task) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "id": task.pk, "case": task.case.number, "recipient": task.person.name, "document_type": task.document_type,
        "title": task.title, "state": task.state, "plan": task.plan, "served_at": _iso(task.served_at),
        "served_on": _iso(task.served_on), "served_channel": task.served_channel, "served_basis": task.served_basis,
        "notice_deemed_on": _iso(task.notice_deemed_on), "certificate_sha256": task.certificate_sha256,
        "attempts": [
            {"seq": a.seq, "channel": a.channel, "state": a.state, "target": a.target, "tracking_number": a.tracking_number,
             "sent_at": _iso(a.sent_at), "delivered_at": _iso(a.delivered_at), "read_at": _iso(a.read_at),
             "failure_reason": a.failure_reason}
            for a in task.attempts.all()
        ],
        "events": [{"kind": e.kind, "occurred_at": e.occurred_at.isoformat(), "summary": e.summary, "sha256": e.sha256}
                   for e in task.events.all()],
        "deadlines": [_deadline(d) for d in task.deadlines.select_related("party__person")],
    }  # fmt: skip


def _deadline(d) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"rule": d.rule_code, "label": d.label, "party": d.party.person.name, "start_on": d.start_on.isoformat(),
            "due_on": d.due_on.isoformat(), "explanation": d.explanation}  # fmt: skip


@router.get("/tasks/{task_id}", response=TaskOut, summary="送达任务详情（过程、回执、生效时间及依据）")
def task_detail(request: HttpRequest, task_id: Id) -> dict[str, Any]:
    return _task(selectors.service_task_get_for_user(task_id=task_id, user=request.auth))


class CaseServiceOut(Schema):
    tasks: list[TaskOut]
    deadlines: list[ServiceDeadlineOut]


@router.get("/cases/{case_id}", response=CaseServiceOut, summary="案件的送达任务与自送达起算的期间")
def case_service(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    case = case_get_for_user(case_id=case_id, user=request.auth)
    return {
        "tasks": [_task(t) for t in selectors.service_tasks_for_case(case=case, user=request.auth)],
        "deadlines": [_deadline(d) for d in selectors.service_deadlines_for_case(case=case, user=request.auth)],
    }


class PostReceiptIn(Schema):
    tracking_number: str = Field(..., examples=["1180000000202"])
    case_number: str = Field(..., description="邮件所属案号；与登记不符的拒绝导入")
    outcome: str = Field(
        ...,
        description="signed / refused / address_wrong / moved / unclaimed",
        json_schema_extra={"enum": list(M.POST_OUTCOMES)},
    )
    on: date = Field(..., description="回执上注明的日期")
    signer: str = ""
    relation: str = Field(
        "", description="self / legal_representative / office / guardian / agent / designated / family"
    )


@router.post(
    "/post/receipts",
    response={200: TaskOut, **errors(404, 409)},
    openapi_extra=refuses(
        "邮件号须为已登记的法院专递，case_number 须与登记的案号一致；签收时须注明签收人及其与受送达人的关系"
    ),
    summary="登记法院专递回执（民事诉讼法第九十一条）",
)
def post_receipt(request: HttpRequest, payload: PostReceiptIn) -> dict[str, Any]:
    if payload.outcome not in M.POST_OUTCOMES:
        raise services.ServiceInputError("未知的回执状态。", field="outcome")
    task = services.service_post_return(
        tracking_number=payload.tracking_number, case_number=payload.case_number, outcome=payload.outcome,
        on=payload.on, signer=payload.signer, relation=payload.relation, actor=request.auth,
    )  # fmt: skip
    return _task(selectors.service_task_get_for_user(task_id=task.pk, user=request.auth, action=Action.VIEW))


routers = [("service", router)]

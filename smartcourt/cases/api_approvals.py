"""/api/v1/approvals and the case-scoped requests: the same services and selectors as the pages.

- `POST /cases/{id}/extension-requests`, `POST /cases/{id}/assignment-requests`: ask; an illegal request (beyond the
  statutory maximum, beyond its approver's share, to the wrong approver) is a 400 whose message cites the article.
- `GET /approvals`: what waits for my decision; `POST /approvals/{id}/decision`, `POST /approvals/{id}/withdraw`.
- `GET /cases/{id}/assignments/{draw_id}/replay`: a recorded random draw run again from its recorded inputs.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import NotFound
from smartcourt.core.params import BodyId, Id
from smartcourt.courts.permissions import Action
from smartcourt.courts.selectors import user_get

from . import selectors, selectors_approvals, services_approvals
from .api_cases import router as cases_router

if TYPE_CHECKING:
    from smartcourt.courts.models import User

    from .models import ApprovalRequest

router = Router(tags=["审批"])


def _auth(request: HttpRequest) -> User:
    """The person the API authenticated (session or token; every route here requires one)."""
    return request.auth  # type: ignore[attr-defined]


class ApprovalOut(Schema):
    id: int
    case_id: int
    case_number: str
    kind: str
    kind_label: str
    state: str
    state_label: str
    requested_by: str
    reason: str
    months: int
    days: int
    judge: str | None
    approver: str = Field(..., description="规则确定的审批人，如“本院院长”“民事审判第一庭庭长”")
    citation: str
    explanation: str
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    created_at: datetime


class ExtensionRequestIn(Schema):
    months: int = Field(0, ge=0, le=24, strict=True)
    days: int = Field(0, ge=0, le=365, strict=True)
    reason: str = Field(..., max_length=300)
    approver_level: str | None = Field(
        None,
        description="可选：own_president 本院院长 | upper_court 上一级人民法院 | high_court 高级人民法院 | "
        "supreme_court 最高人民法院；与法律规定的审批人不一致时拒绝",
    )


class AssignmentRequestIn(Schema):
    judge_id: BodyId
    reason: str = Field(..., max_length=300)


class DecisionIn(Schema):
    decision: Literal["approve", "refuse"]
    note: str = Field("", max_length=300)


class ReplayCandidateOut(Schema):
    judge_id: int
    name: str
    load: str
    recorded_weight: str
    weight: str
    chosen: bool


class ReplayOut(Schema):
    matches: bool
    case_number: str
    seed: str
    recorded_value: str | None
    value: str
    recorded_judge: str
    judge: str
    candidates: list[ReplayCandidateOut]
    problems: list[str]


def _out(r: ApprovalRequest) -> dict:
    return {
        "id": r.pk,
        "case_id": r.case_id,
        "case_number": r.case.number,
        "kind": r.kind,
        "kind_label": r.get_kind_display(),
        "state": r.state,
        "state_label": r.get_state_display(),
        "requested_by": r.requested_by.get_full_name(),
        "reason": r.reason,
        "months": r.months,
        "days": r.days,
        "judge": r.judge.get_full_name() if r.judge is not None else None,
        "approver": r.approver_label,
        "citation": r.citation,
        "explanation": r.detail.get("explanation", ""),
        "decided_by": r.decided_by.get_full_name() if r.decided_by is not None else None,
        "decided_at": r.decided_at,
        "decision_note": r.decision_note,
        "created_at": r.created_at,
    }


@router.get("", response=list[ApprovalOut], summary="待我审批")
def approval_queue(request: HttpRequest) -> list[dict]:
    return [_out(r) for r in selectors_approvals.approval_queue(user=_auth(request))]


@router.post(
    "/{request_id}/decision",
    response=ApprovalOut,
    summary="批准或不予批准",
    openapi_extra=refuses(
        "已处理的申请不能再处理；不予批准须说明理由；批准时案件已结案、承办法官已变动或拟承办法官已不在本院的，"
        "返回 400 并说明（只有规则确定的审批人可以审批，本人提出或与本人有关的申请不能审批：403）"
    ),
)
def approval_decide(request: HttpRequest, request_id: Id, payload: DecisionIn) -> dict:
    approval = selectors_approvals.approval_get_for_user(request_id=request_id, user=_auth(request))
    if payload.decision == "approve":
        approval = services_approvals.approval_approve(request=approval, actor=_auth(request), note=payload.note)
    else:
        approval = services_approvals.approval_refuse(request=approval, actor=_auth(request), note=payload.note)
    return _out(selectors_approvals.approval_get_for_user(request_id=approval.pk, user=_auth(request)))


@router.post(
    "/{request_id}/withdraw",
    response=ApprovalOut,
    summary="撤回本人的申请",
    openapi_extra=refuses("已处理的申请不能撤回（只有申请人本人可以撤回：403）"),
)
def approval_withdraw(request: HttpRequest, request_id: Id) -> dict:
    approval = selectors_approvals.approval_get_for_user(request_id=request_id, user=_auth(request))
    services_approvals.approval_withdraw(request=approval, actor=_auth(request))
    return _out(selectors_approvals.approval_get_for_user(request_id=approval.pk, user=_auth(request)))


# Case-scoped endpoints live with the cases router (/api/v1/cases/{id}/…); they are declared here, beside the
# approval endpoints they belong with.


@cases_router.post(
    "/{case_id}/extension-requests",
    response={201: ApprovalOut, **errors(409)},
    summary="申请延长审限",
    openapi_extra=refuses(
        "超过法定最长延长期限、超出审批人的批准权限、批准机关与法律规定不一致、未填月数或天数、案件已结案时，"
        "返回 400 并引用条文（409 为本案已有待审批的同类申请）"
    ),
)
def extension_request(request: HttpRequest, case_id: Id, payload: ExtensionRequestIn) -> Status:
    case = selectors.case_get_for_user(case_id=case_id, user=_auth(request), action=Action.CHANGE)
    approval = services_approvals.extension_request(
        case=case,
        actor=_auth(request),
        reason=payload.reason,
        months=payload.months,
        days=payload.days,
        approver_level=payload.approver_level or None,
    )
    return Status(201, _out(selectors_approvals.approval_get_for_user(request_id=approval.pk, user=_auth(request))))


@cases_router.post(
    "/{case_id}/assignment-requests",
    response={201: ApprovalOut, **errors(409)},
    summary="申请指定分案或变更承办人",
    openapi_extra=refuses(
        "拟承办法官不是本院法官、与原承办法官相同、理由为空或本院尚无审批人时，返回 400 并说明"
        "（409 为本案已有待审批的同类申请）"
    ),
)
def assignment_request(request: HttpRequest, case_id: Id, payload: AssignmentRequestIn) -> Status:
    case = selectors.case_get_for_user(case_id=case_id, user=_auth(request), action=Action.ASSIGN)
    judge = user_get(user_id=payload.judge_id, active_only=True)
    if judge is None:
        raise NotFound("所选法官不存在。")
    approval = services_approvals.assignment_request(
        case=case, actor=_auth(request), judge=judge, reason=payload.reason
    )
    return Status(201, _out(selectors_approvals.approval_get_for_user(request_id=approval.pk, user=_auth(request))))


@cases_router.get("/{case_id}/assignments/{draw_id}/replay", response=ReplayOut, summary="复现随机分案")
def assignment_replay(request: HttpRequest, case_id: Id, draw_id: Id) -> dict:
    draw = selectors_approvals.assignment_draw_get_for_user(case_id=case_id, draw_id=draw_id, user=_auth(request))
    replay = selectors_approvals.assignment_replay(draw=draw)
    return {
        "matches": replay.matches,
        "case_number": replay.case_key,
        "seed": replay.seed,
        "recorded_value": str(replay.recorded_value) if replay.recorded_value is not None else None,
        "value": str(replay.value),
        "recorded_judge": replay.recorded_judge,
        "judge": replay.judge,
        "candidates": [
            {
                "judge_id": r.judge_id,
                "name": r.name,
                "load": r.load,
                "recorded_weight": r.recorded_weight,
                "weight": r.weight,
                "chosen": r.chosen,
            }
            for r in replay.rows
        ],
        "problems": replay.problems,
    }

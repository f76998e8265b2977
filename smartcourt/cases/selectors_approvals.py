"""Reads for approvals (审批) and assignment (分案): an approver's queue, a case's requests, the cases waiting for
assignment in one's scope, and the replay of a recorded random draw (随机分案复现)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from smartcourt.core.errors import NotFound
from smartcourt.courts.permissions import Action, Resource, allows, visible_q

from .models import ApprovalRequest, AssignmentDraw, Case, CaseState
from .rules import assignment as assignment_rules

if TYPE_CHECKING:
    from smartcourt.courts.models import User

DRAW_TOLERANCE = Decimal("1e-12")
_APPROVAL_RELATED = (
    "case",
    "case__court",
    "requested_by",
    "judge",
    "approver_court",
    "approver_division",
    "decided_by",
)


def _decidable_q(user: User) -> Q:
    """Requests `user` may decide: addressed to a role they hold where they hold it, on a case the permission table
    lets them approve on, neither made by them nor concerning them as a judge."""
    from smartcourt.courts.selectors import user_grant_places

    places = Q(pk__in=[])
    for role, court_id, division_id in user_grant_places(user=user):
        places |= Q(approver_role=role, approver_court_id=court_id) & (
            Q(approver_division__isnull=True) | Q(approver_division_id=division_id)
        )
    allowed = Q(pk__in=[])
    for resource in (Resource.TRIAL_PERIOD, Resource.ASSIGNMENT):
        cases = Case.objects.filter(visible_q(user=user, resource=resource, action=Action.APPROVE)).values("pk")
        allowed |= Q(resource=resource, case_id__in=cases)
    return places & allowed & ~Q(requested_by=user) & ~Q(judge=user) & ~Q(case__judge=user)


# What the workbench's approvals panel shows of a request: the case's number, who asked, the judge named.
_APPROVAL_PANEL_RELATED = ("case", "requested_by", "judge")


def approval_queue(*, user: User, for_panel: bool = False) -> QuerySet[ApprovalRequest]:
    """The pending requests waiting for `user`'s decision (待我审批), oldest first. `for_panel`: with only what the
    workbench panel shows (four joins fewer than the queue page's rows)."""
    return (
        ApprovalRequest.objects.filter(_decidable_q(user), state=ApprovalRequest.State.PENDING)
        .select_related(*(_APPROVAL_PANEL_RELATED if for_panel else _APPROVAL_RELATED))
        .order_by("created_at", "id")
    )


def approval_queue_count(*, user: User) -> int:
    return ApprovalRequest.objects.filter(_decidable_q(user), state=ApprovalRequest.State.PENDING).count()


def approvals_decided_by(*, user: User, limit: int = 20) -> list[ApprovalRequest]:
    """What `user` decided lately (已审批), newest first."""
    qs = ApprovalRequest.objects.filter(
        decided_by=user, state__in=[ApprovalRequest.State.APPROVED, ApprovalRequest.State.REFUSED]
    )
    return list(qs.select_related(*_APPROVAL_RELATED).order_by("-decided_at", "-id")[:limit])


def approvals_requested_by(*, user: User, limit: int = 20) -> list[ApprovalRequest]:
    """`user`'s own requests, newest first (their state tells whether they were decided)."""
    qs = ApprovalRequest.objects.filter(requested_by=user)
    return list(qs.select_related(*_APPROVAL_RELATED).order_by("-created_at", "-id")[:limit])


def approval_requests_for_case(*, case: Case) -> list[ApprovalRequest]:
    """The case's requests for its page, newest first, with the people the page names (the case is the page's own:
    not joined again, nor the approver's court and division, which the page names by `approver_label`)."""
    qs = ApprovalRequest.objects.filter(case=case).select_related("requested_by", "judge", "decided_by")
    return list(qs.order_by("-created_at"))


def approval_get_for_user(*, request_id: int, user: User) -> ApprovalRequest:
    """A request on a case `user` may see, or NotFound (as for a hidden case)."""
    from .selectors import case_visible_to

    request = (
        ApprovalRequest.objects.filter(pk=request_id, case__in=case_visible_to(user=user).values("pk"))
        .select_related(*_APPROVAL_RELATED)
        .first()
    )
    if request is None:
        raise NotFound()
    return request


def approval_may_decide(*, user: User, request: ApprovalRequest) -> bool:
    return ApprovalRequest.objects.filter(_decidable_q(user), pk=request.pk).exists()


# ---------------------------------------------------------------- assignment desk (分案)


def cases_to_assign(*, user: User) -> QuerySet[Case]:
    """Registered cases without a judge on which `user` may assign (待分案): a division head's are her division's,
    a filing officer's the court's — the permission table's ASSIGN scope, so the list and the buttons agree."""
    from .selectors import case_visible_to

    pending = ApprovalRequest.objects.filter(
        case=OuterRef("pk"), resource=Resource.ASSIGNMENT, state=ApprovalRequest.State.PENDING
    )
    return (
        case_visible_to(user=user, action=Action.ASSIGN)
        .filter(judge__isnull=True, state=CaseState.REGISTERED)
        .annotate(assignment_pending=Exists(pending))
        .select_related("court", "division", "cause")
        .order_by("filed_on", "id")
    )


def assignment_draws_visible(*, user: User, limit: int = 20) -> list[AssignmentDraw]:
    """Recent random draws on cases whose assignments `user` may inspect (ASSIGNMENT/VIEW), newest first."""
    cases = Case.objects.filter(visible_q(user=user, resource=Resource.ASSIGNMENT, action=Action.VIEW)).values("pk")
    qs = AssignmentDraw.objects.filter(case_id__in=cases, method=AssignmentDraw.Method.RANDOM)
    return list(qs.select_related("case", "judge", "decided_by").order_by("-created_at", "-id")[:limit])


def assignment_draw_get_for_user(*, case_id: int, draw_id: int, user: User) -> AssignmentDraw:
    """One recorded draw if `user` may inspect the case's assignments (ASSIGNMENT/VIEW), else NotFound."""
    # The table is asked about the case first: whether a draw exists is no answer to whom may not inspect the case.
    case = Case.objects.filter(pk=case_id).select_related("court").first()
    if case is None or not allows(user=user, resource=Resource.ASSIGNMENT, action=Action.VIEW, obj=case):
        raise NotFound()
    draw = (
        AssignmentDraw.objects.filter(pk=draw_id, case_id=case.pk)
        .select_related("case", "case__court", "judge", "decided_by", "approved_by")
        .first()
    )
    if draw is None:
        raise NotFound()
    return draw


def assignment_may_inspect(*, user: User, case: Case) -> bool:
    return allows(user=user, resource=Resource.ASSIGNMENT, action=Action.VIEW, obj=case)


@dataclass
class ReplayRow:
    judge_id: int
    name: str
    load: str
    recorded_weight: str
    weight: str  # recomputed from the recorded load
    low: Decimal
    high: Decimal
    chosen: bool  # picked by the replay


@dataclass
class DrawReplay:
    """A recorded random draw run again from its recorded inputs (随机分案复现)."""

    draw: AssignmentDraw
    case_key: str  # what the draw value is computed from with the seed: the case number
    seed: str
    recorded_value: Decimal | None
    value: Decimal
    recorded_judge: str
    judge_id: int | None
    judge: str
    rows: list[ReplayRow]
    problems: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.problems


def assignment_replay(*, draw: AssignmentDraw) -> DrawReplay:
    """Re-run a recorded random draw: the value from the recorded seed and the case number (HMAC-SHA256), the
    weights from the recorded caseloads, the pick from both — and say plainly what differs from the record (a
    changed seed, case number, candidate list or caseload; 法发〔2015〕13号 第十八条: the draw must be traceable)."""
    if draw.method != AssignmentDraw.Method.RANDOM or not draw.seed:
        raise NotFound("该分案记录不是随机分案，没有可复现的抽签。")
    candidates: list[assignment_rules.Candidate] = []
    problems: list[str] = []
    for n, row in enumerate(draw.candidates or [], start=1):
        try:
            candidates.append(
                assignment_rules.Candidate(
                    judge_id=int(row["judge_id"]), name=str(row["name"]), load=Decimal(row["load"])
                )
            )
        except (KeyError, TypeError, ValueError, ArithmeticError):
            problems.append(f"第{n}名候选法官的记录不完整或格式有误，无法复现。")
    case_key = draw.case.number
    value = assignment_rules.draw_value(draw.seed, case_key)
    recorded_judge = draw.judge.get_full_name()
    if not candidates:
        problems.append("抽签记录中没有候选法官，无法复现。")
        return DrawReplay(draw, case_key, draw.seed, draw.draw, value, recorded_judge, None, "", [], problems)
    index, weights = assignment_rules.pick(candidates, value)
    rows: list[ReplayRow] = []
    cumulative = Decimal(0)
    for i, (candidate, weight) in enumerate(zip(candidates, weights, strict=True)):
        low, cumulative = cumulative, cumulative + weight
        rows.append(
            ReplayRow(
                judge_id=candidate.judge_id,
                name=candidate.name,
                load=str(candidate.load),
                recorded_weight=str(draw.candidates[i].get("weight", "")),
                weight=str(weight),
                low=low,
                high=cumulative,
                chosen=i == index,
            )
        )
    chosen = candidates[index]
    # SQLite keeps a DecimalField as a float (about 15 significant digits): a difference below 1e-12 is storage,
    # a changed seed or case number moves the value by far more.
    if draw.draw is not None and abs(Decimal(draw.draw) - value) > DRAW_TOLERANCE:
        problems.append(
            f"随机数不一致：记录为{Decimal(draw.draw):.18f}，按记录的种子与案号“{case_key}”重算为{value:.18f}"
            "——种子或案号在抽签后被改动。"
        )
    changed = [r.name for r in rows if r.recorded_weight and Decimal(r.recorded_weight) != Decimal(r.weight)]
    if changed:
        problems.append(f"候选法官的概率与记录不一致（{'、'.join(changed)}）——候选名单或在办案件数在抽签后被改动。")
    if chosen.judge_id != draw.judge_id:
        problems.append(f"复现结果为{chosen.name}，与记录的承办法官{recorded_judge}不一致。")
    lines = assignment_rules.explain(candidates, weights, value, index)
    return DrawReplay(
        draw=draw,
        case_key=case_key,
        seed=draw.seed,
        recorded_value=draw.draw,
        value=value,
        recorded_judge=recorded_judge,
        judge_id=chosen.judge_id,
        judge=chosen.name,
        rows=rows,
        problems=problems,
        explanation=lines,
    )

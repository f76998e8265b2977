"""Demo approvals: a few requests waiting in the demo leaders' queues, made through the real services (so the rules
pick the approver, the timeline and the audit log say so, and the approvers get their messages).

- two extensions of the trial period asked by demo_judge (陈建国), for the court president (demo_president);
- a designated assignment (or, if every case of the division is assigned, a change of judge) asked by demo_filing,
  for the head of 民事审判第一庭 (demo_division_head).
Idempotent: nothing is added once demo_judge or demo_filing has a request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from smartcourt.cases.models import ApprovalRequest, Case
from smartcourt.cases.services_approvals import assignment_request, extension_request
from smartcourt.core.errors import ApplicationError
from smartcourt.courts.models import Division, User

DEMO_COURT = "苏0508"
DEMO_DIVISION = "民事审判第一庭"
EXTENSION_REASONS = (
    "需委托工程造价鉴定，鉴定意见尚未作出，有特殊情况需要延长审限",
    "需向银行调取双方交易流水，证据尚未收齐，有特殊情况需要延长审限",
)


def demo_seed(*, seed: int, log: Callable[[str], None]) -> int:
    users = {u.username: u for u in User.objects.filter(username__in=["demo_judge", "demo_filing"])}
    judge, officer = users.get("demo_judge"), users.get("demo_filing")
    if judge is None or officer is None:
        log("    审批：没有演示账号，跳过。")
        return 0
    if ApprovalRequest.objects.filter(requested_by__in=[judge, officer]).exists():
        log("    审批：演示审批申请已存在，跳过。")
        return 0
    made = _extensions(judge) + _assignment(officer, judge)
    log(f"    审批：待审批申请 {made} 件（院长、庭长的审批队列）")
    return made


def _extensions(judge: User) -> int:
    today = timezone.localdate()
    candidates = Case.objects.filter(
        judge=judge,
        court__code=DEMO_COURT,
        state__in=["registered", "in_trial"],
        trial_due_on__gte=today + timedelta(days=10),
    ).order_by("trial_due_on", "id")
    made = 0
    for case in candidates:
        months = 1 if case.procedure in ("simple", "small_claims") else 3
        try:
            extension_request(case=case, actor=judge, reason=EXTENSION_REASONS[made], months=months)
        except ApplicationError:
            continue  # e.g. a period without extension (行政简易程序) or one the rules no longer allow
        made += 1
        if made == len(EXTENSION_REASONS):
            break
    return made


def _assignment(officer: User, judge: User) -> int:
    division = Division.objects.filter(court__code=DEMO_COURT, name=DEMO_DIVISION).first()
    if division is None:
        return 0
    open_cases = Case.objects.filter(division=division, state__in=["registered", "in_trial"]).order_by(
        "-filed_on", "id"
    )
    case = open_cases.filter(judge__isnull=True).first()
    reason = "与本庭同一当事人的系列借款纠纷已由陈建国法官承办，指定由其合并审理"
    if case is None:  # every case of the division is assigned: a change of judge instead
        case = open_cases.exclude(judge=judge).exclude(judge__username="demo_division_head").first()
        reason = "原承办法官与一方当事人的代理人存在近亲属关系，申请回避，变更承办人"
    if case is None:
        return 0
    try:
        assignment_request(case=case, actor=officer, judge=judge, reason=reason)
    except ApplicationError:
        return 0
    return 1

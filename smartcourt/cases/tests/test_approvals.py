"""Approvals that approve (services): an extension or a designated assignment is a request; the approver the rules
name decides it in their queue; only the approval changes the clock or the judge; illegal requests are refused when
made, citing the article; request, approval, refusal and withdrawal are on the timeline and in the audit log."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from smartcourt.cases.models import ApprovalRequest, Case, CaseEvent
from smartcourt.cases.selectors_approvals import approval_queue, approval_queue_count
from smartcourt.cases.services import CaseInputError
from smartcourt.cases.services_approvals import (
    ApprovalError,
    ApprovalPending,
    approval_approve,
    approval_refuse,
    approval_withdraw,
    assignment_request,
    extension_request,
)
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import Forbidden
from smartcourt.core.models import AuditLog, Notification
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.legaltime.models import TrialPeriodAdjustment
from smartcourt.legaltime.rules.trial_period import IllegalSequence

pytestmark = pytest.mark.django_db
SHANGHAI = timezone.get_default_timezone()
NOW = datetime(2025, 6, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    inter = CourtFactory(level=CourtLevel.INTERMEDIATE, code="苏05", name="苏州市中级人民法院")
    court = CourtFactory(parent=inter, code="苏0508", name="苏州市姑苏区人民法院")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    other_division = DivisionFactory(court=court, name="民事审判第二庭")
    return {
        "inter": inter,
        "court": court,
        "civil": civil,
        "judge": user_with_role(Role.JUDGE, court, civil, full_name="陈建国"),
        "judge2": user_with_role(Role.JUDGE, court, civil, full_name="林晓"),
        "president": user_with_role(Role.PRESIDENT, court, full_name="王志明"),
        "upper_president": user_with_role(Role.PRESIDENT, inter, full_name="苏中院长"),
        "head": user_with_role(Role.DIVISION_HEAD, court, civil, full_name="郑海燕"),
        "other_head": user_with_role(Role.DIVISION_HEAD, court, other_division, full_name="别庭长"),
        "officer": user_with_role(Role.FILING_OFFICER, court, full_name="孙立平"),
        "tm": user_with_role(Role.TRIAL_MANAGEMENT, court, full_name="冯丽娟"),
    }


def _writes(case: Case) -> tuple[int, int, int, int]:
    return (
        ApprovalRequest.objects.filter(case=case).count(),
        TrialPeriodAdjustment.objects.filter(case=case).count(),
        CaseEvent.objects.filter(case=case).count(),
        AuditLog.objects.filter(target_id=str(case.pk)).count(),
    )


def _case(world, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("filed_on", date(2025, 3, 3))
    return make_case(court=world["court"], division=world["civil"], judge=world["judge"], **kwargs)


# ---------------------------------------------------------------- extension of the trial period


@time_machine.travel(NOW, tick=False)
def test_an_extension_is_a_request_until_the_court_president_approves_it(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world)  # ordinary procedure: 2025-03-03 + 6 months = 2025-09-03
    assert case.trial_due_on == date(2025, 9, 3)
    request = extension_request(case=case, actor=world["judge"], reason="需要委托鉴定", months=6)
    assert request.state == "pending" and request.approver_label == "本院院长"
    assert request.approver_court == world["court"] and request.approver_role == Role.PRESIDENT
    assert request.citation == "《民事诉讼法》第一百五十二条"
    assert Case.objects.get(pk=case.pk).trial_due_on == date(2025, 9, 3)  # the clock has not moved
    assert not TrialPeriodAdjustment.objects.filter(case=case, kind="extension").exists()
    event = CaseEvent.objects.get(case=case, type="period.extension_requested")
    assert "报请本院院长审批（《民事诉讼法》第一百五十二条）" in event.summary and event.actor == world["judge"]
    assert AuditLog.objects.filter(action="case.period.extension_request", target_id=str(case.pk)).count() == 1
    assert Notification.objects.filter(recipient=world["president"], topic="case.approval").count() == 1
    assert list(approval_queue(user=world["president"])) == [request]
    assert approval_queue_count(user=world["upper_president"]) == 0  # not the higher court's, yet

    approved = approval_approve(request=request, actor=world["president"], note="同意")
    assert approved.state == "approved" and approved.decided_by == world["president"]
    assert approved.adjustment is not None and approved.adjustment.approved_by == world["president"]
    assert approved.adjustment.detail["approver_level"] == "own_president"
    assert Case.objects.get(pk=case.pk).trial_due_on == date(2026, 3, 3)  # the clock moves on approval only
    extended = CaseEvent.objects.get(case=case, type="period.extended")
    assert (
        extended.actor == world["president"] and "本院院长王志明批准延长审限6个月，届满日2026-03-03" in extended.summary
    )
    assert AuditLog.objects.filter(action="case.period.extend", target_id=str(case.pk)).count() == 1
    assert Notification.objects.filter(recipient=world["judge"], title__startswith="延长审限已批准").exists()
    assert approval_queue_count(user=world["president"]) == 0


@time_machine.travel(NOW, tick=False)
def test_beyond_the_statutory_maximum_is_refused_when_asked_and_writes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world, procedure="simple", filed_on=date(2025, 4, 1))  # 3 months, +1 by the president: 4 in all
    before = _writes(case)
    with pytest.raises(IllegalSequence) as exc:
        extension_request(case=case, actor=world["judge"], reason="案情复杂", months=2)
    assert exc.value.code == "trial_period.extension_beyond_limit"
    assert "《民诉法解释》第二百五十八条第一款" in str(exc.value.message)
    assert _writes(case) == before


@time_machine.travel(NOW, tick=False)
def test_a_request_to_the_wrong_approver_level_is_refused_with_the_article(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world)
    before = _writes(case)
    with pytest.raises(IllegalSequence) as exc:
        extension_request(case=case, actor=world["judge"], reason="案情复杂", months=3, approver_level="upper_court")
    assert exc.value.code == "trial_period.extension_wrong_approver"
    assert "应报请本院院长批准（《民事诉讼法》第一百五十二条），不能报请上一级人民法院" in str(exc.value.message)
    with pytest.raises(IllegalSequence) as exc:
        extension_request(case=case, actor=world["judge"], reason="案情复杂", months=9)  # past the president's share
    assert exc.value.code == "trial_period.extension_beyond_approver" and "上一级人民法院" in str(exc.value.message)
    assert _writes(case) == before


def test_after_the_presidents_six_months_the_higher_courts_president_decides(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world)
    with time_machine.travel(NOW, tick=False):
        first = extension_request(case=case, actor=world["judge"], reason="鉴定", months=6)
        approval_approve(request=first, actor=world["president"])
    with time_machine.travel(datetime(2026, 2, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        second = extension_request(case=case, actor=world["judge"], reason="仍需鉴定", months=3)
        assert second.approver_court == world["inter"] and second.approver_label == "苏州市中级人民法院院长"
        assert second.detail["level"] == "upper_court"
        assert approval_queue_count(user=world["president"]) == 0
        with pytest.raises(Forbidden, match="苏州市中级人民法院院长"):
            approval_approve(request=second, actor=world["president"])  # the own court's president no longer may
        approval_approve(request=second, actor=world["upper_president"])
        assert Case.objects.get(pk=case.pk).trial_due_on == date(2026, 6, 3)


@time_machine.travel(NOW, tick=False)
def test_no_higher_court_in_the_system_means_no_online_request(world) -> None:  # type: ignore[no-untyped-def]
    lone = CourtFactory(code="苏0599")
    division = DivisionFactory(court=lone)
    judge = user_with_role(Role.JUDGE, lone, division)
    case = make_case(court=lone, division=division, judge=judge, filed_on=date(2025, 3, 3))
    with pytest.raises(ApprovalError, match="尚无可审批的院长账户") as exc:
        extension_request(case=case, actor=judge, reason="鉴定", months=1)
    assert exc.value.code == "approval.no_approver" and "《民事诉讼法》第一百五十二条" in str(exc.value.message)


@time_machine.travel(NOW, tick=False)
def test_refusal_needs_a_reason_and_leaves_the_clock_alone(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world)
    request = extension_request(case=case, actor=world["judge"], reason="鉴定", months=2)
    with pytest.raises(CaseInputError, match="须说明理由"):
        approval_refuse(request=request, actor=world["president"], note=" ")
    refused = approval_refuse(request=request, actor=world["president"], note="理由不充分，请先组织质证")
    assert refused.state == "refused" and refused.decision_note == "理由不充分，请先组织质证"
    assert Case.objects.get(pk=case.pk).trial_due_on == date(2025, 9, 3)
    event = CaseEvent.objects.get(case=case, type="period.extension_refused")
    assert "本院院长王志明不予批准延长审限2个月：理由不充分" in event.summary
    assert AuditLog.objects.filter(action="case.period.extension_refuse", target_id=str(case.pk)).count() == 1
    with pytest.raises(ApprovalError, match="不予批准，不能再处理") as exc:
        approval_approve(request=refused, actor=world["president"])
    assert exc.value.code == "approval.already_decided"


@time_machine.travel(NOW, tick=False)
def test_one_pending_request_at_a_time_and_only_the_requester_withdraws(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world)
    assistant = user_with_role(Role.JUDGE_ASSISTANT, world["court"], world["civil"])
    Case.objects.filter(pk=case.pk).update(assistant=assistant)
    request = extension_request(case=case, actor=world["judge"], reason="鉴定", months=1)
    with pytest.raises(ApprovalPending, match="已有待本院院长审批的延长审限申请"):
        extension_request(case=case, actor=assistant, reason="鉴定", months=2)
    with pytest.raises(Forbidden, match="申请人本人"):
        approval_withdraw(request=request, actor=assistant)
    withdrawn = approval_withdraw(request=request, actor=world["judge"])
    assert withdrawn.state == "withdrawn"
    assert CaseEvent.objects.filter(case=case, type="period.extension_withdrawn").count() == 1
    assert AuditLog.objects.filter(action="case.period.extension_withdraw", target_id=str(case.pk)).count() == 1
    assert extension_request(case=case, actor=assistant, reason="鉴定", months=2).state == "pending"


def test_an_approval_after_expiry_is_refused_with_the_article(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world)
    with time_machine.travel(datetime(2025, 8, 20, 10, 0, tzinfo=SHANGHAI), tick=False):
        request = extension_request(case=case, actor=world["judge"], reason="鉴定", months=1)
    with time_machine.travel(datetime(2025, 9, 5, 10, 0, tzinfo=SHANGHAI), tick=False):
        before = _writes(case)
        with pytest.raises(IllegalSequence, match="延长申请应在届满前提出") as exc:
            approval_approve(request=request, actor=world["president"])
        assert exc.value.code == "trial_period.extension_after_expiry"
        assert _writes(case) == before and ApprovalRequest.objects.get(pk=request.pk).state == "pending"


@time_machine.travel(NOW, tick=False)
def test_nobody_decides_for_the_approver(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world)
    request = extension_request(case=case, actor=world["judge"], reason="鉴定", months=1)
    for other in (world["judge"], world["head"], world["tm"], world["upper_president"]):
        with pytest.raises(Forbidden):
            approval_approve(request=request, actor=other)
    with pytest.raises(Forbidden, match="审批人本人"):
        approval_approve(request=request, actor=SYSTEM)
    with pytest.raises(Forbidden):
        extension_request(case=case, actor=world["judge2"], reason="x", months=1)  # not on the case


# ---------------------------------------------------------------- designated assignment / change of judge


def test_a_designated_assignment_waits_for_the_division_head(world) -> None:  # type: ignore[no-untyped-def]
    case = make_case(court=world["court"], division=world["civil"])
    request = assignment_request(case=case, actor=world["officer"], judge=world["judge2"], reason="系列案件集中审理")
    assert request.kind == "designated" and request.approver_label == "民事审判第一庭庭长"
    assert request.approver_division == world["civil"] and request.approver_role == Role.DIVISION_HEAD
    assert Case.objects.get(pk=case.pk).judge_id is None
    assert CaseEvent.objects.filter(case=case, type="case.assignment_requested").count() == 1
    assert AuditLog.objects.filter(action="case.assign.request", target_id=str(case.pk)).count() == 1
    assert approval_queue_count(user=world["head"]) == 1
    assert approval_queue_count(user=world["other_head"]) == 0  # another division's head
    assert approval_queue_count(user=world["president"]) == 0  # the rules named the division head
    with pytest.raises(Forbidden, match="民事审判第一庭庭长"):
        approval_approve(request=request, actor=world["other_head"])
    approved = approval_approve(request=request, actor=world["head"])
    case.refresh_from_db()
    assert case.judge == world["judge2"] and case.state == "in_trial"
    assert approved.draw.approved_by == world["head"] and approved.draw.decided_by == world["officer"]
    event = CaseEvent.objects.get(case=case, type="case.assigned")
    assert "经民事审判第一庭庭长郑海燕批准" in event.summary and event.actor == world["head"]
    assert AuditLog.objects.filter(action="case.assign.designated", target_id=str(case.pk)).count() == 1


def test_the_division_head_never_approves_her_own_request(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world)
    request = assignment_request(case=case, actor=world["head"], judge=world["judge2"], reason="原承办法官回避")
    assert request.kind == "reassignment" and request.approver_label == "本院院长"
    assert request.approver_division is None and "承办部门没有可审批的庭长" in request.detail["explanation"]
    assert approval_queue_count(user=world["head"]) == 0
    with pytest.raises(Forbidden):
        approval_approve(request=request, actor=world["head"])
    approval_approve(request=request, actor=world["president"])
    assert Case.objects.get(pk=case.pk).judge == world["judge2"]


def test_a_refused_assignment_changes_no_judge(world) -> None:  # type: ignore[no-untyped-def]
    case = _case(world)
    request = assignment_request(case=case, actor=world["officer"], judge=world["judge2"], reason="调整")
    approval_refuse(request=request, actor=world["head"], note="不符合变更承办人的情形")
    assert Case.objects.get(pk=case.pk).judge == world["judge"]
    assert CaseEvent.objects.filter(case=case, type="case.assignment_refused").count() == 1
    assert AuditLog.objects.filter(action="case.assign.refuse", target_id=str(case.pk)).count() == 1
    with pytest.raises(CaseInputError, match="相同"):
        assignment_request(case=case, actor=world["officer"], judge=world["judge"], reason="x")


def test_an_assignment_request_that_the_case_outgrew_is_not_approved(world) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.cases.services import case_assign_random

    case = make_case(court=world["court"], division=world["civil"])
    request = assignment_request(case=case, actor=world["officer"], judge=world["judge2"], reason="专业")
    case_assign_random(case=case, actor=world["officer"], seed="s")  # assigned meanwhile
    with pytest.raises(ApprovalError, match="已在申请后变动"):
        approval_approve(request=request, actor=world["head"])

"""legaltime's writes of a case's clock, alone and through the case services that call them: the rows the clock
reads, the refusals that write nothing, and the one list of deduction kinds used by model, form and page."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from smartcourt.cases import services as case_services
from smartcourt.cases.forms import DeductionStartForm
from smartcourt.cases.models import Case, CaseEvent
from smartcourt.cases.selectors import case_clock, case_trial_period
from smartcourt.cases.services_approvals import extension_request
from smartcourt.cases.tests.factories import extend_trial_period, make_case
from smartcourt.core.errors import NotFound
from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role
from smartcourt.legaltime import services
from smartcourt.legaltime.models import KIND_CHOICES, TrialPeriodAdjustment
from smartcourt.legaltime.rules.deductions import RECORDED_KINDS, DeductionKind
from smartcourt.legaltime.rules.trial_period import IllegalSequence
from smartcourt.legaltime.selectors import (
    deduction_options,
    trial_period_adjustment_get,
    trial_period_deduction_running,
    trial_period_status,
)

pytestmark = pytest.mark.django_db
SHANGHAI = timezone.get_default_timezone()


@pytest.fixture
def court():  # type: ignore[no-untyped-def]
    return CourtFactory(code="苏0508")


@pytest.fixture
def division(court):  # type: ignore[no-untyped-def]
    return DivisionFactory(court=court)


def _writes(case: Case) -> tuple[int, int, int]:
    return (
        TrialPeriodAdjustment.objects.filter(case=case).count(),
        CaseEvent.objects.filter(case=case).count(),
        AuditLog.objects.filter(target_id=str(case.pk)).count(),
    )


def test_recorded_deductions_extensions_and_changes_drive_the_clock(court, division) -> None:  # type: ignore[no-untyped-def]
    judge = user_with_role(Role.JUDGE, court, division)
    president = user_with_role(Role.PRESIDENT, court)
    case = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 3, 3), procedure="simple")
    subject = case_clock(case=case)
    assert trial_period_status(subject=subject, today=date(2025, 4, 1)).due == date(2025, 6, 3)  # 3 months
    audit = services.trial_period_deduction_start(subject=subject, kind="audit", started_on=date(2025, 3, 10))
    assert trial_period_deduction_running(case_id=case.pk, kind="audit") == audit
    services.trial_period_deduction_end(case_id=case.pk, adjustment_id=audit.pk, ended_on=date(2025, 3, 19))
    services.trial_period_extension_record(
        subject=subject, on=date(2025, 4, 1), months=1, days=0, approved_by=president, reason="鉴定未完成"
    )
    services.trial_period_procedure_change_record(subject=subject, procedure="ordinary", on=date(2025, 4, 20))
    status = trial_period_status(subject=subject, today=date(2025, 4, 21))
    # Ordinary from the filing day: 2025-09-03; the simple-procedure extension lapsed; 10 days of audit → 09-13.
    assert status.rule.code == "civil.ordinary.trial" and status.due == date(2025, 9, 13)
    assert any(
        "审计、评估、资产清理期间（《最高人民法院关于严格执行案件审理期限制度的若干规定》第九条第（八）项）" in line
        for line in status.explanation
    )


@pytest.mark.parametrize(
    ("kind", "started_on", "message"),
    [
        ("holiday", date(2025, 4, 1), "未知的扣除审限事由"),
        ("suspension", date(2025, 4, 1), "未知的扣除审限事由"),  # suspension goes through the case's state
        ("jurisdiction", date(2025, 4, 1), "未知的扣除审限事由"),  # the old code: migrated, no longer accepted
        ("appraisal", date(2025, 3, 1), "不能早于立案日期"),
    ],
)
def test_a_refused_deduction_writes_nothing(court, division, kind: str, started_on: date, message: str) -> None:  # type: ignore[no-untyped-def]
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 3, 3))
    before = _writes(case)
    with pytest.raises(services.TrialPeriodInputError, match=message):
        case_services.case_deduction_start(case=case, kind=kind, actor=judge, started_on=started_on)
    assert _writes(case) == before


def test_a_second_running_deduction_of_one_kind_is_refused(court, division) -> None:  # type: ignore[no-untyped-def]
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 3, 3))
    case_services.case_deduction_start(
        case=case, kind="jurisdiction_objection", actor=judge, started_on=date(2025, 4, 1)
    )
    event = CaseEvent.objects.get(case=case, type="period.deduction_started")
    assert event.summary == "管辖异议及管辖争议处理期间开始（2025-04-01），不计入审限（《民诉法解释》第二百四十三条）"
    before = _writes(case)
    with pytest.raises(services.TrialPeriodInputError, match="已有进行中的管辖异议及管辖争议处理期间"):
        case_services.case_deduction_start(
            case=case, kind="jurisdiction_objection", actor=judge, started_on=date(2025, 4, 2)
        )
    assert _writes(case) == before


def test_ending_another_cases_deduction_is_refused_not_a_server_error(court, division) -> None:  # type: ignore[no-untyped-def]
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 3, 3))
    other = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 3, 3))
    running = case_services.case_deduction_start(case=other, kind="appraisal", actor=judge, started_on=date(2025, 4, 1))
    with pytest.raises(services.TrialPeriodInputError, match="不存在或已结束"):
        case_services.case_deduction_end(case=case, adjustment=running, actor=judge, ended_on=date(2025, 4, 5))
    with pytest.raises(NotFound):
        trial_period_adjustment_get(case_id=case.pk, adjustment_id=running.pk)
    assert TrialPeriodAdjustment.objects.get(pk=running.pk).ended_on is None


@time_machine.travel(datetime(2025, 3, 20, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_an_extension_beyond_the_statutory_ceiling_is_refused_on_a_case(court, division) -> None:  # type: ignore[no-untyped-def]
    # Simple procedure filed 2025-01-10: 3 months + 1 = 2025-05-10, the four-month ceiling (民诉法解释 Art. 258(1)).
    judge = user_with_role(Role.JUDGE, court, division)
    president = user_with_role(Role.PRESIDENT, court)
    case = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 1, 10), procedure="simple")
    extend_trial_period(case=case, requester=judge, approver=president, reason="需要鉴定", months=1)
    case.refresh_from_db()
    assert case.trial_due_on == date(2025, 5, 10)
    before = _writes(case)
    with pytest.raises(IllegalSequence) as exc:
        extension_request(case=case, actor=judge, reason="再延", days=1)
    assert exc.value.code == "trial_period.extension_beyond_limit"
    assert "《民诉法解释》第二百五十八条第一款" in str(exc.value.message)
    assert _writes(case) == before
    case.refresh_from_db()
    assert case.trial_due_on == date(2025, 5, 10)


def test_an_administrative_simple_case_cannot_be_extended(court, division) -> None:  # type: ignore[no-untyped-def]
    judge = user_with_role(Role.JUDGE, court, division)
    user_with_role(Role.PRESIDENT, court)  # a president exists: the refusal is the rule's, not a missing approver
    case = make_case(court=court, division=division, judge=judge, type_code="行初", procedure="simple")
    with pytest.raises(IllegalSequence, match="《行政诉讼法》第八十三条"):
        extension_request(case=case, actor=judge, reason="复杂", days=10)


def test_suspension_and_resumption_are_recorded_by_legaltime(court, division) -> None:  # type: ignore[no-untyped-def]
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 3, 3))
    case_services.case_transition(case=case, target="suspended", actor=judge, on=date(2025, 4, 1), note="等待另案")
    suspended = Case.objects.get(pk=case.pk)
    row = TrialPeriodAdjustment.objects.get(case=case)
    assert row.deduction == DeductionKind.SUSPENSION and row.ended_on is None and row.reason == "等待另案"
    period = case_trial_period(case=suspended, today=date(2025, 4, 10))
    assert period is not None and period.paused  # a suspended case keeps its clock, paused
    case_services.case_transition(case=case, target="in_trial", actor=judge, on=date(2025, 4, 30))
    assert TrialPeriodAdjustment.objects.get(case=case).ended_on == date(2025, 4, 30)
    closed = case_services.case_transition(case=case, target="closed", actor=judge, closing_method="judgment")
    assert case_trial_period(case=closed) is None and Case.objects.get(pk=case.pk).trial_due_on is None


def test_one_list_of_deduction_kinds_for_model_form_and_page(client, court, division) -> None:  # type: ignore[no-untyped-def]
    assert [code for code, _label in KIND_CHOICES] == [
        *(k.value for k in DeductionKind),
        "extension",
        "procedure_change",
    ]
    assert dict(KIND_CHOICES)["appraisal"] == DeductionKind.APPRAISAL.label
    form = DeductionStartForm(case_kind="civil", procedure="ordinary")
    assert [code for code, _label in form.fields["kind"].choices] == [k.value for k in RECORDED_KINDS]
    admin = {o.code: str(o.citation) for o in deduction_options(case_kind="administrative", procedure="ordinary")}
    assert admin["appraisal"] == "《行政诉讼法解释》第五十条"
    assert deduction_options(case_kind="civil", procedure="payment_order") == []  # no statutory trial period
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge, type_code="行初")
    login_verified(client, judge)
    page = client.get(f"/cases/{case.pk}/?tab=actions").content.decode()
    assert (
        'value="jurisdiction_objection"' in page and "管辖异议及管辖争议处理期间（《行政诉讼法解释》第五十条）" in page
    )

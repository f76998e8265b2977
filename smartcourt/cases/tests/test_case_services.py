"""Case core services: registration, persons, transitions, assignment (replay), tags, the trial-period clock."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from smartcourt.cases import services
from smartcourt.cases.models import AssignmentDraw, Case, CaseEvent, Person, SupervisionTag
from smartcourt.cases.rules.identity import make_resident_id
from smartcourt.cases.rules.transitions import IllegalTransition
from smartcourt.cases.selectors import case_trial_period, person_cases
from smartcourt.cases.selectors_approvals import assignment_replay
from smartcourt.cases.services import CaseInputError, PartyIn
from smartcourt.cases.services_approvals import approval_approve, assignment_request, extension_request
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import Forbidden
from smartcourt.core.models import AuditLog, Notification
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role

pytestmark = pytest.mark.django_db
SHANGHAI = timezone.get_default_timezone()
VALID_ID = "11010519491231002X"  # the GB 11643 standard's own example


@pytest.fixture
def court():
    return CourtFactory(code="苏0508", name="苏州市姑苏区人民法院")


@pytest.fixture
def division(court):
    return DivisionFactory(court=court, name="民事审判第一庭")


def test_register_writes_case_parties_event_and_audit(court, division):
    case = services.case_register(
        court=court,
        division=division,
        type_code="民初",
        actor=SYSTEM,
        claim_amount=Decimal("50000.00"),
        filed_on=date(2025, 3, 3),
        parties=[
            PartyIn(role="plaintiff", kind="natural", name="张三", id_number=VALID_ID),
            PartyIn(role="defendant", kind="legal", name="苏州某某贸易有限公司"),
        ],
    )
    assert case.number == "（2025）苏0508民初1号"
    assert case.title == "张三诉苏州某某贸易有限公司"
    assert case.parties.count() == 2
    assert CaseEvent.objects.filter(case=case, type="case.registered").count() == 1
    assert AuditLog.objects.filter(action="case.register", target_id=str(case.pk)).count() == 1
    # 民事诉讼法 Art. 152: six months from the day after filing, not moved off a weekend
    assert case.trial_due_on == date(2025, 9, 3)


@pytest.mark.parametrize(
    ("party", "fragment"),
    [
        (PartyIn(role="plaintiff", kind="natural", name="张三", id_number="110105194912310021"), "校验码"),
        (PartyIn(role="plaintiff", kind="natural", name="张三", id_number="1101051949"), "18 位"),
        (PartyIn(role="plaintiff", kind="legal", name="某公司", credit_code="91320500MA1XXXXXX0"), "统一社会信用代码"),
        (PartyIn(role="plaintiff", kind="natural", name=""), "不能为空"),
    ],
)
def test_bad_identity_is_refused_and_nothing_is_written(court, party, fragment):
    with pytest.raises(CaseInputError) as info:
        services.case_register(
            court=court,
            type_code="民初",
            actor=SYSTEM,
            parties=[party, PartyIn(role="defendant", kind="natural", name="李四")],
        )
    assert fragment in str(info.value)
    assert Case.objects.count() == 0 and Person.objects.count() == 0


def test_a_complaint_without_defendant_is_refused(court):
    with pytest.raises(CaseInputError, match="缺少被告"):
        services.case_register(
            court=court,
            type_code="民初",
            actor=SYSTEM,
            parties=[PartyIn(role="plaintiff", kind="natural", name="张三")],
        )


def test_one_person_across_cases_is_one_record(court):
    party = PartyIn(role="plaintiff", kind="natural", name="张三", id_number=VALID_ID)
    a = services.case_register(
        court=court,
        type_code="民初",
        actor=SYSTEM,
        parties=[party, PartyIn(role="defendant", kind="natural", name="李四")],
    )
    b = services.case_register(
        court=court,
        type_code="民初",
        actor=SYSTEM,
        parties=[party, PartyIn(role="defendant", kind="natural", name="王五")],
    )
    person = Person.objects.get(id_number=VALID_ID)
    assert set(person_cases(person=person)) == {a, b}
    assert person.gender == "女" and person.birth_date == date(1949, 12, 31)


def test_a_different_name_for_a_known_id_is_refused(court):
    make_case(court=court, plaintiff="张三")
    services.case_register(
        court=court,
        type_code="民初",
        actor=SYSTEM,
        parties=[
            PartyIn(role="plaintiff", kind="natural", name="张三", id_number=VALID_ID),
            PartyIn(role="defendant", kind="natural", name="李四"),
        ],
    )
    with pytest.raises(CaseInputError, match="不一致"):
        services.case_register(
            court=court,
            type_code="民初",
            actor=SYSTEM,
            parties=[
                PartyIn(role="plaintiff", kind="natural", name="张叁", id_number=VALID_ID),
                PartyIn(role="defendant", kind="natural", name="李四"),
            ],
        )


def test_minor_flag_comes_from_the_id_number(court):
    import random

    minor_id = make_resident_id(random.Random(1), birth_date=date(2012, 5, 1), gender="M")
    case = services.case_register(
        court=court,
        type_code="民初",
        actor=SYSTEM,
        filed_on=date(2025, 1, 10),
        parties=[
            PartyIn(role="plaintiff", kind="natural", name="小明", id_number=minor_id),
            PartyIn(role="defendant", kind="natural", name="李四"),
        ],
    )
    assert case.parties.get(role="plaintiff").person.is_minor


def test_illegal_transition_is_refused_with_what_is_allowed(court):
    case = make_case(court=court)
    with pytest.raises(IllegalTransition) as info:
        services.case_transition(case=case, target="archived", actor=SYSTEM)
    assert "已立案" in str(info.value) and "可进行的变更" in str(info.value)
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_closing_needs_a_method_and_records_it(court):
    case = make_case(court=court)
    services.case_transition(case=case, target="in_trial", actor=SYSTEM)
    with pytest.raises(CaseInputError, match="结案方式"):
        services.case_transition(case=case, target="closed", actor=SYSTEM)
    case = services.case_transition(
        case=case, target="closed", actor=SYSTEM, closing_method="mediation", on=date(2025, 6, 1)
    )
    assert case.closing_method == "mediation" and case.closed_on == date(2025, 6, 1)
    assert case.trial_due_on is None
    event = CaseEvent.objects.filter(case=case, type="case.closed").get()
    assert event.payload == {"old": {"state": "in_trial"}, "new": {"state": "closed", "closing_method": "mediation"}}


def test_a_judge_of_the_court_cannot_change_a_case_that_is_not_theirs(court, division):
    case = make_case(court=court, division=division)
    other_judge = user_with_role(Role.JUDGE, court, division)
    with pytest.raises(Forbidden):
        services.case_transition(case=case, target="in_trial", actor=other_judge)


def test_random_assignment_records_an_explainable_replayable_draw(court, division):
    judges = [user_with_role(Role.JUDGE, court, division, full_name=n) for n in ("甲法官", "乙法官", "丙法官")]
    make_case(court=court, division=division, judge=judges[0])
    make_case(court=court, division=division, judge=judges[0])
    officer = user_with_role(Role.FILING_OFFICER, court)
    case = make_case(court=court, division=division)
    draw = services.case_assign_random(case=case, actor=officer, seed="fixed-seed-for-test")
    assert {c["judge_id"] for c in draw.candidates} == {j.pk for j in judges}
    loads = {c["judge_id"]: Decimal(c["load"]) for c in draw.candidates}
    weights = {c["judge_id"]: Decimal(c["weight"]) for c in draw.candidates}
    assert loads[judges[0].pk] == 2 and weights[judges[0].pk] < weights[judges[1].pk]  # busier → less likely
    assert assignment_replay(draw=draw).judge_id == draw.judge_id
    draw.refresh_from_db()
    replay = assignment_replay(draw=AssignmentDraw.objects.get(pk=draw.pk))
    assert replay.matches and replay.judge_id == draw.judge_id
    assert Notification.objects.filter(recipient=draw.judge, topic="case.assigned").exists()
    case.refresh_from_db()
    assert case.judge_id == draw.judge_id and case.state == "in_trial"


def test_designated_assignment_needs_reason_and_the_division_heads_approval(court, division):
    judge = user_with_role(Role.JUDGE, court, division)
    head = user_with_role(Role.DIVISION_HEAD, court, division)
    officer = user_with_role(Role.FILING_OFFICER, court)
    case = make_case(court=court, division=division)
    with pytest.raises(CaseInputError, match="理由"):
        assignment_request(case=case, judge=judge, actor=officer, reason=" ")
    other_court_judge = user_with_role(Role.JUDGE, CourtFactory())
    with pytest.raises(CaseInputError, match="不是本院法官"):
        assignment_request(case=case, judge=other_court_judge, actor=officer, reason="专业审判")
    request = assignment_request(case=case, judge=judge, actor=officer, reason="专业审判")
    assert Case.objects.get(pk=case.pk).judge_id is None  # nothing happens before the approval
    approved = approval_approve(request=request, actor=head)
    draw = approved.draw
    assert draw.method == "designated" and draw.approved_by == head and draw.decided_by == officer
    assert draw.reason == "专业审判" and Case.objects.get(pk=case.pk).judge_id == judge.pk


def test_supervision_tag_notifies_the_supervising_leader(court, division):
    head = user_with_role(Role.DIVISION_HEAD, court, division)
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge)
    tag = services.case_tag_supervision(case=case, kind="mass_dispute", reason="涉及二百余名购房人", actor=judge)
    assert tag.supervisor == head
    assert Notification.objects.filter(recipient=head, topic="case.supervision").count() == 1
    with pytest.raises(CaseInputError, match="已有该类标记"):
        services.case_tag_supervision(case=case, kind="mass_dispute", reason="重复", actor=judge)
    assert SupervisionTag.objects.filter(case=case).count() == 1


@time_machine.travel(datetime(2025, 9, 1, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_trial_period_counts_deductions_and_extensions(court, division):
    president = user_with_role(Role.PRESIDENT, court)
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 3, 3))
    case = Case.objects.get(pk=case.pk)
    assert case_trial_period(case=case).due == date(2025, 9, 3)
    adjustment = services.case_deduction_start(
        case=case, kind="appraisal", actor=judge, started_on=date(2025, 5, 1), reason="委托工程造价鉴定"
    )
    services.case_deduction_end(case=case, adjustment=adjustment, actor=judge, ended_on=date(2025, 5, 30))
    case.refresh_from_db()
    # 30 days of appraisal (05-01…05-30, both counted) are not counted: 09-03 + 30 days = 10-03
    assert case.trial_due_on == date(2025, 10, 3)
    period = case_trial_period(case=case)
    assert any("鉴定" in line for line in period.explanation)
    request = extension_request(case=case, actor=judge, reason="案情复杂", months=6)
    with pytest.raises(Forbidden, match="本院院长"):
        approval_approve(request=request, actor=judge)  # the requester never approves
    approval_approve(request=request, actor=president)
    case.refresh_from_db()
    assert case.trial_due_on > date(2026, 3, 1)


@time_machine.travel(datetime(2025, 4, 1, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_simple_to_ordinary_keeps_counting_from_filing(court, division):
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 3, 3), procedure="simple")
    assert Case.objects.get(pk=case.pk).trial_due_on == date(2025, 6, 3)
    services.case_procedure_change(case=case, procedure="ordinary", actor=judge, reason="案情复杂")
    case.refresh_from_db()
    assert case.procedure == "ordinary" and case.trial_due_on == date(2025, 9, 3)  # 民诉法解释 Art. 258


def test_suspension_stops_the_clock_and_resumption_restarts_it(court, division):
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge, filed_on=date(2025, 3, 3))
    services.case_transition(case=case, target="suspended", actor=judge, on=date(2025, 4, 1), note="等待另案")
    services.case_transition(case=case, target="in_trial", actor=judge, on=date(2025, 4, 30))
    case.refresh_from_db()
    assert case.trial_due_on == date(2025, 10, 3)  # 04-01…04-30: 30 days not counted


def test_supervision_tags_can_be_set_at_filing(court, division):
    head = user_with_role(Role.DIVISION_HEAD, court, division)
    officer = user_with_role(Role.FILING_OFFICER, court)
    case = services.case_register(
        court=court,
        division=division,
        type_code="民初",
        actor=officer,
        parties=[
            PartyIn(role="plaintiff", kind="natural", name="张三"),
            PartyIn(role="defendant", kind="legal", name="某房地产开发有限公司"),
        ],
        tags=[("mass_dispute", "同一楼盘三百余户业主起诉")],
    )
    tag = SupervisionTag.objects.get(case=case)
    assert tag.supervisor == head and tag.tagged_by == officer
    assert list(CaseEvent.objects.filter(case=case).values_list("type", flat=True)) == [
        "case.registered",
        "case.supervision_tagged",
    ]

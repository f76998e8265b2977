"""The system actor is explicit (services refuse None) and every access decision is the permission table's: the
checks that used to test role names, `is_superuser` or `actor is None` in views and services now ask the table."""

from __future__ import annotations

import copy
import pickle

import pytest
from django.contrib.auth.models import AnonymousUser

from smartcourt.cases import services as case_services
from smartcourt.cases.models import Case, CaseEvent
from smartcourt.cases.selectors import case_approvers, case_visible_to
from smartcourt.cases.services_approvals import ApprovalError, approval_approve, assignment_request, extension_request
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM, MissingActor
from smartcourt.core.errors import Forbidden
from smartcourt.core.models import AuditLog
from smartcourt.core.services import audit_record
from smartcourt.courts.permissions import Action, Resource, allows, permits, visible_q
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.selectors import calendar_change_allowed, system_actor
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, UserFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    high = CourtFactory(level=CourtLevel.INTERMEDIATE, code="苏05")
    court = CourtFactory(parent=high, code="苏0508")
    other = CourtFactory(code="苏0583")
    division = DivisionFactory(court=court)
    judge = user_with_role(Role.JUDGE, court, division)
    case = make_case(court=court, division=division, judge=judge)
    return {"high": high, "court": court, "other": other, "division": division, "judge": judge, "case": case}


# ---------------------------------------------------------------- the system actor


def test_system_actor_is_one_importable_object() -> None:
    assert system_actor() is SYSTEM
    assert copy.deepcopy(SYSTEM) is SYSTEM and pickle.loads(pickle.dumps(SYSTEM)) is SYSTEM
    assert str(SYSTEM) == "系统" and not SYSTEM.is_authenticated


def test_services_refuse_none_and_write_nothing(world) -> None:
    case = world["case"]
    events, audits = CaseEvent.objects.count(), AuditLog.objects.count()
    with pytest.raises(MissingActor):
        case_services.case_transition(case=case, target="suspended", actor=None)  # type: ignore[arg-type]
    with pytest.raises(MissingActor):
        audit_record(actor=None, action="anything")  # type: ignore[arg-type]
    with pytest.raises(MissingActor):
        case_services.case_register(
            court=world["court"],
            type_code="民初",
            parties=[
                case_services.PartyIn(role="plaintiff", kind="natural", name="甲"),
                case_services.PartyIn(role="defendant", kind="natural", name="乙"),
            ],
            actor=None,  # type: ignore[arg-type]
        )
    case.refresh_from_db()
    assert case.state == "in_trial"
    assert (CaseEvent.objects.count(), AuditLog.objects.count()) == (events, audits)


def test_system_work_is_recorded_as_the_system(client, world) -> None:
    case = case_services.case_transition(case=world["case"], target="suspended", actor=SYSTEM, note="等待另案")
    event = CaseEvent.objects.get(case=case, type="case.suspended")
    audit = AuditLog.objects.get(action="case.transition.suspended", target_id=str(case.pk))
    assert event.actor is None and audit.actor is None and audit.extra["actor"] == "system"
    login_verified(client, world["judge"])
    timeline = client.get(f"/cases/{case.pk}/", {"tab": "timeline"}).content.decode()
    assert "· 系统" in timeline


def test_the_table_lets_the_system_do_everything_and_no_person_by_accident(world) -> None:
    case = world["case"]
    assert set(Case.objects.filter(visible_q(user=SYSTEM, resource=Resource.CASE, action=Action.CHANGE))) == {case}
    assert allows(user=SYSTEM, resource=Resource.CASE, action=Action.ASSIGN, obj=case)
    nobody = UserFactory(is_superuser=True, is_staff=True)  # Django's flag grants nothing in the table
    assert not case_visible_to(user=nobody).exists()
    assert not allows(user=nobody, resource=Resource.CASE, action=Action.VIEW, obj=case)
    assert not permits(user=AnonymousUser(), resource=Resource.JOBS, action=Action.VIEW)
    assert not permits(user=None, resource=Resource.JOBS, action=Action.VIEW)


# ---------------------------------------------------------------- approvals (were role-name checks)


def test_designated_assignment_approver_is_who_the_table_names(world) -> None:
    court, case = world["court"], world["case"]
    Case.objects.filter(pk=case.pk).update(judge=None, state="registered")
    case.refresh_from_db()
    officer = user_with_role(Role.FILING_OFFICER, court)
    head = user_with_role(Role.DIVISION_HEAD, court, world["division"])
    elsewhere = user_with_role(Role.PRESIDENT, world["other"])
    judge = user_with_role(Role.JUDGE, court, world["division"])
    assert {u.pk for u in case_approvers(case=case, resource=Resource.ASSIGNMENT)} == {head.pk}
    request = assignment_request(case=case, judge=judge, actor=officer, reason="专业")
    with pytest.raises(Forbidden, match="庭长"):
        approval_approve(request=request, actor=elsewhere)
    assert approval_approve(request=request, actor=head).draw.approved_by == head


def test_extension_approver_is_a_president_of_the_court_or_above(world) -> None:
    case = world["case"]
    head = user_with_role(Role.DIVISION_HEAD, world["court"], world["division"])
    upper = user_with_role(Role.PRESIDENT, world["high"])
    beside = user_with_role(Role.PRESIDENT, world["other"])
    assert {u.pk for u in case_approvers(case=case, resource=Resource.TRIAL_PERIOD)} == {upper.pk}
    # The first extension is the case's own court president's (民诉法 Art. 152): this court has none yet.
    with pytest.raises(ApprovalError, match="尚无可审批的院长"):
        extension_request(case=case, actor=world["judge"], reason="案情复杂", months=1)
    own = user_with_role(Role.PRESIDENT, world["court"])
    request = extension_request(case=case, actor=world["judge"], reason="案情复杂", months=1)
    for approver in (head, beside, upper):  # the higher court's president is not this request's approver
        with pytest.raises(Forbidden, match="本院院长"):
            approval_approve(request=request, actor=approver)
    approval_approve(request=request, actor=own)


# ---------------------------------------------------------------- pages and services that tested role names


def test_identity_review_is_for_whom_the_table_allows(client, world) -> None:
    from smartcourt.core.errors import Forbidden
    from smartcourt.portal.models import LitigantAccount
    from smartcourt.portal.services import identity_review

    party = user_with_role(Role.PARTY, world["court"])
    account = LitigantAccount.objects.create(
        user=party, kind="party", id_number="320508198806150024", state="pending", court=world["court"]
    )
    superuser = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(Forbidden):
        identity_review(account=account, actor=superuser, approve=True)
    login_verified(client, superuser)
    assert client.get("/portal/verifications/").status_code == 403
    elsewhere = user_with_role(Role.FILING_OFFICER, world["other"])  # another court's filing officer: not theirs
    login_verified(client, elsewhere)
    assert client.get("/portal/verifications/").status_code == 200  # their own court's (empty) queue
    with pytest.raises(Forbidden):
        identity_review(account=account, actor=elsewhere, approve=True)
    officer = user_with_role(Role.FILING_OFFICER, world["court"])  # the court the applicant registered with
    assert identity_review(account=account, actor=officer, approve=True).state == "verified"


def test_ledger_findings_jobs_and_the_outbox_follow_the_table(client, world) -> None:
    manager = user_with_role(Role.TRIAL_MANAGEMENT, world["court"])
    admin = user_with_role(Role.SYSTEM_ADMIN, world["court"])
    clerk = user_with_role(Role.CLERK, world["court"])
    superuser = UserFactory(is_superuser=True, is_staff=True)  # no grant: the flag opens none of these
    login_verified(client, manager)
    assert client.get("/ledger/findings/").status_code == 200
    assert client.get("/jobs/failed/").status_code == 403
    assert client.get("/courts/outbox/").status_code == 403
    login_verified(client, admin)
    assert client.get("/ledger/findings/").status_code == 200
    assert client.get("/jobs/failed/").status_code == 200
    assert client.get("/courts/outbox/").status_code == 200
    login_verified(client, clerk)
    assert client.get("/courts/outbox/").status_code == 200
    assert client.get("/jobs/failed/").status_code == 403
    login_verified(client, superuser)
    for url in ("/ledger/findings/", "/jobs/failed/", "/courts/outbox/"):
        assert client.get(url).status_code == 403, url
    assert permits(user=admin, resource=Resource.LEDGER_AUDIT, action=Action.CHANGE)
    assert not permits(user=manager, resource=Resource.LEDGER_AUDIT, action=Action.CHANGE)


def test_the_calendar_is_changed_by_a_grant_not_by_the_superuser_flag(world) -> None:
    assert not calendar_change_allowed(user=UserFactory(is_superuser=True))
    assert calendar_change_allowed(user=user_with_role(Role.TRIAL_MANAGEMENT, world["court"]))
    assert not calendar_change_allowed(user=world["judge"])


def test_the_service_centre_is_for_the_staff_side_of_service(client, world) -> None:
    from smartcourt.service.selectors import service_is_staff

    lawyer = user_with_role(Role.LAWYER, world["court"])
    assert service_is_staff(user=world["judge"]) and not service_is_staff(user=lawyer)
    login_verified(client, world["judge"])
    assert client.get("/service/").status_code == 200
    client.force_login(lawyer)
    assert client.get("/service/").status_code == 403

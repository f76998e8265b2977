"""The case's team (审判团队): the judge in charge or the division head forms it on the case page; its members then
open the case, its dossier and (assistant, clerk) the scanning desk; changes are history; a judge's standing team
(固定审判团队) joins each case at assignment."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smartcourt.cases import services
from smartcourt.cases.models import Case, CaseEvent, CaseEventType, CaseTeamMember
from smartcourt.cases.rules import team as team_rules
from smartcourt.cases.selectors import case_team_at, case_team_current, case_visible_to
from smartcourt.cases.services import CaseInputError
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import Forbidden
from smartcourt.core.models import AuditLog, Notification
from smartcourt.courts.models import RoleGrant, StandingTeam
from smartcourt.courts.permissions import Action, Resource, allows
from smartcourt.courts.roles import Role
from smartcourt.courts.services import StandingTeamInputError, standing_team_set
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role
from smartcourt.dossier.selectors import dossier_cases_for_user

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def w():  # type: ignore[no-untyped-def]
    court = CourtFactory(code="苏0508", name="苏州市姑苏区人民法院")
    other_court = CourtFactory(code="苏0583", name="昆山市人民法院")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    second = DivisionFactory(court=court, name="民事审判第二庭")
    people = {
        "judge": user_with_role(Role.JUDGE, court, civil, full_name="陈建国"),
        "judge2": user_with_role(Role.JUDGE, court, civil, full_name="李明"),
        "judge3": user_with_role(Role.JUDGE, court, second, full_name="王芳"),
        "assistant": user_with_role(Role.JUDGE_ASSISTANT, court, civil, full_name="周晓雯"),
        "clerk": user_with_role(Role.CLERK, court, civil, full_name="吴佳怡"),
        "clerk2": user_with_role(Role.CLERK, court, civil, full_name="郑书记"),
        "head": user_with_role(Role.DIVISION_HEAD, court, civil, full_name="郑海燕"),
        "foreign_clerk": user_with_role(Role.CLERK, other_court, full_name="外院书记员"),
        "filing": user_with_role(Role.FILING_OFFICER, court, full_name="孙立平"),
    }
    RoleGrant.objects.create(user=people["head"], role=Role.JUDGE, court=court, division=civil)  # hears cases too
    case = make_case(court=court, division=civil, judge=people["judge"], plaintiff="刘小红", defendant="王大明")
    return {"court": court, "civil": civil, "case": case, **people}


def _scan(client, user, case) -> int:  # type: ignore[no-untyped-def]
    client.logout()
    login_verified(client, user)
    return client.get(f"/dossier/cases/{case.pk}/scan/").status_code


def _dossier(client, user, case) -> int:  # type: ignore[no-untyped-def]
    client.logout()
    login_verified(client, user)
    return client.get(f"/dossier/cases/{case.pk}/").status_code


# ---------------------------------------------------------------- forming the team


def test_a_new_case_has_no_team_and_its_clerk_and_assistant_cannot_scan(client, w) -> None:  # type: ignore[no-untyped-def]
    assert _scan(client, w["clerk"], w["case"]) == 403
    assert _scan(client, w["assistant"], w["case"]) == 403


def test_judge_forms_the_team_on_the_case_page_then_clerk_and_assistant_scan_and_read(client, w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    login_verified(client, w["judge"])
    page = client.get(f"/cases/{case.pk}/?tab=team").content.decode()
    assert 'data-testid="team-form"' in page and "人民法院组织法第四十八条" in page
    response = client.post(f"/cases/{case.pk}/team/", {"assistant": w["assistant"].pk, "clerk": w["clerk"].pk})
    assert response.status_code == 302 and response["Location"].endswith("?tab=team")
    case.refresh_from_db()
    assert (case.assistant, case.clerk) == (w["assistant"], w["clerk"])
    for member in (w["clerk"], w["assistant"]):
        assert _scan(client, member, case) == 200
        assert _dossier(client, member, case) == 200
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    # the clerk's workbench lists the case with a link to its scanning page
    client.logout()
    login_verified(client, w["clerk"])
    workbench = client.get("/").content.decode()
    assert f"/dossier/cases/{case.pk}/scan/" in workbench
    # the joining members were told
    assert Notification.objects.filter(recipient=w["clerk"], topic="case.team_joined").count() == 1


def test_a_clerk_not_on_the_team_cannot_scan(client, w) -> None:  # type: ignore[no-untyped-def]
    services.case_team_set(case=w["case"], actor=w["judge"], assistant=w["assistant"], clerk=w["clerk"])
    assert _scan(client, w["clerk2"], w["case"]) == 403  # same division: reads the file (DIVISION), files nothing
    assert _dossier(client, w["foreign_clerk"], w["case"]) == 404  # another court: the case does not exist for them


def test_forming_the_team_records_one_timeline_event_and_one_audit_row(w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    services.case_team_set(case=case, actor=w["judge"], assistant=w["assistant"], clerk=w["clerk"])
    event = CaseEvent.objects.get(case=case, type=CaseEventType.TEAM_SET)
    assert event.actor == w["judge"]
    assert "独任审理：承办法官陈建国" in event.summary and "法官助理周晓雯" in event.summary
    assert "书记员吴佳怡" in event.summary
    assert event.payload["old"]["clerk"] is None and event.payload["new"]["clerk"] == w["clerk"].pk
    assert AuditLog.objects.filter(action="case.team_set", target_id=str(case.pk)).count() == 1


def test_only_holders_of_the_role_at_the_case_court_can_be_chosen(client, w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    with pytest.raises(CaseInputError) as exc:
        services.case_team_set(case=case, actor=w["judge"], clerk=w["foreign_clerk"])
    assert "不是苏州市姑苏区人民法院的书记员" in str(exc.value.message)
    with pytest.raises(CaseInputError):  # right court, wrong role
        services.case_team_set(case=case, actor=w["judge"], clerk=w["assistant"])
    with pytest.raises(CaseInputError):  # a filing officer is no panel judge
        services.case_team_set(case=case, actor=w["judge"], panel=[w["filing"]])
    # over HTTP: the page says why, nothing is written
    login_verified(client, w["judge"])
    response = client.post(f"/cases/{case.pk}/team/", {"clerk": w["foreign_clerk"].pk}, follow=True)
    assert "不是苏州市姑苏区人民法院的书记员" in response.content.decode()
    case.refresh_from_db()
    assert case.clerk is None
    assert not CaseTeamMember.objects.filter(case=case).exists()
    assert not CaseEvent.objects.filter(case=case, type=CaseEventType.TEAM_SET).exists()


def test_only_the_judge_in_charge_or_the_division_head_forms_the_team(client, w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    for outsider in (w["judge2"], w["assistant"], w["clerk"], w["filing"]):
        with pytest.raises(Forbidden):
            services.case_team_set(case=case, actor=outsider, clerk=w["clerk"])
        assert not allows(user=outsider, resource=Resource.CASE_TEAM, action=Action.CHANGE, obj=case)
    login_verified(client, w["judge2"])
    assert 'data-testid="team-form"' not in client.get(f"/cases/{case.pk}/?tab=team").content.decode()
    response = client.post(f"/cases/{case.pk}/team/", {"clerk": w["clerk"].pk}, follow=True)
    assert "只有承办法官或本庭庭长可以组成审判团队" in response.content.decode()
    services.case_team_set(case=case, actor=w["head"], clerk=w["clerk"])  # the division head may
    case.refresh_from_db()
    assert case.clerk == w["clerk"]


def test_a_change_of_team_is_history(w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    with time_machine.travel(datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.case_team_set(case=case, actor=w["judge"], assistant=w["assistant"], clerk=w["clerk"])
    with time_machine.travel(datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.case_team_set(case=case, actor=w["judge"], assistant=w["assistant"], clerk=w["clerk2"])
    old = CaseTeamMember.objects.get(case=case, user=w["clerk"])
    assert old.ended_at == datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI) and old.ended_by == w["judge"]
    then = {m.user for m in case_team_at(case=case, when=datetime(2025, 10, 20, tzinfo=SHANGHAI))}
    now = {m.user for m in case_team_current(case=case)}
    assert w["clerk"] in then and w["clerk2"] not in then
    assert w["clerk2"] in now and w["clerk"] not in now
    assert CaseTeamMember.objects.filter(case=case, user=w["assistant"]).count() == 1  # untouched, not restarted
    last = CaseEvent.objects.filter(case=case, type=CaseEventType.TEAM_SET).last()
    assert "加入：书记员郑书记" in last.summary and "离开：书记员吴佳怡" in last.summary
    with pytest.raises(CaseInputError, match="没有变化"):
        services.case_team_set(case=case, actor=w["judge"], assistant=w["assistant"], clerk=w["clerk2"])
    # the clerk who left no longer files into the dossier
    assert not dossier_cases_for_user(user=w["clerk"], action=Action.CHANGE).filter(pk=case.pk).exists()


# ---------------------------------------------------------------- the panel (合议庭)


def test_a_panel_is_an_odd_number_of_three_or_more_judges(w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    with pytest.raises(CaseInputError, match="三人以上的单数"):
        services.case_team_set(case=case, actor=w["head"], panel=[w["judge2"]], presiding=w["judge"])
    assert team_rules.panel_problem(kind="civil", procedure="ordinary", others=3) is not None  # four judges


def test_a_civil_simple_procedure_case_has_no_panel(w) -> None:  # type: ignore[no-untyped-def]
    simple = make_case(court=w["court"], division=w["civil"], judge=w["judge"], procedure="simple")
    with pytest.raises(CaseInputError, match="第四十条第二款"):
        services.case_team_set(case=simple, actor=w["head"], panel=[w["judge2"], w["judge3"]], presiding=w["judge"])
    # a criminal case under the simple procedure may have one (刑事诉讼法 Art. 216)
    assert team_rules.panel_problem(kind="criminal", procedure="simple", others=2) is None


def test_the_presiding_judge_is_designated_by_the_division_head(w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    panel = [w["judge2"], w["judge3"]]
    with pytest.raises(CaseInputError, match="审判长"):  # a panel needs a presiding judge
        services.case_team_set(case=case, actor=w["judge"], panel=panel)
    with pytest.raises(CaseInputError, match="第四十四条"):  # the judge in charge cannot designate it alone
        services.case_team_set(case=case, actor=w["judge"], panel=panel, presiding=w["judge2"])
    with pytest.raises(CaseInputError, match="不能指定审判长"):  # nor can another judge
        services.case_team_set(
            case=case, actor=w["judge"], panel=panel, presiding=w["judge2"], designated_by=w["judge3"]
        )
    services.case_team_set(case=case, actor=w["judge"], panel=panel, presiding=w["judge2"], designated_by=w["head"])
    presiding = CaseTeamMember.objects.get(case=case, ended_at__isnull=True, presiding=True)
    assert presiding.user == w["judge2"] and presiding.designated_by == w["head"]
    assert {m.user for m in case_team_current(case=case)} == {w["judge"], w["judge2"], w["judge3"]}


def test_a_division_head_on_the_panel_presides(w) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CaseInputError, match="由院长或者庭长担任审判长"):
        services.case_team_set(case=w["case"], actor=w["head"], panel=[w["head"], w["judge2"]], presiding=w["judge"])
    services.case_team_set(case=w["case"], actor=w["head"], panel=[w["head"], w["judge2"]], presiding=w["head"])


def test_panel_judges_read_the_file_but_do_not_act_for_the_judge_in_charge(w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    judge3 = w["judge3"]  # another division: no division-wide reading
    assert not dossier_cases_for_user(user=judge3).filter(pk=case.pk).exists()
    services.case_team_set(case=case, actor=w["head"], panel=[w["judge2"], judge3], presiding=w["judge"])
    assert dossier_cases_for_user(user=judge3).filter(pk=case.pk).exists()
    assert allows(user=judge3, resource=Resource.CASE_PARTY_PII, action=Action.VIEW, obj=case)
    assert not case_visible_to(user=judge3, action=Action.CHANGE).filter(pk=case.pk).exists()
    services.case_team_set(case=case, actor=w["head"])  # back to the judge alone: the panel judge leaves
    assert not dossier_cases_for_user(user=judge3).filter(pk=case.pk).exists()


# ---------------------------------------------------------------- standing teams (固定审判团队)


def _post(user, court):  # type: ignore[no-untyped-def]
    return RoleGrant.objects.get(user=user, court=court, role=Role.JUDGE)


def test_standing_team_joins_a_new_case_at_random_assignment(w) -> None:  # type: ignore[no-untyped-def]
    standing_team_set(post=_post(w["judge"], w["court"]), actor=w["judge"], assistant=w["assistant"], clerk=w["clerk"])
    # the only judges of the division are judge, judge2 and the head: give all three the same team
    for other in (w["judge2"], w["head"]):
        standing_team_set(post=_post(other, w["court"]), actor=w["head"], assistant=w["assistant"], clerk=w["clerk"])
    case = make_case(court=w["court"], division=w["civil"])
    services.case_assign_random(case=case, actor=w["filing"], seed="team")
    case.refresh_from_db()
    assert (case.assistant, case.clerk) == (w["assistant"], w["clerk"])
    roles = {m.user: m.role for m in case_team_current(case=case)}
    assert roles == {case.judge: "judge", w["assistant"]: "assistant", w["clerk"]: "clerk"}
    event = CaseEvent.objects.get(case=case, type=CaseEventType.ASSIGNED)
    assert "固定审判团队" in event.summary and event.payload["new"]["clerk"] == w["clerk"].pk
    assert CaseEvent.objects.filter(case=case).count() == 2  # registered, assigned: one event for the assignment
    assert dossier_cases_for_user(user=w["clerk"], action=Action.CHANGE).filter(pk=case.pk).exists()


def test_reassignment_brings_the_new_judges_team_and_dissolves_the_panel(w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    services.case_team_set(
        case=case, actor=w["head"], panel=[w["judge2"], w["judge3"]], presiding=w["judge"], clerk=w["clerk"]
    )
    standing_team_set(post=_post(w["judge2"], w["court"]), actor=w["judge2"], assistant=w["assistant"], clerk=None)
    from smartcourt.cases.services_approvals import approval_approve, assignment_request

    request = assignment_request(case=case, judge=w["judge2"], actor=w["filing"], reason="原承办法官回避")
    assert request.approver_role == "division_head"  # the head of the case's division decides a change of judge
    approval_approve(request=request, actor=w["head"])
    case.refresh_from_db()
    current = {m.user: m.role for m in case_team_current(case=case)}
    assert current == {w["judge2"]: "judge", w["assistant"]: "assistant", w["clerk"]: "clerk"}  # the clerk stays
    assert not CaseTeamMember.objects.filter(case=case, ended_at__isnull=True, presiding=True).exists()
    assert "原合议庭解散" in CaseEvent.objects.filter(case=case, type=CaseEventType.ASSIGNED).last().summary


def test_standing_team_is_set_by_the_judge_or_the_division_head_only(w) -> None:  # type: ignore[no-untyped-def]
    post = _post(w["judge"], w["court"])
    with pytest.raises(Forbidden):
        standing_team_set(post=post, actor=w["judge2"], assistant=w["assistant"], clerk=None)
    with pytest.raises(StandingTeamInputError, match="不是苏州市姑苏区人民法院的书记员"):
        standing_team_set(post=post, actor=w["judge"], assistant=None, clerk=w["foreign_clerk"])
    assert not StandingTeam.objects.exists()
    team = standing_team_set(post=post, actor=w["head"], assistant=w["assistant"], clerk=w["clerk"])
    assert (team.assistant, team.clerk) == (w["assistant"], w["clerk"])
    assert AuditLog.objects.filter(action="standing_team.set").count() == 1


def test_standing_team_page_is_reached_from_the_workbench_and_saves(client, w) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, w["judge"])
    workbench = client.get("/").content.decode()
    assert "/courts/teams/" in workbench
    page = client.get("/courts/teams/").content.decode()
    assert "陈建国" in page and 'data-testid="standing-team-form"' in page and "李明" not in page
    post = _post(w["judge"], w["court"])
    response = client.post(
        f"/courts/teams/{post.pk}/", {"assistant": w["assistant"].pk, "clerk": w["clerk"].pk}, follow=True
    )
    assert "固定审判团队已保存" in response.content.decode()
    assert StandingTeam.objects.get(post=post).clerk == w["clerk"]
    # someone else's post: not found for a judge of the court, refused with the page's reason never leaking a 500
    other = _post(w["judge2"], w["court"])
    assert client.post(f"/courts/teams/{other.pk}/", {"clerk": w["clerk"].pk}).status_code == 404
    # the division head sees and sets the division's judges
    client.logout()
    login_verified(client, w["head"])
    page = client.get("/courts/teams/").content.decode()
    assert "陈建国" in page and "李明" in page and "王芳" not in page  # 王芳 sits in another division


def test_closed_cases_keep_their_team(w) -> None:  # type: ignore[no-untyped-def]
    case = w["case"]
    services.case_team_set(case=case, actor=w["judge"], clerk=w["clerk"])
    services.case_transition(case=case, target="closed", actor=SYSTEM, closing_method="judgment")
    with pytest.raises(CaseInputError, match="不再变更"):
        services.case_team_set(case=case, actor=w["judge"], clerk=w["clerk2"])
    assert Case.objects.get(pk=case.pk).clerk == w["clerk"]

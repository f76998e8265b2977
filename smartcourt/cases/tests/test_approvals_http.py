"""Approvals, the assignment desk and the draw replay over HTTP: pages (workbench counter, queue, decisions, desk,
replay) and the JSON API (4xx `{code, message}` citing the article for an illegal request)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smartcourt.cases.models import ApprovalRequest, AssignmentDraw, Case
from smartcourt.cases.services import case_assign_random
from smartcourt.cases.services_approvals import extension_request
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    inter = CourtFactory(level=CourtLevel.INTERMEDIATE, code="苏05")
    court = CourtFactory(parent=inter, code="苏0508")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    criminal = DivisionFactory(court=court, name="刑事审判庭")
    judge = user_with_role(Role.JUDGE, court, civil, full_name="陈建国")
    filed = timezone.localdate() - timedelta(days=20)
    return {
        "court": court,
        "civil": civil,
        "criminal": criminal,
        "judge": judge,
        "judge2": user_with_role(Role.JUDGE, court, civil, full_name="林晓"),
        "president": user_with_role(Role.PRESIDENT, court, full_name="王志明"),
        "head": user_with_role(Role.DIVISION_HEAD, court, civil, full_name="郑海燕"),
        "tm": user_with_role(Role.TRIAL_MANAGEMENT, court, full_name="冯丽娟"),
        "officer": user_with_role(Role.FILING_OFFICER, court, full_name="孙立平"),
        "case": make_case(court=court, division=civil, judge=judge, filed_on=filed),
        "simple": make_case(court=court, division=civil, judge=judge, filed_on=filed, procedure="simple"),
    }


def test_the_judge_asks_the_president_approves_from_the_workbench_queue(client, world) -> None:  # type: ignore[no-untyped-def]
    case = world["case"]
    due = case.trial_due_on
    login_verified(client, world["judge"])
    page = client.get(f"/cases/{case.pk}/?tab=actions").content.decode()
    assert 'data-testid="extension-request-form"' in page and "经本院院长批准可延长六个月" in page
    response = client.post(
        f"/cases/{case.pk}/period/extension-requests/", {"months": 3, "reason": "需要鉴定"}, follow=True
    )
    assert "待审批人批准后审限才会延长" in response.content.decode()
    assert 'data-testid="pending-extension"' in response.content.decode()
    assert Case.objects.get(pk=case.pk).trial_due_on == due

    login_verified(client, world["president"])
    workbench = client.get("/").content.decode()
    assert 'data-panel="approvals"' in workbench and 'data-testid="approvals-counter">1<' in workbench
    queue = client.get("/cases/approvals/").content.decode()
    request = ApprovalRequest.objects.get(case=case)
    assert f'data-testid="approval-{request.pk}"' in queue and "《民事诉讼法》第一百五十二条" in queue
    client.post(f"/cases/approvals/{request.pk}/decision/", {"decision": "approve", "note": "同意"})
    assert Case.objects.get(pk=case.pk).trial_due_on > due
    assert 'data-testid="approvals-counter">0<' in client.get("/").content.decode()


def test_a_refusal_without_a_reason_is_a_message_not_an_error(client, world) -> None:  # type: ignore[no-untyped-def]
    request = extension_request(case=world["case"], actor=world["judge"], reason="鉴定", months=1)
    login_verified(client, world["president"])
    response = client.post(f"/cases/approvals/{request.pk}/decision/", {"decision": "refuse"}, follow=True)
    assert response.status_code == 200 and "不予批准须说明理由" in response.content.decode()
    assert ApprovalRequest.objects.get(pk=request.pk).state == "pending"
    response = client.post(f"/cases/approvals/{request.pk}/decision/", {"decision": "maybe"}, follow=True)
    assert "请选择批准或不予批准" in response.content.decode()


def test_someone_else_cannot_decide_through_the_page(client, world) -> None:  # type: ignore[no-untyped-def]
    request = extension_request(case=world["case"], actor=world["judge"], reason="鉴定", months=1)
    login_verified(client, world["head"])
    assert f'data-testid="approval-{request.pk}"' not in client.get("/cases/approvals/").content.decode()
    response = client.post(f"/cases/approvals/{request.pk}/decision/", {"decision": "approve"}, follow=True)
    assert "该申请应由本院院长审批" in response.content.decode()
    assert ApprovalRequest.objects.get(pk=request.pk).state == "pending"


def test_the_api_refuses_an_illegal_request_citing_the_article(client, world) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world["judge"])
    url = f"/api/v1/cases/{world['simple'].pk}/extension-requests"
    beyond = client.post(url, {"months": 2, "reason": "复杂"}, content_type="application/json")
    assert beyond.status_code == 400 and beyond.json()["code"] == "trial_period.extension_beyond_limit"
    assert "《民诉法解释》第二百五十八条第一款" in beyond.json()["message"]
    wrong = client.post(
        url, {"months": 1, "reason": "复杂", "approver_level": "upper_court"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "trial_period.extension_wrong_approver"
    assert "《民事诉讼法》第一百六十四条" in wrong.json()["message"]
    made = client.post(url, {"months": 1, "reason": "复杂"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["approver"] == "本院院长" and made.json()["state"] == "pending"
    again = client.post(url, {"months": 1, "reason": "复杂"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "approval.pending_exists"

    login_verified(client, world["president"])
    queue = client.get("/api/v1/approvals").json()
    assert [row["id"] for row in queue] == [made.json()["id"]]
    decided = client.post(
        f"/api/v1/approvals/{made.json()['id']}/decision", {"decision": "approve"}, content_type="application/json"
    )
    assert decided.status_code == 200 and decided.json()["state"] == "approved"
    assert decided.json()["decided_by"] == "王志明"


def test_a_designated_assignment_through_the_api_goes_to_the_division_head(client, world) -> None:  # type: ignore[no-untyped-def]
    case = make_case(court=world["court"], division=world["civil"])
    login_verified(client, world["officer"])
    made = client.post(
        f"/api/v1/cases/{case.pk}/assignment-requests",
        {"judge_id": world["judge2"].pk, "reason": "系列案件"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["approver"] == "民事审判第一庭庭长"
    login_verified(client, world["head"])
    assert [row["id"] for row in client.get("/api/v1/approvals").json()] == [made.json()["id"]]
    client.post(
        f"/api/v1/approvals/{made.json()['id']}/decision", {"decision": "approve"}, content_type="application/json"
    )
    assert Case.objects.get(pk=case.pk).judge == world["judge2"]


def test_the_division_heads_cases_to_assign_are_her_divisions_and_open_the_assignment_action(client, world) -> None:  # type: ignore[no-untyped-def]
    mine = make_case(court=world["court"], division=world["civil"])
    theirs = make_case(court=world["court"], division=world["criminal"], type_code="刑初")
    login_verified(client, world["head"])
    workbench = client.get("/").content.decode()
    assert mine.number in workbench and theirs.number not in workbench  # was every unassigned case of the court
    assert 'href="/cases/assignments/"' in workbench
    desk = client.get("/cases/assignments/").content.decode()
    assert f'data-testid="to-assign-{mine.pk}"' in desk and theirs.number not in desk
    detail = client.get(f"/cases/{mine.pk}/?tab=actions").content.decode()
    assert 'data-testid="assign-random"' in detail  # the tab the panel opens has the action
    response = client.post(f"/cases/assignments/{mine.pk}/random/", follow=True)
    assert "可在下方“近期随机分案”中复现本次抽签" in response.content.decode()
    draw = AssignmentDraw.objects.get(case=mine)
    assert f"/cases/{mine.pk}/assignments/{draw.pk}/replay/" in response.content.decode()
    login_verified(client, world["officer"])
    assert theirs.number in client.get("/cases/assignments/").content.decode()  # a filing officer's is the court's


def test_a_tab_the_viewer_does_not_have_opens_the_first_one(client, world) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world["judge2"])
    page = client.get(f"/cases/{world['case'].pk}/?tab=actions").content.decode()
    assert 'class="tab-pane fade show active" id="tab-overview"' in page  # was: no tab shown at all


def test_the_replay_shows_inputs_seed_and_the_same_judge_and_a_mismatch_when_data_changed(client, world) -> None:  # type: ignore[no-untyped-def]
    case = make_case(court=world["court"], division=world["civil"])
    draw = case_assign_random(case=case, actor=world["officer"], seed="demo-seed-42")
    url = f"/cases/{case.pk}/assignments/{draw.pk}/replay/"
    login_verified(client, world["tm"])
    page = client.get(url).content.decode()
    assert "复现一致" in page and "demo-seed-42" in page and case.number in page
    assert draw.judge.get_full_name() in page and 'data-testid="replay-candidates"' in page
    api = client.get(f"/api/v1/cases/{case.pk}/assignments/{draw.pk}/replay").json()
    assert api["matches"] is True and api["judge"] == draw.judge.get_full_name() and api["seed"] == "demo-seed-42"

    AssignmentDraw.objects.filter(pk=draw.pk).update(seed="changed-afterwards")
    page = client.get(url).content.decode()
    assert "复现不一致" in page and "随机数不一致" in page and "种子或案号在抽签后被改动" in page
    candidates = [dict(c) for c in draw.candidates]
    candidates[0]["load"] = str(int(candidates[0]["load"]) + 5)
    AssignmentDraw.objects.filter(pk=draw.pk).update(seed="demo-seed-42", candidates=candidates)
    page = client.get(url).content.decode()
    assert "候选法官的概率与记录不一致" in page


def test_only_those_the_table_lets_inspect_assignments_replay(client, world) -> None:  # type: ignore[no-untyped-def]
    case = make_case(court=world["court"], division=world["civil"])
    draw = case_assign_random(case=case, actor=world["officer"], seed="s")
    login_verified(client, world["judge2"])  # a judge of the court sees the case, not the replay
    assert client.get(f"/cases/{case.pk}/assignments/{draw.pk}/replay/").status_code == 404
    assert client.get("/cases/assignments/").status_code == 403
    login_verified(client, world["head"])
    assert client.get(f"/cases/{case.pk}/assignments/{draw.pk}/replay/").status_code == 200
    assert 'data-testid="replay-link"' in client.get(f"/cases/{case.pk}/?tab=assignment").content.decode()


def test_the_simple_case_page_says_who_approves_and_the_limit(client, world) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world["judge"])
    page = client.get(f"/cases/{world['simple'].pk}/?tab=actions").content.decode()
    assert "延长后累计不得超过四个月" in page and "《民事诉讼法》第一百六十四条" in page

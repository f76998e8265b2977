"""Case pages: list with filters and search, the case page, the personal-data access log, the API."""

from __future__ import annotations

import pytest

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    court = CourtFactory(code="苏0508")
    division = DivisionFactory(court=court)
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈法官")
    party_user = user_with_role(Role.PARTY, court, full_name="王小芳")
    mine = make_case(
        court=court,
        division=division,
        judge=judge,
        plaintiff="王小芳",
        plaintiff_user=party_user,
        defendant="苏州恒信贸易有限公司",
    )
    other = make_case(court=court, division=division, plaintiff="赵大海", defendant="李建国")
    return {"court": court, "judge": judge, "party": party_user, "mine": mine, "other": other}


def test_search_by_party_name_finds_the_case(client, setup):
    login_verified(client, setup["judge"])
    page = client.get("/cases/", {"q": "赵大海"}).content.decode()
    assert setup["other"].number in page and setup["mine"].number not in page
    page = client.get("/cases/", {"q": "恒信"}).content.decode()
    assert setup["mine"].number in page and setup["other"].number not in page
    page = client.get("/cases/", {"q": setup["other"].number}).content.decode()
    assert setup["other"].number in page


def test_case_page_shows_deadline_explanation_and_timeline(client, setup):
    login_verified(client, setup["judge"])
    page = client.get(f"/cases/{setup['mine'].pk}/").content.decode()
    assert "审限（第一审普通程序）" in page and "民事诉讼法" in page
    assert "立案，案号" in page


def test_viewing_parties_is_logged_and_the_party_sees_who_looked(client, setup):
    login_verified(client, setup["judge"])
    client.get(f"/cases/{setup['mine'].pk}/")
    rows = AuditLog.objects.filter(action="personal_data.viewed", actor=setup["judge"])
    assert rows.count() == 2  # both parties of the case
    client.logout()
    client.force_login(setup["party"])
    page = client.get("/accounts/data-access/").content.decode()
    assert "陈法官" in page and setup["mine"].number in page
    api = client.get("/api/v1/me/data-access").json()
    assert api[0]["viewer"] == "陈法官"


def test_party_sees_only_their_own_case_and_no_other_party_data(client, setup):
    client.force_login(setup["party"])
    listing = client.get("/cases/").content.decode()
    assert setup["mine"].number in listing and setup["other"].number not in listing
    assert client.get(f"/cases/{setup['other'].pk}/").status_code == 404
    page = client.get(f"/cases/{setup['mine'].pk}/").content.decode()
    assert "个人信息仅对承办人员显示" in page


def test_api_lists_and_hides_like_the_pages(client, setup):
    client.force_login(setup["party"])
    body = client.get("/api/v1/cases").json()
    assert [c["number"] for c in body["items"]] == [setup["mine"].number]
    hidden = client.get(f"/api/v1/cases/{setup['other'].pk}")
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"
    assert setup["other"].number not in hidden.content.decode()
    timeline = client.get(f"/api/v1/cases/{setup['mine'].pk}/timeline").json()
    assert timeline[0]["type"] == "case.registered"
    period = client.get(f"/api/v1/cases/{setup['mine'].pk}/trial-period").json()
    assert period["applies"] and period["due"]


def test_api_transition_refusal_is_a_json_409(client, setup):
    login_verified(client, setup["judge"])
    from smartcourt.courts.services import api_token_create

    _t, raw = api_token_create(user=setup["judge"], name="t")
    response = client.post(
        f"/api/v1/cases/{setup['mine'].pk}/transitions",
        data={"target": "archived"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "case.illegal_transition" and "不能变更" in response.json()["message"]


def test_case_number_validation_is_public(client):
    ok = client.get("/api/v1/cases/validate-number", {"number": "（2025）苏0508民初123号"}).json()
    assert ok["seq"] == 123 and ok["type_code"] == "民初"
    bad = client.get("/api/v1/cases/validate-number", {"number": "2025苏0508"})
    assert bad.status_code == 400 and bad.json()["code"] == "case.invalid_number"


def test_transition_through_the_page_with_a_bad_move_shows_a_message(client, setup):
    login_verified(client, setup["judge"])
    response = client.post(f"/cases/{setup['mine'].pk}/transition/", {"target": "archived"}, follow=True)
    assert response.status_code == 200 and "不能变更为" in response.content.decode()


def test_judge_registers_a_deduction_and_an_extension_through_the_page(client, setup):
    from datetime import timedelta

    from django.utils import timezone

    from smartcourt.cases.models import Case
    from smartcourt.legaltime.models import TrialPeriodAdjustment

    president = user_with_role(Role.PRESIDENT, setup["court"])
    login_verified(client, setup["judge"])
    case = make_case(
        court=setup["court"],
        division=setup["mine"].division,
        judge=setup["judge"],
        filed_on=timezone.localdate() - timedelta(days=10),
    )
    before = Case.objects.get(pk=case.pk).trial_due_on
    day = (case.filed_on + timedelta(days=1)).isoformat()  # the filing day itself is never counted
    client.post(f"/cases/{case.pk}/period/deduction/", {"kind": "appraisal", "started_on": day, "reason": "司法鉴定"})
    adjustment = TrialPeriodAdjustment.objects.get(case=case, kind="appraisal")
    page = client.get(f"/cases/{case.pk}/?tab=actions").content.decode()
    assert "鉴定期间" in page and "审限计算已中止" in page
    client.post(f"/cases/{case.pk}/period/deduction/end/", {"adjustment": adjustment.pk, "ended_on": day})
    assert Case.objects.get(pk=case.pk).trial_due_on == before + timedelta(days=1)  # one day not counted
    response = client.post(
        f"/cases/{case.pk}/period/extension-requests/", {"months": "", "days": "", "reason": "复杂"}, follow=True
    )
    assert "请填写延长的月数或天数" in response.content.decode()
    client.post(f"/cases/{case.pk}/period/extension-requests/", {"months": 6, "reason": "案情复杂"})
    assert not TrialPeriodAdjustment.objects.filter(case=case, kind="extension").exists()  # requested, not granted
    request = case.approval_requests.get(state="pending")
    login_verified(client, president)
    client.post(f"/cases/approvals/{request.pk}/decision/", {"decision": "approve"})
    assert TrialPeriodAdjustment.objects.filter(case=case, kind="extension", months=6, approved_by=president).exists()


def test_case_page_actions_preselect_nothing_and_are_labelled(client, setup):
    """A select on the case page never defaults to a consequential choice (it used to show 中止诉讼 preselected)."""
    import re

    login_verified(client, setup["judge"])
    page = client.get(f"/cases/{setup['mine'].pk}/").content.decode()
    for name in ("transition-target", "tag-kind"):
        select = re.search(rf'<select[^>]*id="{name}"[^>]*>(.*?)</select>', page, re.S)
        assert select is not None, name
        first = re.search(r"<option[^>]*>", select.group(1)).group(0)  # type: ignore[union-attr]
        assert 'value=""' in first and "selected" in first and "disabled" in first, name
        assert f'<label class="form-label small mb-0" for="{name}">' in page
    assert "中止诉讼（《民事诉讼法》第一百五十三条）" in page  # still offered, with its article
    response = client.post(f"/cases/{setup['mine'].pk}/transition/", {"target": ""}, follow=True)
    assert "请选择有效的案件状态" in response.content.decode()
    setup["mine"].refresh_from_db()
    assert setup["mine"].state == "in_trial"


def test_the_list_shows_each_case_once_with_what_a_phone_card_shows(client, setup):
    """One markup for every width (issue 15): each case is one table row, a card on a phone (app.css), whose
    words (待分案, 立案, 届满) are in the row, shown below md only; an overdue running case is marked."""
    from datetime import timedelta

    from django.utils import timezone

    from smartcourt.cases.models import Case

    yesterday = timezone.localdate() - timedelta(days=1)
    Case.objects.filter(pk=setup["mine"].pk).update(state="in_trial", trial_due_on=yesterday)
    login_verified(client, setup["judge"])
    page = client.get("/cases/").content.decode()
    assert 'data-testid="case-cards"' not in page and page.count('data-testid="case-table"') == 1
    for case in (setup["mine"], setup["other"]):
        assert page.count(f'href="/cases/{case.pk}/"') == 1 and page.count(case.number) == 1
    assert '<span class="d-md-none">待分案</span><span class="d-none d-md-inline">—</span>' in page  # no judge yet
    assert f'<span class="d-md-none">立案 </span>{setup["mine"].filed_on.isoformat()}' in page
    assert f'<span class="sc-deadline-overdue">{yesterday.isoformat()}</span>' in page
    assert "共 2 件" in page  # one page: its rows are the count

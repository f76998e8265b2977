"""The public front door: the home page for visitors, the workbench for the signed-in, the staff entrance and the
litigants' sign-in, and the progress lookup that follows a case after acceptance (guarded against enumeration)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from smartcourt.cases.models import CaseEvent
from smartcourt.core.models import AuditAction, AuditLog
from smartcourt.courts.noticeboard import (
    HearingNotice,
    register_hearing_notice_source,
    unregister_hearing_notice_source,
)
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import PASSWORD, CourtFactory, login_verified, user_with_role
from smartcourt.filing import services as filing_services
from smartcourt.filing.tests.online.helpers import submitted, world
from smartcourt.portal import services

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _accepted(w):  # type: ignore[no-untyped-def]
    filing = submitted(w)
    case = filing_services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    filing.refresh_from_db()
    return filing, case


def _lookup(client, ref: str, code: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("portal:lookup"), {"ref": ref, "code": code})


# --- the home page -------------------------------------------------------------------------------------------------


def test_a_visitor_gets_the_public_home_with_every_service_and_both_entrances(client) -> None:
    html = client.get("/").content.decode()
    assert 'data-testid="home-hero"' in html and 'data-testid="home-lookup"' in html
    for name in (
        "filing:wizard",
        "portal:my_cases",
        "portal:lookup",
        "service:inbox",
        "filing:fee_calculator",
        "legaltime:deadline_calculator",
        "legaltime:trial_period_calculator",
        "ledger:verify",
        "portal:kiosk_start",
        "portal:register",
        "litigant_login",
        "staff_login",
    ):
        assert f'href="{reverse(name)}' in html, name
    assert 'data-testid="hearing-notices"' not in html  # no source, no empty section


def test_every_link_on_the_home_page_opens_for_a_visitor(client) -> None:
    html = client.get("/").content.decode()
    for href in {h for h in re.findall(r'href="(/[^"#]*)"', html) if not h.startswith("/static/")}:
        response = client.get(href, follow=True)
        assert response.status_code == 200, href


def test_hearing_notices_appear_when_a_source_has_some(client) -> None:
    notice = HearingNotice(
        court="苏州市姑苏区人民法院",
        case_number="（2026）苏0508民初12号",
        parties="刘某某诉某某公司",
        cause="买卖合同纠纷",
        starts_at=datetime(2026, 12, 20, 9, 30, tzinfo=SHANGHAI),
        place="第三法庭",
    )

    def source(today, limit):  # type: ignore[no-untyped-def]
        return [notice]

    register_hearing_notice_source(source)
    try:
        html = client.get("/").content.decode()
    finally:
        unregister_hearing_notice_source(source)
    assert 'data-testid="hearing-notices"' in html
    assert "刘某某诉某某公司" in html and "第三法庭" in html and "第一百三十九条" in html
    assert 'data-testid="hearing-notices"' not in client.get("/").content.decode()


def test_a_signed_in_person_still_lands_on_the_workbench(client) -> None:
    party = user_with_role(Role.PARTY, CourtFactory(), full_name="王芳")
    client.force_login(party)
    html = client.get("/").content.decode()
    assert 'data-testid="workbench-title"' in html and 'data-testid="home-hero"' not in html
    judge = user_with_role(Role.JUDGE, CourtFactory(code="苏0509"))
    login_verified(client, judge)
    assert 'data-testid="workbench-title"' in client.get("/").content.decode()


# --- sign-in: the staff entrance, the litigants' sign-in, old links --------------------------------------------------


def test_staff_sign_in_moved_to_its_own_entrance_and_old_links_still_lead_there(client) -> None:
    assert "法院工作人员登录" in client.get("/staff/login/").content.decode()
    response = client.get("/accounts/login/?next=/cases/7/")
    assert response.status_code == 302 and response["Location"] == "/staff/login/?next=%2Fcases%2F7%2F"
    judge = user_with_role(Role.JUDGE, CourtFactory())
    response = client.post("/accounts/login/", {"username": judge.username, "password": PASSWORD})  # an old form
    assert response.status_code == 302
    assert AuditLog.objects.filter(actor=judge, action=AuditAction.AUTH_LOGIN).exists()


def test_a_litigant_sent_to_sign_in_gets_the_litigants_page(client) -> None:
    for target in ("/portal/cases/", "/filing/new/", "/service/inbox/"):
        response = client.get(target, follow=True)
        assert response.redirect_chain[-1][0].startswith("/login/?next="), target
        assert 'data-testid="litigant-login"' in response.content.decode()
    party = user_with_role(Role.PARTY, CourtFactory(), full_name="王芳")
    response = client.post("/login/?next=/portal/cases/", {"username": party.username, "password": PASSWORD,
                                                            "next": "/portal/cases/"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/portal/cases/"


def test_signing_out_leads_staff_to_their_entrance_and_litigants_home(client) -> None:
    judge = user_with_role(Role.JUDGE, CourtFactory())
    login_verified(client, judge)
    assert 'name="next" value="/staff/login/"' in client.get("/").content.decode()
    party = user_with_role(Role.PARTY, CourtFactory(code="苏0509"))
    client.force_login(party)
    assert 'name="next" value="/"' in client.get("/").content.decode()


def test_favicon_is_served_where_browsers_look_for_it(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/favicon.ico"' in html and "img/favicon.svg" in html
    client.force_login(user_with_role(Role.JUDGE, CourtFactory()))  # password done, second factor not yet
    assert client.get("/favicon.ico").status_code == 200  # the code page has its icon too


# --- the progress lookup -----------------------------------------------------------------------------------------------


def test_lookup_by_case_number_follows_the_case_after_acceptance(client) -> None:
    w = world()
    filing, case = _accepted(w)
    typed = case.number.replace("（", "(").replace("）", ")")  # half-width brackets, as typed on a phone
    response = _lookup(client, typed, filing.verification_code.lower())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="case-progress"' in html and case.number in html
    assert case.state == "in_trial" and "审理中" in html  # the stage: assigned at acceptance, so in trial
    assert "第一百三十九条" in html  # the next steps cite their article
    assert "陈建国" in html  # assigned at acceptance: the adjudicating organisation is disclosed (Art. 7(三))
    assert AuditLog.objects.filter(action=AuditAction.PORTAL_PROGRESS_LOOKUP, target_id=str(filing.pk)).count() == 1


def test_lookup_still_works_by_filing_reference_before_acceptance(client) -> None:
    w = world()
    filing = submitted(w)
    html = _lookup(client, filing.reference, filing.verification_code).content.decode()
    assert 'data-testid="lookup-result"' in html and "待审查" in html
    assert 'data-testid="case-progress"' not in html


def test_a_case_number_alone_reveals_nothing(client) -> None:
    w = world()
    _filing, case = _accepted(w)
    for code in ("", "ZZZZZZ"):
        html = _lookup(client, case.number, code).content.decode()
        assert case.title not in html and "陈建国" not in html
        assert 'data-testid="lookup-error"' in html
    # the same message whether the number exists or not: a wrong code confirms nothing
    missing = _lookup(client, "（2026）苏0508民初99999号", "ZZZZZZ").content.decode()
    wrong = _lookup(client, case.number, "ZZZZZZ").content.decode()
    assert _error(missing) == _error(wrong)


def _error(html: str) -> str:
    start = html.index('data-testid="lookup-error">')
    return html[start : html.index("</div>", start)]


def test_too_many_wrong_codes_from_one_address_are_turned_away(client) -> None:
    w = world()
    filing, case = _accepted(w)
    for n in range(services.LOOKUP_REFUSALS_ALLOWED):
        assert _lookup(client, case.number, f"WRONG{n}").status_code == 200
    response = _lookup(client, case.number, filing.verification_code)  # even the right code, for a while
    assert response.status_code == 429 and "查询次数过多" in response.content.decode()
    assert case.title not in response.content.decode()
    refused = AuditLog.objects.filter(action=AuditAction.PORTAL_PROGRESS_LOOKUP_REFUSED)
    assert refused.count() == services.LOOKUP_REFUSALS_ALLOWED  # the turned-away attempt wrote nothing
    other = client.post(reverse("portal:lookup"), {"ref": case.number, "code": filing.verification_code},
                        REMOTE_ADDR="10.0.0.9")  # fmt: skip
    assert other.status_code == 200 and 'data-testid="case-progress"' in other.content.decode()


def test_the_stage_follows_the_case_and_milestones_show_no_staff_summaries(client) -> None:
    from smartcourt.cases.services import case_transition

    w = world()
    filing, case = _accepted(w)
    case_transition(case=case, target="suspended", actor=w.judge, note="等待另案审理结果")
    html = _lookup(client, case.number, filing.verification_code).content.decode()
    assert "中止诉讼" in html and "第一百五十三条" in html and "等待另案审理结果" not in html
    start = html.index('<ul class="sc-milestones">')
    milestones = html[start : html.index("</ul>", start)]
    assert "立案" in milestones and "分案" in milestones and "中止诉讼" in milestones
    summaries = CaseEvent.objects.filter(case=case).values_list("summary", flat=True)
    assert not [s for s in summaries if s and s in milestones]  # by kind and day only, never the staff's summaries

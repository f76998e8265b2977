"""A clerk finds a case by a party's name and sees its timeline and due dates with their explanation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from tests.browser.conftest import screenshot, staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_finds_a_case_by_party_name_and_reads_its_deadlines(page):
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    division = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    clerk = user_with_role(Role.CLERK, court, division, full_name="吴佳怡")
    device = TOTPDevice.objects.create(user=clerk, confirmed=True)
    filed = timezone.localdate() - timedelta(days=40)
    target = make_case(
        court=court,
        division=division,
        judge=judge,
        plaintiff="欧阳明月",
        defendant="苏州恒信贸易有限公司",
        filed_on=filed,
    )
    for n in range(3):
        make_case(court=court, division=division, judge=judge, plaintiff=f"张{n}", filed_on=filed)

    staff_sign_in(page, clerk, device)

    page.click("nav >> text=案件")
    page.fill("[data-testid=case-search]", "欧阳明月")
    page.click("button:has-text('查询')")
    rows = page.locator("[data-testid=case-table] tbody tr")
    assert rows.count() == 1
    assert target.number in rows.first.inner_text()
    rows.first.locator("a").click()

    page.wait_for_selector("[data-testid=case-number]")
    assert page.inner_text("[data-testid=case-number]") == target.number
    due = page.inner_text("[data-testid=trial-due]")
    assert due == target.trial_due_on.isoformat() and date.fromisoformat(due) > filed
    explanation = page.inner_text("[data-testid=trial-explanation]")
    assert "不计入" in explanation and "民事诉讼法" in explanation
    screenshot(page, "case-detail-clerk")

    page.click("[data-testid=tab-timeline]")
    timeline = page.locator("[data-testid=timeline]")
    timeline.wait_for(state="visible")
    assert "立案，案号" in timeline.inner_text()
    screenshot(page, "case-timeline-clerk")

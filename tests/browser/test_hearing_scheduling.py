"""The judge schedules a hearing from the landing page: the workbench's 待排期 list opens the case's hearings tab, a
date too soon is refused in Chinese with the article (民诉法 Art. 139), a proper one is booked, and the court
calendar shows it; the lawyer on the case sees it in their own calendar."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.models import CaseParty, Representation
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.models import Room
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import PASSWORD, CourtFactory, DivisionFactory, user_with_role
from smartcourt.hearings.models import Hearing
from smartcourt.legaltime.selectors import calendar_load
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_judge_schedules_from_the_workbench_and_the_calendar_shows_it(page, browser, live_server) -> None:  # type: ignore[no-untyped-def]
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, civil, full_name="陈建国")
    clerk = user_with_role(Role.CLERK, court, civil, full_name="吴佳怡")
    lawyer = user_with_role(Role.LAWYER, court, full_name="杨律明", username="lawyer_yang")
    Room.objects.create(court=court, name="第一法庭")
    Room.objects.create(court=court, name="互联网法庭", kind="online")
    case = make_case(court=court, division=civil, judge=judge, plaintiff="刘小红", defendant="苏州某科技有限公司")
    case.clerk = clerk
    case.save(update_fields=["clerk"])
    Representation.objects.create(party=CaseParty.objects.get(case=case, role="plaintiff"), kind="lawyer",
                                  name="杨律明", user=lawyer, licence_no="13205200010001")  # fmt: skip
    device = TOTPDevice.objects.create(user=judge, confirmed=True)
    calendar = calendar_load()
    today = timezone.localdate()
    day = today + timedelta(days=7)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)

    staff_sign_in(page, judge, device)
    page.wait_for_selector("[data-testid=panel-to-schedule]")
    screenshot(page, "hearings-00-workbench")
    with page.expect_navigation():
        page.click("[data-testid=schedule-case-link]")
    form = page.wait_for_selector("[data-testid=schedule-form]")
    assert form.is_visible()
    # too soon: tomorrow is refused with the article, nothing booked
    page.fill("#sc-day", (today + timedelta(days=1)).isoformat())
    page.fill("#sc-start", "09:30")
    page.fill("#sc-end", "11:00")
    page.check("#sc-rest")  # whatever day tomorrow is, the refusal here is the notice
    with page.expect_navigation():
        page.click("[data-testid=schedule-submit]")
    alert = page.inner_text(".sc-messages")
    assert "不足三日" in alert and "第一百三十九条" in alert, alert
    assert not Hearing.objects.exists()
    screenshot(page, "hearings-01-refused")
    # a proper day: booked, the summonses handed to service, the hearing's page opens
    page.wait_for_selector("[data-testid=schedule-form]")
    page.fill("#sc-day", day.isoformat())
    page.fill("#sc-start", "09:30")
    page.fill("#sc-end", "11:00")
    page.select_option("#sc-room", label="第一法庭（法庭）")
    page.fill("#sc-witnesses", "李四")
    with page.expect_navigation():
        page.click("[data-testid=schedule-submit]")
    page.wait_for_selector("[data-testid=hearing-title]")
    assert "已排期" in page.inner_text(".sc-messages")
    assert "最迟通知日" in page.inner_text("[data-testid=notice-basis]")
    hearing = Hearing.objects.get()
    assert hearing.room.name == "第一法庭" and hearing.participants.filter(kind="witness", name="李四").exists()
    screenshot(page, "hearings-02-hearing")
    # the court calendar (navigation 庭审排期) on that week
    page.goto(page.base_url + f"/hearings/?date={day.isoformat()}")
    page.wait_for_selector("[data-testid=calendar-hearing]")
    assert case.number in page.inner_text("[data-testid=calendar-grid]")
    screenshot(page, "hearings-03-calendar-week")
    page.goto(page.base_url + f"/hearings/?date={day.isoformat()}&view=day")
    page.wait_for_selector("[data-testid=calendar-hearing]")
    screenshot(page, "hearings-04-calendar-day")

    # the lawyer's own calendar (a context of their own)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    lawyer_page = context.new_page()
    lawyer_page.goto(live_server.url + "/login/")
    lawyer_page.fill("#id_username", lawyer.username)
    lawyer_page.fill("#id_password", PASSWORD)
    with lawyer_page.expect_navigation():
        lawyer_page.click("button[type=submit]")
    lawyer_page.goto(live_server.url + "/hearings/mine/")
    assert case.number in lawyer_page.inner_text("[data-testid=mine-upcoming]")
    screenshot(lawyer_page, "hearings-05-lawyer")
    context.close()

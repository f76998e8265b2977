"""Approvals that approve, in the browser: the judge asks for an extension, the court president approves it from the
queue on her workbench and the clock moves; the division head assigns a case from her list and replays the draw."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from tests.browser.conftest import screenshot_from_top, staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _staff(role: Role, court, division=None, **kwargs):  # type: ignore[no-untyped-def]
    user = user_with_role(role, court, division, **kwargs)
    return user, TOTPDevice.objects.create(user=user, confirmed=True)


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    """Staff sign out to the staff entrance (the front door's /staff/login/), not the old /accounts/login/."""
    page.click("button:has-text('退出')")
    page.wait_for_url("**/staff/login/")


def test_extension_requested_by_the_judge_is_approved_by_the_president_and_the_clock_moves(page):  # type: ignore[no-untyped-def]
    inter = CourtFactory(name="苏州市中级人民法院", code="苏05", level=CourtLevel.INTERMEDIATE)
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508", parent=inter)
    division = DivisionFactory(court=court, name="民事审判第一庭")
    judge, judge_device = _staff(Role.JUDGE, court, division, full_name="陈建国")
    president, president_device = _staff(Role.PRESIDENT, court, full_name="王志明")
    case = make_case(
        court=court,
        division=division,
        judge=judge,
        plaintiff="韦雨涵",
        defendant="苏州恒信贸易有限公司",
        filed_on=timezone.localdate() - timedelta(days=40),
    )
    due = case.trial_due_on

    staff_sign_in(page, judge, judge_device)
    page.goto(f"{page.base_url}/cases/{case.pk}/?tab=actions")
    form = page.locator("[data-testid=extension-request-form]")
    form.locator("input[name=months]").fill("3")
    form.locator("input[name=reason]").fill("需委托工程造价鉴定，鉴定意见尚未作出")
    form.locator("[data-testid=extension-request]").click()
    page.wait_for_selector("[data-testid=pending-extension]")
    assert "待本院院长审批" in page.inner_text("[data-testid=pending-extension]")
    assert Case.objects.get(pk=case.pk).trial_due_on == due  # asked, not granted
    _sign_out(page)

    staff_sign_in(page, president, president_device)
    assert page.inner_text("[data-testid=approvals-counter]") == "1"
    page.click("[data-testid=approvals-link]")
    page.wait_for_selector("[data-testid=approval-queue]")
    item = page.locator("[data-testid=approval-queue] > li").first
    assert case.number in item.inner_text() and "3个月" in item.inner_text()
    assert "《民事诉讼法》第一百五十二条" in item.inner_text()
    screenshot_from_top(page, "approval-queue-president")
    item.locator("[data-testid=approval-note]").fill("同意延长")
    item.locator("[data-testid=approve]").click()
    page.wait_for_selector("text=已批准")
    assert page.inner_text("[data-testid=approval-count]") == "0"

    page.goto(f"{page.base_url}/cases/{case.pk}/")
    new_due = date.fromisoformat(page.inner_text("[data-testid=trial-due]"))
    assert new_due > due and Case.objects.get(pk=case.pk).trial_due_on == new_due
    page.click("[data-testid=tab-timeline]")
    timeline = page.locator("[data-testid=timeline]")
    timeline.wait_for(state="visible")
    assert "本院院长王志明批准延长审限3个月" in timeline.inner_text()


def test_the_division_head_assigns_from_her_list_and_replays_the_draw(page):  # type: ignore[no-untyped-def]
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    criminal = DivisionFactory(court=court, name="刑事审判庭")
    head, head_device = _staff(Role.DIVISION_HEAD, court, civil, full_name="郑海燕")
    for name in ("陈建国", "林晓", "周明"):
        user_with_role(Role.JUDGE, court, civil, full_name=name)
    mine = make_case(court=court, division=civil, plaintiff="韦雨涵", defendant="周建华")
    theirs = make_case(court=court, division=criminal, type_code="刑初")

    staff_sign_in(page, head, head_device)
    panel = page.locator("[data-panel=unassigned]")
    assert mine.number in panel.inner_text() and theirs.number not in panel.inner_text()
    panel.locator("[data-testid=assignment-desk-link]").click()
    page.wait_for_selector("[data-testid=to-assign]")
    assert theirs.number not in page.inner_text("[data-testid=to-assign]")
    page.locator(f"[data-testid=to-assign-{mine.pk}] [data-testid=desk-assign-random]").click()
    page.wait_for_selector("text=已随机分案")
    judge = Case.objects.get(pk=mine.pk).judge
    assert judge is not None and judge.get_full_name() in page.inner_text(".sc-messages")

    page.click(f"[data-testid=replay-{mine.pk}]")
    page.wait_for_selector("[data-testid=replay-result]")
    assert "复现一致" in page.inner_text("[data-testid=replay-result]")
    assert page.inner_text("[data-testid=replay-judge]") == judge.get_full_name()
    assert page.inner_text("[data-testid=replay-seed]") != ""
    assert page.locator("[data-testid=replay-candidates] tbody tr").count() == 3  # the division's three judges
    screenshot_from_top(page, "assignment-replay-division-head")

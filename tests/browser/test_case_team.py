"""The judge forms the case's team from the case page (合议庭, 审判长 designated by the division head, assistant, clerk);
the clerk then signs in and reaches the case's scanning page from the workbench."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.models import Case, CaseEvent, CaseEventType
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.models import RoleGrant
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_judge_forms_the_team_then_the_clerk_scans_from_the_workbench(page, browser, live_server) -> None:  # type: ignore[no-untyped-def]
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, civil, full_name="陈建国")
    colleague = user_with_role(Role.JUDGE, court, civil, full_name="李明")
    other = user_with_role(Role.JUDGE, court, civil, full_name="王芳")
    head = user_with_role(Role.DIVISION_HEAD, court, civil, full_name="郑海燕")
    RoleGrant.objects.create(user=head, role=Role.JUDGE, court=court, division=civil)
    assistant = user_with_role(Role.JUDGE_ASSISTANT, court, civil, full_name="周晓雯")
    clerk = user_with_role(Role.CLERK, court, civil, full_name="吴佳怡")
    user_with_role(Role.CLERK, court, civil, full_name="郑书记")
    case = make_case(court=court, division=civil, judge=judge, plaintiff="刘小红", defendant="王大明")
    judge_device = TOTPDevice.objects.create(user=judge, confirmed=True)
    clerk_device = TOTPDevice.objects.create(user=clerk, confirmed=True)

    staff_sign_in(page, judge, judge_device)
    # the judge's standing team (固定审判团队) is one click away on the workbench
    with page.expect_navigation():
        page.click("[data-testid=standing-teams-link]")
    page.wait_for_selector("[data-testid=standing-team-form]")
    screenshot(page, "case-team-00-standing-teams")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    page.click("[data-testid=tab-team]")
    form = page.wait_for_selector("[data-testid=team-form]")
    page.check(f"[data-testid=panel-{colleague.pk}]")
    page.check(f"[data-testid=panel-{other.pk}]")
    page.select_option("[data-testid=team-presiding]", str(judge.pk))
    page.select_option("[data-testid=team-designated-by]", str(head.pk))
    page.select_option("[data-testid=team-assistant-select]", str(assistant.pk))
    page.select_option("[data-testid=team-clerk-select]", str(clerk.pk))
    form.scroll_into_view_if_needed()
    screenshot(page, "case-team-01-form")
    with page.expect_navigation():
        page.click("[data-testid=team-submit]")
    assert "审判团队已确定" in page.inner_text(".sc-messages .alert")
    page.wait_for_selector("[data-testid=team-history]")
    assert page.inner_text("[data-testid=team-clerk]").strip() == "吴佳怡"
    screenshot(page, "case-team-02-formed")
    case.refresh_from_db()
    assert (case.assistant, case.clerk) == (assistant, clerk)
    event = CaseEvent.objects.get(case=case, type=CaseEventType.TEAM_SET)
    assert "审判长陈建国（承办）" in event.summary and "郑海燕" not in event.summary

    # The clerk, in a browser of their own: the workbench lists the case with its scanning page.
    clerk_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk_page = clerk_context.new_page()
    clerk_page.set_default_timeout(15_000)
    staff_sign_in(clerk_page, clerk, clerk_device, base_url=live_server.url)
    clerk_page.wait_for_selector("[data-testid=team-cases]")
    screenshot(clerk_page, "case-team-03-clerk-workbench")
    with clerk_page.expect_navigation():
        clerk_page.click("[data-testid=team-case-scan]")
    clerk_page.wait_for_selector("[data-testid=scan-files]")
    assert case.number in clerk_page.inner_text("[data-testid=scan-title]")
    assert clerk_page.url.endswith(f"/dossier/cases/{case.pk}/scan/")
    screenshot(clerk_page, "case-team-04-clerk-scan")
    clerk_context.close()
    assert Case.objects.get(pk=case.pk).clerk == clerk

"""The case page's lazy tabs (issue 15): the hearings, documents, team and assistant tabs are fetched when first
shown, their forms work (the scheduling form posts; a refusal comes back to its tab, inline), and nothing is logged to the
console on the way."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_judge_opens_each_lazy_tab_and_schedules_from_the_fetched_form(page) -> None:  # type: ignore[no-untyped-def]
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, civil, full_name="陈建国")
    user_with_role(Role.CLERK, court, civil, full_name="吴佳怡")
    case = make_case(court=court, division=civil, judge=judge, plaintiff="刘小红", defendant="王大明")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    staff_sign_in(page, judge, TOTPDevice.objects.create(user=judge, confirmed=True))
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.locator("#tab-hearings [data-testid=lazy-placeholder]")).to_have_count(1)  # not rendered yet

    for tab, shows in (
        ("team", "[data-testid=team-current]"),
        ("assistant", "[data-testid=assistant-panel]"),
        ("hearings", "[data-testid=case-hearings]"),
    ):
        page.click(f"[data-testid=tab-{tab}]")
        expect(page.locator(f"#tab-{tab} {shows}")).to_be_visible()
        expect(page.locator(f"#tab-{tab} [data-testid=lazy-placeholder]")).to_have_count(0)
    page.click("button[data-bs-target='#tab-documents']")
    expect(page.locator("#tab-documents [data-testid=case-paper-files]")).to_be_visible()

    # the fetched scheduling form is a form like any other: it posts, and a refusal comes back on its tab, inline,
    # with what was typed
    page.click("[data-testid=tab-hearings]")
    form = page.locator("#tab-hearings [data-testid=schedule-form]")
    expect(form).to_be_visible()
    form.locator("[name=start]").fill("15:00")
    form.locator("[name=end]").fill("14:00")  # ends before it starts: refused
    form.locator("[name=notes]").fill("第一次开庭")
    with page.expect_navigation():
        page.click("[data-testid=schedule-submit]")
    assert "tab=hearings" in page.url
    expect(page.locator("#tab-hearings.show.active [data-testid=schedule-form]")).to_be_visible()
    expect(page.locator("#tab-hearings [name=notes]")).to_have_value("第一次开庭")
    expect(page.locator("#tab-hearings [data-testid=lazy-placeholder]")).to_have_count(0)
    assert errors == []

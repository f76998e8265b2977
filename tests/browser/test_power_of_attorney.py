"""After the case is registered, the party authorises a lawyer on the phone by submitting the signed power of attorney
(授权委托书); the clerk reviews it from the workbench and accepts it; the lawyer then opens the case's dossier."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases import services as case_services
from smartcourt.cases.models import PowerOfAttorney
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import PASSWORD, user_with_role
from smartcourt.filing import services as filing_services
from smartcourt.filing.tests.online.helpers import PDF, submitted, world
from smartcourt.portal.models import LitigantAccount
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LICENCE = "13205201910123456"


def _sign_in(page, user, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")


def test_party_authorises_a_lawyer_the_clerk_accepts_and_the_lawyer_reads_the_file(
    phone_page, browser, live_server, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    w = world()
    clerk = user_with_role(Role.CLERK, w.court, w.division, full_name="吴佳怡")
    clerk_device = TOTPDevice.objects.create(user=clerk, confirmed=True)
    lawyer = user_with_role(
        Role.LAWYER, w.court, full_name="杨律明", lawyer_licence_no=LICENCE, law_firm="江苏姑苏律师事务所"
    )
    LitigantAccount.objects.create(user=lawyer, kind="lawyer", state="verified")
    filing = submitted(w)
    case = filing_services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    case_services.case_team_set(case=case, actor=w.judge, clerk=clerk)
    signed = tmp_path / "授权委托书.pdf"
    signed.write_bytes(PDF)

    # The party, on the phone: my cases → 委托律师 → the form with the signed document.
    page = phone_page
    _sign_in(page, w.party, page.base_url)
    page.goto(page.base_url + "/portal/cases/")
    page.click("[data-testid=authorise-link]")
    page.wait_for_selector("[data-testid=power-form]")
    page.fill("[data-testid=licence-no]", LICENCE)
    page.fill("[data-testid=matters]", "代为参加本案第一审诉讼")
    page.check("input[name=special_powers][value=settle]")
    page.set_input_files("[data-testid=power-document]", str(signed))
    screenshot(page, "power-of-attorney-01-party-phone")
    with page.expect_navigation():
        page.click("[data-testid=power-submit]")
    assert "已向法院提交" in page.inner_text(".sc-messages .alert")
    assert page.inner_text("[data-testid=power-state]") == "待法院审查"
    screenshot(page, "power-of-attorney-02-submitted-phone")

    # The clerk reviews it from the workbench.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    clerk_page = context.new_page()
    clerk_page.set_default_timeout(15_000)
    staff_sign_in(clerk_page, clerk, clerk_device, base_url=live_server.url)
    clerk_page.click("[data-testid=powers-to-review] a")
    clerk_page.wait_for_selector("[data-testid=power-review-form]")
    clerk_page.locator("[data-testid=powers-of-attorney]").scroll_into_view_if_needed()
    screenshot(clerk_page, "power-of-attorney-03-review")
    with clerk_page.expect_navigation():
        clerk_page.click("[data-testid=power-accept]")
    assert "已接受授权委托书" in clerk_page.inner_text(".sc-messages .alert")
    context.close()
    assert PowerOfAttorney.objects.get(lawyer=lawyer).state == "accepted"

    # The lawyer opens the case's electronic dossier from "my cases".
    lawyer_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    lawyer_page = lawyer_context.new_page()
    lawyer_page.set_default_timeout(15_000)
    _sign_in(lawyer_page, lawyer, live_server.url)
    lawyer_page.goto(live_server.url + "/portal/cases/")
    assert case.number in lawyer_page.inner_text("[data-testid=my-case]")
    with lawyer_page.expect_navigation():
        lawyer_page.click("[data-testid=my-case] [data-testid=dossier-link]")
    assert lawyer_page.url.endswith(f"/dossier/cases/{case.pk}/")
    screenshot(lawyer_page, "power-of-attorney-04-lawyer-dossier")
    lawyer_context.close()

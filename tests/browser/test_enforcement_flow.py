"""An applicant applies online for enforcement of an effective judgment; the officer runs an inquiry across every
holder, freezes and deducts a deposit, the money arrives in the case account, is paid out with a second officer's
approval, and the case closes as 执行完毕."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.actors import SYSTEM
from smartcourt.courts.tests.factories import PASSWORD
from smartcourt.enforcement.models import AssetKind, EnforcementFile, InquiryResult
from smartcourt.enforcement.services import enforcement_assign
from smartcourt.enforcement.tests.factories import build_world
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AMOUNT = Decimal("500.00")


def _submit(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.click(selector)


def test_apply_inquire_freeze_deduct_pay_out_with_a_second_approval_and_close(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    w = build_world(amount=AMOUNT)
    devices = {u.pk: TOTPDevice.objects.create(user=u, confirmed=True) for u in (w.officer, w.officer2)}

    # The applicant, signed in: 执行 → 申请执行 on the effective judgment → everything carried over → submit.
    party_ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = party_ctx.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", w.applicant_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")
    page.goto(live_server.url + "/enforcement/")
    _submit(page, f"[data-testid=apply-{w.judgment.pk}]")
    assert "500.00" in page.inner_text("[data-testid=title-amount]")
    screenshot(page, "enforcement-01-apply-phone")
    _submit(page, "[data-testid=apply-submit]")
    assert "已申请执行" in page.inner_text(".sc-messages .alert")
    party_ctx.close()
    file = EnforcementFile.objects.get()

    # Assignment by the random draw; the other officer is the second person for the money.
    officer_id = enforcement_assign(file=file, actor=SYSTEM, seed="browser").judge_id
    officer, approver = (w.officer, w.officer2) if officer_id == w.officer.pk else (w.officer2, w.officer)

    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    staff_sign_in(page, officer, devices[officer.pk], base_url=live_server.url)
    page.goto(f"{live_server.url}/enforcement/{file.pk}/")
    _submit(page, "[data-testid=inquire]")
    page.wait_for_function("document.querySelector('[data-testid=inquiry]').innerText.includes('已反馈 7 / 7')")
    assert InquiryResult.objects.filter(batch__file=file).count() == 7
    deposit = file.assets.filter(kind=AssetKind.DEPOSIT, value__gte=AMOUNT).first()
    if deposit is None:  # the doubles' answer depends on the debtor; this flow needs one deposit large enough
        result = InquiryResult.objects.get(batch__file=file, holder_kind="bank")
        deposit = file.assets.create(
            party=result.party, result=result, holder_kind="bank", holder_name="中国银行", kind="deposit",
            identifier="BA0001", value=Decimal("9000.00"),
        )  # fmt: skip
        page.reload()
    screenshot(page, "enforcement-02-inquiry-answered")

    row = page.locator(f"tr:has(input[name=asset][value='{deposit.pk}'])").first
    row.locator("form:has([data-testid=freeze]) input[name=amount]").fill("500")
    with page.expect_navigation():
        row.locator("[data-testid=freeze]").click()
    assert "已冻结" in page.inner_text(".sc-messages .alert")
    row = page.locator(f"tr:has(input[name=asset][value='{deposit.pk}'])").first
    row.locator("form:has([data-testid=deduct]) input[name=amount]").fill("500")
    with page.expect_navigation():
        row.locator("[data-testid=deduct]").click()
    assert "已扣划至案款账户" in page.inner_text(".sc-messages .alert")
    assert page.inner_text("[data-testid=balance]") == "500.00"

    page.select_option("[data-testid=payouts] select[name=party]", index=0)
    page.fill("[data-testid=payouts] input[name=amount]", "500")
    _submit(page, "[data-testid=payout-request]")
    assert "待他人审批" in page.inner_text(".sc-messages .alert")
    assert page.locator("[data-testid=approve]").count() == 0  # never the same person
    screenshot(page, "enforcement-03-funds-requested")

    # The second officer approves.
    ctx2 = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page2 = ctx2.new_page()
    page2.set_default_timeout(15_000)
    staff_sign_in(page2, approver, devices[approver.pk], base_url=live_server.url)
    page2.goto(f"{live_server.url}/enforcement/{file.pk}/")
    _submit(page2, "[data-testid=approve]")
    assert "已批准并发放" in page2.inner_text(".sc-messages .alert")
    assert page2.inner_text("[data-testid=balance]") == "0.00"
    ctx2.close()

    # The officer closes the case as 执行完毕.
    page.reload()
    page.select_option("[data-testid=closing] select[name=kind]", "fulfilled")
    _submit(page, "[data-testid=close]")
    assert "已结案" in page.inner_text(".sc-messages .alert")
    assert page.inner_text("[data-testid=case-state]") == "执行完毕"
    screenshot(page, "enforcement-04-closed")
    ctx.close()
    file.refresh_from_db()
    assert file.closing_kind == "fulfilled"

"""Accounts and administration (ADR 0017), as a person meets them: a new clerk binds an authenticator only with the
one-time code their administrator issued; the administrator registers the hall's browser as a kiosk terminal (and
is signed out of it), and a visitor files there; a browser that was never registered is turned away."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import PASSWORD, user_with_role
from smartcourt.filing.models import Filing, FilingState
from smartcourt.filing.tests.online.helpers import PDF, PLAINTIFF_ID, world
from tests.browser.conftest import screenshot, screenshot_from_top, staff_sign_in, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_binds_an_authenticator_with_the_code_the_administrator_issued(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    w = world()
    admin = user_with_role(Role.SYSTEM_ADMIN, w.court, full_name="韩信息")
    admin_device = TOTPDevice.objects.create(user=admin, confirmed=True, name="手机")
    clerk = user_with_role(Role.CLERK, w.court, full_name="吴佳怡")

    admin_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    admin_page = admin_context.new_page()
    staff_sign_in(admin_page, admin, admin_device, base_url=live_server.url)
    admin_page.goto(live_server.url + "/courts/staff/")
    admin_page.click("text=吴佳怡")
    admin_page.click("[data-testid=enrolment-code-issue]")
    code = admin_page.inner_text("[data-testid=enrolment-code-issued] strong").strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    screenshot_from_top(admin_page, "accounts-01-staff-enrolment-code")
    admin_page.goto(live_server.url + "/admin/")  # the read-only lookup: no authenticator devices, no case data
    assert "身份验证器" not in admin_page.inner_text("#content-main") and "送达任务" not in admin_page.content()
    screenshot(admin_page, "accounts-05-admin-index")
    admin_page.goto(live_server.url + f"/admin/courts/user/{clerk.pk}/change/")
    assert "argon2" not in admin_page.content()
    screenshot(admin_page, "accounts-06-admin-person")
    admin_context.close()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=enrolment-code]")  # the password alone shows no secret
    assert page.locator("[data-testid=totp-secret]").count() == 0
    page.fill("[data-testid=enrolment-code]", "AAAAA-BBBBB")
    page.click("button[type=submit]")
    assert "绑定码不正确" in page.inner_text("[data-testid=enrolment-code-error]")
    screenshot(page, "accounts-02-enrolment-code-refused")
    page.fill("[data-testid=enrolment-code]", code)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=totp-secret]")
    screenshot(page, "accounts-03-bind-authenticator")
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    page.fill("#id_token", totp_code(device))
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")
    page.goto(live_server.url + "/accounts/security/")
    assert "已绑定" in page.inner_text("[data-testid=otp-state]")
    page.fill("#token-name", "办案助手")
    page.click("[data-testid=token-create]")
    assert page.inner_text("[data-testid=new-token] code").startswith("sc_")
    screenshot_from_top(page, "accounts-04-security-page")
    context.close()


def test_the_administrator_registers_the_hall_browser_and_a_visitor_files_there(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    w = world()
    admin = user_with_role(Role.SYSTEM_ADMIN, w.court, full_name="韩信息")
    admin_device = TOTPDevice.objects.create(user=admin, confirmed=True, name="手机")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()

    page.goto(live_server.url + "/portal/kiosk/")  # never registered: turned away
    page.wait_for_selector("[data-testid=kiosk-unregistered]")
    screenshot(page, "kiosk-01-unregistered")

    staff_sign_in(page, admin, admin_device, base_url=live_server.url)
    page.goto(live_server.url + "/portal/kiosk/devices/")
    page.fill("[data-testid=kiosk-device-name]", "诉讼服务中心1号机")
    screenshot_from_top(page, "kiosk-02-devices")
    page.click("[data-testid=kiosk-register-browser]")
    page.wait_for_selector("#k-name")  # the kiosk form of the administrator's court, with nobody signed in
    assert "苏州市姑苏区人民法院" in page.inner_text(".kiosk-title")
    assert page.locator("[data-testid=current-user]").count() == 0

    page.fill("#k-name", "刘小红")
    page.fill("#k-id", PLAINTIFF_ID)
    page.fill("#k-phone", "13800138000")
    page.fill("#k-addr", "苏州市姑苏区人民路1号")
    page.fill("#k-dn", "王大明")
    page.fill("#k-da", "苏州市姑苏区干将路8号")
    page.select_option("#k-cause", value=w.cause.code)
    page.fill("#k-claim", "判令被告归还借款")
    page.fill("#k-amount", "30000")
    page.fill("#k-facts", "2024年3月1日被告向原告借款30000元，约定半年内归还，至今未还。")
    page.set_input_files("#k-files", files=[{"name": "借条.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("text=确认提交并打印回执")
    page.wait_for_selector("[data-testid=receipt]")
    screenshot(page, "kiosk-03-receipt")
    filing = Filing.objects.get()
    assert filing.state == FilingState.SUBMITTED and filing.reference in page.inner_text("[data-testid=receipt]")
    context.close()

"""A judge finds the staff entrance on the home page, signs in with password and TOTP and lands on the workbench; a
party signs in at the litigants' sign-in without TOTP."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import PASSWORD, CourtFactory, user_with_role
from tests.browser.conftest import screenshot, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_judge_signs_in_with_totp_and_sees_the_workbench(page):
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    judge = user_with_role(Role.JUDGE, court, full_name="李明")
    device = TOTPDevice.objects.create(user=judge, confirmed=True, name="手机")
    page.goto(page.base_url + "/")  # a visitor: the public home page, with the staff entrance
    page.click("[data-testid=home-staff-login]")
    page.wait_for_selector("[data-testid=staff-login]")
    assert page.url.endswith("/staff/login/")
    page.fill("#id_username", judge.username)
    page.fill("#id_password", "wrong password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.inner_text("[data-testid=login-error]")
    page.fill("#id_username", judge.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/otp/**")
    page.fill("#id_token", totp_code(device))
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")
    assert "李明" in page.inner_text("[data-testid=current-user]")
    assert page.locator("[data-panel=my_cases]").count() == 1
    screenshot(page, "workbench-judge")


def test_party_signs_in_on_a_phone_without_second_factor(phone_page):
    party = user_with_role(Role.PARTY, CourtFactory(), full_name="王芳")
    phone_page.goto(phone_page.base_url + "/login/")
    phone_page.fill("#id_username", party.username)
    phone_page.fill("#id_password", PASSWORD)
    phone_page.click("button[type=submit]")
    phone_page.wait_for_selector("[data-testid=workbench-title]")
    assert phone_page.locator("[data-panel=party_cases]").count() == 1
    screenshot(phone_page, "workbench-party-phone")

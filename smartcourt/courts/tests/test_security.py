"""Security baseline: argon2, sign-in with lockout, TOTP for staff, CSRF, CSP, session expiry, admin access."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.services import totp_enrolment_code_issue
from smartcourt.courts.tests.factories import PASSWORD, CourtFactory, UserFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_passwords_are_hashed_with_argon2():
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = UserFactory()
    assert user.password.startswith("argon2")


def test_wrong_password_gets_a_chinese_message_not_a_500(client):
    user = UserFactory()
    response = _login(client, user.username, "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_five_failures_lock_the_account_with_429_and_a_chinese_message(client):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, user.username, "nope").status_code == 200
    locked = _login(client, user.username, "nope")
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    # even the right password is refused while locked
    again = _login(client, user.username, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_must_pass_totp_before_any_page(client):
    court = CourtFactory()
    judge = user_with_role(Role.JUDGE, court)
    device = TOTPDevice.objects.create(user=judge, confirmed=True, name="phone")
    response = _login(client, judge.username)
    assert response.status_code == 302
    workbench = client.get("/")
    assert workbench.status_code == 302 and workbench["Location"].endswith("/accounts/otp/")
    bad = client.post("/accounts/otp/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert bad.status_code == 200 and "验证码不正确" in bad.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post("/accounts/otp/", {"token": _code(device)})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditLog.objects.filter(actor=judge, action="auth.totp_verified").exists()


def test_staff_without_a_device_is_sent_to_enrol_one(client):
    clerk = user_with_role(Role.CLERK, CourtFactory())
    _row, code = totp_enrolment_code_issue(user=clerk, actor=SYSTEM)
    _login(client, clerk.username)
    assert client.get("/accounts/otp/")["Location"].endswith("/accounts/otp/setup/")
    page = client.get("/accounts/otp/setup/")
    assert page.status_code == 200 and "绑定码" in page.content.decode()
    page = client.post("/accounts/otp/setup/", {"step": "code", "code": code}, follow=True)
    assert "绑定身份验证器" in page.content.decode() and 'data-testid="totp-secret"' in page.content.decode()
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    assert client.post("/accounts/otp/setup/", {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_parties_and_lawyers_sign_in_without_a_second_factor(client):
    party = user_with_role(Role.PARTY, CourtFactory())
    _login(client, party.username)
    assert client.get("/").status_code == 200


def test_forged_csrf_is_refused_with_a_clear_message():
    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()


def test_every_page_sends_a_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "object-src 'none'" in policy


def test_session_expires_after_idle_time():
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_expired_session_returns_to_login(client):
    party = user_with_role(Role.PARTY, CourtFactory())
    _login(client, party.username)
    client.session.flush()
    client.cookies.clear()
    assert 'data-testid="home-hero"' in client.get("/").content.decode()  # signed out: the public home page
    response = client.get("/portal/cases/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_admin_is_for_verified_system_administrators_only(client):
    court = CourtFactory()
    judge = user_with_role(Role.JUDGE, court, is_staff=True)
    client.force_login(judge)
    assert client.get("/admin/").status_code == 302  # not an administrator: sent to the login page
    admin = user_with_role(Role.SYSTEM_ADMIN, court, is_staff=True)
    login_verified(client, admin)
    assert client.get("/admin/").status_code == 200


def test_prod_settings_require_secret_and_harden_cookies(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DATABASE_URL", "postgres://smartcourt@127.0.0.1:5432/smartcourt")  # prod.py requires one
    prod = importlib.import_module("smartcourt.settings.prod")
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE and prod.SECURE_HSTS_SECONDS >= 31_536_000

"""Binding an authenticator needs more than the password (ADR 0017): a one-time enrolment code an administrator
issued through the audited service, expiring, used once. And the secret is shown only while binding: never after,
on any page, the admin or the API."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.services import AccountRefused, totp_enrolment_code_issue
from smartcourt.courts.tests.factories import PASSWORD, CourtFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _sign_in(client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302


@pytest.fixture
def court_people():  # type: ignore[no-untyped-def]
    court = CourtFactory()
    return {
        "court": court,
        "admin": user_with_role(Role.SYSTEM_ADMIN, court),
        "clerk": user_with_role(Role.CLERK, court),
    }


def test_enrolment_without_a_code_is_refused(client, court_people) -> None:  # type: ignore[no-untyped-def]
    clerk = court_people["clerk"]
    _sign_in(client, clerk)  # the password alone
    page = client.get("/accounts/otp/setup/").content.decode()
    assert 'data-testid="enrolment-code"' in page and 'data-testid="totp-secret"' not in page
    assert not TOTPDevice.objects.filter(user=clerk).exists()  # no secret even generated
    # The old one-step form (a code from an app, no enrolment code) binds nothing.
    forged = TOTPDevice.objects.create(user=clerk, confirmed=False, name="attacker")
    client.post("/accounts/otp/setup/", {"token": _code(forged)})
    forged.refresh_from_db()
    assert not forged.confirmed
    wrong = client.post("/accounts/otp/setup/", {"step": "code", "code": "AAAAA-BBBBB"})
    assert wrong.status_code == 400 and "绑定码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=clerk, confirmed=True).exists()
    assert client.get("/").status_code == 302  # still not through the second factor


def test_an_issued_code_binds_once_and_the_secret_is_never_shown_again(client, court_people) -> None:  # type: ignore[no-untyped-def]
    clerk, admin = court_people["clerk"], court_people["admin"]
    row, code = totp_enrolment_code_issue(user=clerk, actor=admin)
    assert AuditLog.objects.filter(action="auth.totp_enrolment_code_issued", actor=admin).count() == 1
    assert code not in str(row.__dict__)  # only its digest is stored
    _sign_in(client, clerk)
    client.post("/accounts/otp/setup/", {"step": "code", "code": code.lower().replace("-", " ")})
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    assert secret in client.get("/accounts/otp/setup/").content.decode()  # shown while binding
    assert client.post("/accounts/otp/setup/", {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    for url in ("/accounts/otp/setup/", "/accounts/security/", "/api/v1/me"):
        body = client.get(url).content.decode()
        assert secret not in body and device.key not in body, url
    # The code was spent: a second binding with it is refused.
    again = client.post("/accounts/otp/setup/", {"step": "code", "code": code})
    assert again.status_code == 400 and TOTPDevice.objects.filter(user=clerk).count() == 1


def test_an_expired_code_is_refused(client, court_people) -> None:  # type: ignore[no-untyped-def]
    clerk = court_people["clerk"]
    _row, code = totp_enrolment_code_issue(user=clerk, actor=court_people["admin"])
    with time_machine.travel(timezone.now() + timedelta(hours=73), tick=False):
        _sign_in(client, clerk)
        assert client.post("/accounts/otp/setup/", {"step": "code", "code": code}).status_code == 400
    assert not TOTPDevice.objects.filter(user=clerk).exists()


def test_a_new_code_withdraws_the_old_one(court_people) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.courts.selectors_staff import totp_enrolment_code_find

    clerk = court_people["clerk"]
    _first, old = totp_enrolment_code_issue(user=clerk, actor=court_people["admin"])
    _second, new = totp_enrolment_code_issue(user=clerk, actor=court_people["admin"])
    assert totp_enrolment_code_find(user=clerk, code=old) is None
    assert totp_enrolment_code_find(user=clerk, code=new) is not None


def test_codes_are_issued_only_by_another_administrator_of_the_persons_court(court_people) -> None:  # type: ignore[no-untyped-def]
    admin = court_people["admin"]
    with pytest.raises(AccountRefused):
        totp_enrolment_code_issue(user=admin, actor=admin)  # not to oneself
    stranger = user_with_role(Role.CLERK, CourtFactory())
    with pytest.raises(AccountRefused):
        totp_enrolment_code_issue(user=stranger, actor=admin)  # not at another court
    with pytest.raises(AccountRefused):
        totp_enrolment_code_issue(user=court_people["clerk"], actor=court_people["clerk"])
    assert not AuditLog.objects.filter(action="auth.totp_enrolment_code_issued").exists()


def test_the_staff_page_issues_a_code_shown_once(client, court_people) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, court_people["admin"])
    page = client.post(f"/courts/staff/{court_people['clerk'].pk}/", {"action": "enrolment_code"}).content.decode()
    assert 'data-testid="enrolment-code-issued"' in page
    assert (
        'data-testid="enrolment-code-issued"'
        not in client.get(f"/courts/staff/{court_people['clerk'].pk}/").content.decode()
    )


def test_the_command_issues_a_code_for_a_first_administrator(court_people, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("totp_enrolment_code", court_people["admin"].username)
    assert "绑定码" in capsys.readouterr().out
    row = AuditLog.objects.get(action="auth.totp_enrolment_code_issued")
    assert row.actor is None and row.extra["actor"] == "system"

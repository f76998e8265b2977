"""Login throttling per account across addresses and per address across accounts, with the client's address taken
from X-Forwarded-For only when the request came through a trusted proxy (ADR 0017)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from smartcourt.core.client_ip import client_ip
from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import PASSWORD, CourtFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _smaller_address_limit(settings):  # type: ignore[no-untyped-def]
    """Each failed sign-in hashes a password (argon2, deliberately slow): a per-address limit of 8 instead of 20
    tests the same rule with fewer hashes. Still above the per-account limit, as in production."""
    settings.LOGIN_FAILURES_PER_IP = 8
    assert settings.LOGIN_FAILURES_PER_IP > settings.LOGIN_FAILURES_PER_ACCOUNT


def _login(client, username: str, password: str, **meta: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password}, **meta)


def test_one_account_is_locked_whatever_addresses_the_guesses_come_from(client, settings) -> None:  # type: ignore[no-untyped-def]
    victim = UserFactory()
    for n in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert _login(client, victim.username, "guess", REMOTE_ADDR=f"198.51.100.{n + 1}").status_code in (200, 429)
    locked = _login(client, victim.username, PASSWORD, REMOTE_ADDR="203.0.113.99")  # a fresh address, right password
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    other = UserFactory()  # the lock is the account's: another account from those addresses still signs in
    assert _login(client, other.username, PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_one_address_is_locked_whatever_accounts_it_tries(client, settings) -> None:  # type: ignore[no-untyped-def]
    address = "198.51.100.7"
    for n in range(settings.LOGIN_FAILURES_PER_IP):  # one guess per account: no account reaches its own limit
        _login(client, f"nobody{n}", "Password123!", REMOTE_ADDR=address)
    honest = UserFactory()
    assert _login(client, honest.username, PASSWORD, REMOTE_ADDR=address).status_code == 429
    assert _login(client, honest.username, PASSWORD, REMOTE_ADDR="203.0.113.5").status_code == 302


def test_fewer_failures_than_each_limit_lock_nothing(client, settings) -> None:  # type: ignore[no-untyped-def]
    address = "198.51.100.8"
    for n in range(settings.LOGIN_FAILURES_PER_IP - 1):
        _login(client, f"nobody{n}", "Password123!", REMOTE_ADDR=address)
    assert _login(client, UserFactory().username, PASSWORD, REMOTE_ADDR=address).status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_failures_against_others(client, settings) -> None:  # type: ignore[no-untyped-def]
    """Anyone may register an account: signing in to it between guesses must not reset the guesses' count."""
    victim, attacker = UserFactory(), UserFactory()
    address = "198.51.100.9"
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        _login(client, victim.username, "guess", REMOTE_ADDR=address)
    assert _login(client, attacker.username, PASSWORD, REMOTE_ADDR=address).status_code == 302
    client.logout()
    _login(client, victim.username, "guess", REMOTE_ADDR=address)
    assert _login(client, victim.username, PASSWORD, REMOTE_ADDR="203.0.113.6").status_code == 429


def test_forwarded_for_is_ignored_from_an_untrusted_peer(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.7"
    # Through the login: a client that rotates X-Forwarded-For is still one address, and is locked as one.
    for n in range(settings.LOGIN_FAILURES_PER_IP):
        _login(client, f"nobody{n}", "x-Password-1", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    honest = UserFactory()
    fresh = _login(client, honest.username, PASSWORD, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert fresh.status_code == 429


def test_forwarded_for_is_used_from_a_trusted_proxy(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "::1"]
    factory = RequestFactory()
    via_proxy = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(via_proxy) == "198.51.100.1"
    # A client's own made-up entry sits to the left of what our proxy appended: it is never believed.
    spoofed = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")
    assert client_ip(spoofed) == "198.51.100.1"
    chained = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.3")
    assert client_ip(chained) == "198.51.100.1"
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="garbage")) == "10.0.0.2"
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
    # Through the login: two clients behind the same proxy are two addresses — one's failures do not lock the other.
    for n in range(settings.LOGIN_FAILURES_PER_IP):
        _login(client, f"nobody{n}", "x-Password-1", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    honest = user_with_role(Role.PARTY, CourtFactory())
    ok = _login(client, honest.username, PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert ok.status_code == 302
    assert AuditLog.objects.get(action="auth.login", actor=honest).ip_address == "198.51.100.2"
    client.logout()
    blocked = _login(client, honest.username, PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert blocked.status_code == 429

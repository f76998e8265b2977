"""Personal API tokens expire, are listed and revoked by their owner (account page and API), and all die with a
password change, by whatever path the password changed (ADR 0017)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from smartcourt.core.models import AuditLog
from smartcourt.courts.models import ApiToken
from smartcourt.courts.roles import Role
from smartcourt.courts.services import api_token_create
from smartcourt.courts.tests.factories import PASSWORD, CourtFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db


def _me(client, raw: str):  # type: ignore[no-untyped-def]
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def lawyer():  # type: ignore[no-untyped-def]
    return user_with_role(Role.LAWYER, CourtFactory())


def test_an_expired_token_is_refused(client, lawyer, settings) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(timezone.now(), tick=False):
        token, raw = api_token_create(user=lawyer, name="律所系统")
    assert token.expires_at == token.created_at + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)
    assert _me(client, raw).status_code == 200
    with time_machine.travel(token.expires_at + timedelta(seconds=1), tick=False):
        response = _me(client, raw)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    short, raw_short = api_token_create(user=lawyer, name="一周", lifetime_days=7)
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        assert _me(client, raw_short).status_code == 401
    assert short.expires_at < token.expires_at


def test_a_lifetime_beyond_the_setting_is_refused(client, lawyer, settings) -> None:  # type: ignore[no-untyped-def]
    _token, raw = api_token_create(user=lawyer, name="t")
    response = client.post(
        "/api/v1/me/tokens",
        {"name": "永久", "lifetime_days": settings.API_TOKEN_LIFETIME_DAYS + 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400 and ApiToken.objects.filter(user=lawyer).count() == 1


def test_the_owner_lists_and_revokes_a_token_through_the_api(client, lawyer) -> None:  # type: ignore[no-untyped-def]
    _keep, raw_keep = api_token_create(user=lawyer, name="保留")
    gone, raw_gone = api_token_create(user=lawyer, name="吊销")
    listed = client.get("/api/v1/me/tokens", HTTP_AUTHORIZATION=f"Bearer {raw_keep}")
    assert listed.status_code == 200 and {t["name"] for t in listed.json()} == {"保留", "吊销"}
    assert raw_gone not in listed.content.decode() and gone.key_hash not in listed.content.decode()
    stranger = user_with_role(Role.LAWYER, CourtFactory())
    _t, raw_stranger = api_token_create(user=stranger, name="他人")
    assert client.delete(f"/api/v1/me/tokens/{gone.pk}", HTTP_AUTHORIZATION=f"Bearer {raw_stranger}").status_code == 404
    assert _me(client, raw_gone).status_code == 200  # another person cannot revoke it
    assert client.delete(f"/api/v1/me/tokens/{gone.pk}", HTTP_AUTHORIZATION=f"Bearer {raw_keep}").status_code == 204
    assert _me(client, raw_gone).status_code == 401 and _me(client, raw_keep).status_code == 200
    gone.refresh_from_db()
    assert gone.revoked_reason == ApiToken.RevokedReason.OWNER
    assert AuditLog.objects.filter(action="api_token.revoked", actor=lawyer, target_id=str(gone.pk)).count() == 1


def test_the_owner_revokes_a_token_on_the_account_page(client, lawyer) -> None:  # type: ignore[no-untyped-def]
    token, raw = api_token_create(user=lawyer, name="脚本")
    client.force_login(lawyer)
    page = client.get("/accounts/security/").content.decode()
    assert "脚本" in page and token.prefix in page and raw not in page
    assert client.post("/accounts/security/", {"action": "token_revoke", "token": token.pk}).status_code == 302
    assert _me(client.__class__(), raw).status_code == 401
    created = client.post("/accounts/security/", {"action": "token_create", "name": "新令牌"}).content.decode()
    assert 'data-testid="new-token"' in created  # shown once, on this answer only
    assert 'data-testid="new-token"' not in client.get("/accounts/security/").content.decode()
    assert ApiToken.objects.get(name="新令牌").key_hash not in created


def test_a_password_change_kills_every_token(client, lawyer) -> None:  # type: ignore[no-untyped-def]
    _a, raw_a = api_token_create(user=lawyer, name="甲")
    _b, raw_b = api_token_create(user=lawyer, name="乙")
    client.force_login(lawyer)
    wrong = client.post(
        "/accounts/security/",
        {
            "action": "password",
            "old_password": "wrong",
            "new_password": "N3w-Pass-2026!",
            "new_password2": "N3w-Pass-2026!",
        },
    )
    assert wrong.status_code == 400 and _me(client.__class__(), raw_a).status_code == 200
    done = client.post(
        "/accounts/security/",
        {
            "action": "password",
            "old_password": PASSWORD,
            "new_password": "N3w-Pass-2026!",
            "new_password2": "N3w-Pass-2026!",
        },
    )
    assert done.status_code == 302
    assert client.get("/accounts/security/").status_code == 200  # this session stays signed in
    api = client.__class__()
    assert _me(api, raw_a).status_code == 401 and _me(api, raw_b).status_code == 401
    assert set(ApiToken.objects.values_list("revoked_reason", flat=True)) == {ApiToken.RevokedReason.PASSWORD_CHANGED}
    assert AuditLog.objects.get(action="auth.password_changed").extra["api_tokens_revoked"] == 2


def test_a_password_changed_any_other_way_kills_the_tokens_too(client, lawyer) -> None:  # type: ignore[no-untyped-def]
    _token, raw = api_token_create(user=lawyer, name="甲")
    lawyer.set_password("Another-Pass-2026")  # as `manage.py changepassword` or a reset would
    lawyer.save()
    assert _me(client, raw).status_code == 401


def test_staff_reach_the_account_page_only_after_the_second_factor(client) -> None:  # type: ignore[no-untyped-def]
    """A password alone must not mint an API token (tokens skip the second factor)."""
    judge = user_with_role(Role.JUDGE, CourtFactory())
    client.force_login(judge)
    response = client.post("/accounts/security/", {"action": "token_create", "name": "绕过"})
    assert response.status_code == 302 and "/accounts/otp/" in response["Location"]
    assert not ApiToken.objects.filter(user=judge).exists()
    login_verified(client, judge)
    assert client.get("/accounts/security/").status_code == 200


def test_changepassword_command_ends_tokens(lawyer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    _token, raw = api_token_create(user=lawyer, name="甲")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Another-Pass-2026")
    call_command("changepassword", lawyer.username, verbosity=0)
    assert _me(Client(), raw).status_code == 401

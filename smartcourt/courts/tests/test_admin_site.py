"""The Django admin is a read-only lookup limited to what the table allows (ADR 0017): no superuser path, no TOTP
secret, password hash or token on any admin page, no case data or personal data to browse."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.courts.models import Court
from smartcourt.courts.roles import Role
from smartcourt.courts.services import api_token_create
from smartcourt.courts.tests.factories import CourtFactory, UserFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db

# What the admin may show: organisation, configuration, scheduling. Anything else registered later (case data,
# personal data, secrets) must be argued for in ADR 0017 first.
ALLOWED = {
    "courts.user",
    "courts.court",
    "courts.division",
    "courts.room",
    "courts.rolegrant",
    "courts.holidayyear",
    "courts.apitoken",
    "jobs.tasklease",
    "jobs.taskrecovery",
    "jobs.schedulerun",
    "filing.courtfeesetting",
    "service.servicepolicy",
    "ledger.ledgercheckpoint",
    "ledger.ledgerwitness",
    "dossier_custody.storagelocation",
}
SETTINGS_FORMS = {"filing.courtfeesetting", "service.servicepolicy", "ledger.ledgerwitness"}


@pytest.fixture
def world(client):  # type: ignore[no-untyped-def]
    court = CourtFactory()
    # The demo's administrator as it was: also a Django superuser. The flag must add nothing.
    admin_user = user_with_role(Role.SYSTEM_ADMIN, court, is_superuser=True, is_staff=True)
    judge = user_with_role(Role.JUDGE, court)
    device = TOTPDevice.objects.create(user=judge, name="phone", confirmed=True)
    static = StaticDevice.objects.create(user=judge, name="backup", confirmed=True)
    StaticToken.objects.create(device=static, token="backup77")
    _token, raw = api_token_create(user=judge, name="脚本")
    login_verified(client, admin_user)
    return {"court": court, "admin": admin_user, "judge": judge, "device": device, "raw_token": raw}


def test_only_the_allowed_tables_are_registered() -> None:
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered <= ALLOWED, registered - ALLOWED
    for absent in ("otp_totp.totpdevice", "otp_static.staticdevice", "cases.case", "portal.litigantaccount"):
        assert absent not in registered


def test_admin_pages_never_contain_a_totp_secret_password_hash_or_token(client, world) -> None:  # type: ignore[no-untyped-def]
    judge, device = world["judge"], world["device"]
    secrets = {
        device.key,  # hex, as stored
        base64.b32encode(device.bin_key).decode(),  # as an authenticator shows it
        base64.b32encode(device.bin_key).decode().rstrip("="),
        judge.password,  # the argon2 hash
        judge.password.split("$")[-1],
        world["raw_token"],
        judge.api_tokens.get().key_hash,
        judge.api_tokens.get().password_stamp,
        "backup77",
    }
    pages = ["/admin/"]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages.append(base)
        for pk in model._default_manager.values_list("pk", flat=True)[:20]:
            pages.append(f"{base}{pk}/change/")
    pages += [f"/admin/courts/user/{judge.pk}/change/", f"/admin/courts/user/{judge.pk}/password/"]
    seen = 0
    for url in pages:
        response = client.get(url, follow=True)
        html = response.content.decode()
        for secret in secrets:
            assert secret not in html, (url, secret[:8])
        seen += response.status_code == 200
    assert seen > len(admin.site._registry)  # the pages did render: this is not a test of 404s
    assert client.get(f"/admin/courts/user/{judge.pk}/change/").status_code == 200
    assert "已绑定" in client.get(f"/admin/courts/user/{judge.pk}/change/").content.decode()
    for url in ("/admin/otp_totp/totpdevice/", f"/admin/otp_totp/totpdevice/{device.pk}/change/"):
        assert client.get(url).status_code == 404
    assert client.get("/admin/password_change/")["Location"] == "/accounts/security/"  # the one, audited way


def test_the_admin_is_read_only(client, world) -> None:  # type: ignore[no-untyped-def]
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        request = client.get("/admin/").wsgi_request
        if label in SETTINGS_FORMS:
            continue  # written through their audited services, own court only (below)
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label
    judge = world["judge"]
    client.post(f"/admin/courts/user/{judge.pk}/change/", {"username": judge.username, "is_superuser": "on"})
    judge.refresh_from_db()
    assert not judge.is_superuser


def test_a_superuser_without_the_tables_grant_gets_no_admin(client) -> None:  # type: ignore[no-untyped-def]
    superuser = UserFactory(is_superuser=True, is_staff=True)
    login_verified(client, superuser)
    assert client.get("/admin/", follow=True).status_code == 403
    assert client.get("/admin/courts/user/", follow=True).status_code == 403
    client.logout()
    response = client.get("/admin/", follow=True)  # signed out: the one sign-in page, then back to the admin
    assert response.redirect_chain[-1][0].startswith("/staff/login/?next=")
    assert "系统管理" not in client.get("/").content.decode()  # no menu entry either


def test_people_are_listed_only_for_the_courts_the_admin_manages(client, world) -> None:  # type: ignore[no-untyped-def]
    stranger = user_with_role(Role.JUDGE, CourtFactory(), full_name="外院法官")
    listing = client.get("/admin/courts/user/").content.decode()
    assert world["judge"].username in listing and stranger.username not in listing
    assert client.get(f"/admin/courts/user/{stranger.pk}/change/", follow=True).status_code in (200, 404)
    assert "外院法官" not in client.get(f"/admin/courts/user/{stranger.pk}/change/", follow=True).content.decode()
    assert stranger.username not in client.get("/admin/courts/rolegrant/").content.decode()


def test_fee_points_are_set_for_the_admins_own_court_only(client, world) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.filing.models import CourtFeeSetting

    other = CourtFactory()
    page = client.get("/admin/filing/courtfeesetting/add/").content.decode()
    choices = set(re.findall(r'<option value="(\d+)"', page))
    assert str(world["court"].pk) in choices and str(other.pk) not in choices
    response = client.post(
        "/admin/filing/courtfeesetting/add/", {"court": other.pk, "kind": "divorce", "point": "max", "value": ""}
    )
    assert response.status_code == 200  # the form refuses a court outside the choices
    assert not CourtFeeSetting.objects.filter(court=other).exists()
    assert Court.objects.filter(pk=other.pk).exists()

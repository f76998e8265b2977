"""The demo's administrator still signs in (password, then TOTP) but is no superuser, and reads no case; the demo
kiosk terminal is registered and `demo_logins` prints how to use it (ADR 0017)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.selectors import case_visible_to
from smartcourt.courts.models import User
from smartcourt.demo import kiosk
from smartcourt.demo.seed import DEMO_PASSWORD, DemoSeeder

pytestmark = pytest.mark.django_db


def test_the_demo_admin_signs_in_without_being_a_superuser(client, capsys) -> None:  # type: ignore[no-untyped-def]
    seeder = DemoSeeder(seed=2025, log=lambda msg: None)
    seeder.load_reference_data()
    seeder.courts_and_staff()
    kiosk.demo_seed(seed=2025, log=lambda msg: None)
    admin = User.objects.get(username="demo_admin")
    assert not admin.is_superuser and not admin.is_staff
    signed_in = client.post("/accounts/login/", {"username": "demo_admin", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    device = TOTPDevice.objects.get(user=admin)
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    assert client.post("/accounts/otp/", {"token": code}).status_code == 302
    home = client.get("/").content.decode()
    assert "人员与角色" in home and "自助立案终端" in home and 'href="/cases/"' not in home
    assert client.get("/admin/").status_code == 200
    assert client.get("/courts/staff/").status_code == 200
    assert not case_visible_to(user=admin).exists()

    call_command("demo_logins")
    out = capsys.readouterr().out
    key = kiosk.demo_kiosk_key(2025)
    assert "demo_admin" in out and f"X-Kiosk-Key: {key}" in out and "/portal/kiosk/activate/" in out
    client.logout()
    assert client.get("/portal/kiosk/", HTTP_X_KIOSK_KEY=key, follow=True).status_code == 200
    unregistered = client.get("/portal/kiosk/", follow=True)  # an answer for a visitor, never the form
    assert unregistered.status_code == 200 and 'data-testid="kiosk-unregistered"' in unregistered.content.decode()

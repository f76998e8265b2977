"""The hearing room page with the LiveKit backend (issue 16, ADR 0031): the vendored official client loads under the
page's Content-Security-Policy and `LivekitClient.Room` exists, with the server URL configured and no token in the
page. No LiveKit server is available here: connecting is not exercised (the token endpoint is tested over HTTP)."""

from __future__ import annotations

import pytest

from smartcourt.courts.tests.factories import PASSWORD
from smartcourt.hearings.room import services as S
from smartcourt.hearings.room.tests.factories import online_hearing, ready_lawyer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVEKIT = {"HEARING_VIDEO_BACKEND": "livekit", "LIVEKIT_URL": "wss://media.court.example", "LIVEKIT_API_KEY": "APIcourt",
           "LIVEKIT_API_SECRET": "s3cret-livekit-0123456789abcdef0"}  # fmt: skip


def test_the_livekit_client_loads_on_the_room_page(page, settings) -> None:  # type: ignore[no-untyped-def]
    for name, value in LIVEKIT.items():
        setattr(settings, name, value)
    rw = online_hearing()
    ready_lawyer(rw)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", rw.lawyer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")
    page.goto(page.base_url + S.room_url(rw.room))
    page.wait_for_function("() => window.scRoom !== undefined")
    assert page.evaluate("() => typeof window.LivekitClient.Room") == "function"
    assert page.evaluate("() => typeof window.LivekitClient.RoomEvent.TrackSubscribed") == "string"
    config = page.evaluate("() => JSON.parse(document.getElementById('sc-room-config').textContent)")
    assert config["backend"] == "livekit" and config["url"] == "wss://media.court.example" and "token" not in config
    assert page.evaluate("() => window.scRoom.backend()") == "livekit"
    assert not violations, violations

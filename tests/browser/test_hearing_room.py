"""The online hearing room, for real (issue 16, "Done when"): two Chromium contexts with fake camera and microphone.
The lawyer (real-name verified, identity confirmed by the clerk) accepts the court discipline and waits in the lobby;
the judge admits; each side receives the other's live video and audio (framesDecoded and audioLevel from
RTCPeerConnection.getStats()); the judge records, the recording is filed into the dossier and its ledger proof
verifies on the ledger's verification page.

Websockets need an ASGI server: the project's own ASGI app (smartcourt.asgi's pieces, static files added) runs under
uvicorn in a thread of the test process, on a port of this test's range, against the test database."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.courts.tests.factories import PASSWORD
from smartcourt.hearings.room import services as S
from smartcourt.hearings.room.models import Recording
from smartcourt.hearings.room.tests.factories import online_hearing, real_name_verify
from smartcourt.ledger import services as ledger_services
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PORTS = range(8171, 8180)  # this test's range (the room engineer's 8170–8179; 8170 left to a demo server)
MEDIA_ARGS = [
    "--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required", "--disable-background-networking", "--no-first-run",
]  # fmt: skip


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    pytest.skip("no free port in 8171–8179")


@pytest.fixture
def asgi_server(transactional_db) -> Iterator[str]:  # type: ignore[no-untyped-def]
    import uvicorn
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    from smartcourt.asgi import PooledWsgiToAsgi
    from smartcourt.hearings.room.routing import websocket_urlpatterns

    app = ProtocolTypeRouter(
        {
            "http": PooledWsgiToAsgi(StaticFilesHandler(get_wsgi_application())),
            "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns)),
        }
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, ws="wsproto", lifespan="off", log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def media_browser(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A second Chromium from the session's Playwright, with a fake camera and microphone that need no prompt."""
    from tests.browser.conftest import CHROMIUM

    media = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=MEDIA_ARGS)
    yield media
    media.close()


def _context(media_browser: Any) -> Any:
    context = media_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _wait_media(page: Any, deadline: float) -> dict:
    stats: dict = {}
    while time.monotonic() < deadline:
        stats = page.evaluate("() => window.scRoom.stats()")
        if stats["framesDecoded"] > 0 and stats["audioLevel"] > 0:
            return stats
        page.wait_for_timeout(500)
    return stats


def test_the_judge_admits_the_lawyer_both_see_and_hear_and_the_recording_is_filed(media_browser, asgi_server) -> None:  # type: ignore[no-untyped-def]
    rw = online_hearing()
    real_name_verify(rw.lawyer)
    S.room_identity_confirm(participant=rw.participant(rw.lawyer), actor=rw.clerk, method="id_card")
    lawyer_p = rw.participant(rw.lawyer)
    device = TOTPDevice.objects.create(user=rw.judge, confirmed=True)
    url = asgi_server + S.room_url(rw.room)

    judge_ctx, judge = _context(media_browser)
    lawyer_ctx, lawyer = _context(media_browser)
    try:
        staff_sign_in(judge, rw.judge, device, base_url=asgi_server)
        judge.goto(url)
        judge.get_by_test_id("join").click()
        judge.wait_for_function("() => window.scRoom.joined()")
        assert "已进入庭审" in judge.get_by_test_id("room-status").inner_text()

        lawyer.goto(asgi_server + "/accounts/login/")
        lawyer.fill("#id_username", rw.lawyer.username)
        lawyer.fill("#id_password", PASSWORD)
        lawyer.click("button[type=submit]")
        lawyer.wait_for_selector("[data-testid=workbench-title]")
        lawyer.goto(url)
        assert "已实名认证" in lawyer.get_by_test_id("check-identity").inner_text()
        with lawyer.expect_navigation():
            lawyer.get_by_test_id("accept-notice").click()
        lawyer.get_by_test_id("device-test").click()
        lawyer.wait_for_function("() => document.getElementById('sc-device-status').textContent.includes('摄像头')")
        screenshot(lawyer, "hearing-room-01-lawyer-prejoin")
        lawyer.get_by_test_id("join").click()
        lawyer.wait_for_function(
            "() => document.querySelector('[data-testid=room-status]').textContent.includes('等候室')"
        )
        assert not lawyer.evaluate("() => window.scRoom.joined()")  # in the lobby: no media

        judge.reload()  # the lobby row with its admit button (the live notice marks it too)
        judge.get_by_test_id("join").click()
        judge.wait_for_function("() => window.scRoom.joined()")
        judge.get_by_test_id(f"admit-{lawyer_p.pk}").click()
        lawyer.wait_for_function("() => window.scRoom.joined()")
        judge.wait_for_function("() => window.scRoom.peerCount() === 1")
        deadline = time.monotonic() + 60
        judge_stats = _wait_media(judge, deadline)
        lawyer_stats = _wait_media(lawyer, deadline)
        assert judge_stats["framesDecoded"] > 0 and judge_stats["audioLevel"] > 0, judge_stats
        assert lawyer_stats["framesDecoded"] > 0 and lawyer_stats["audioLevel"] > 0, lawyer_stats
        screenshot(judge, "hearing-room-02-judge-in-session")
        screenshot(lawyer, "hearing-room-03-lawyer-in-session")

        judge.get_by_test_id("record-start").click()
        judge.wait_for_function(
            "() => /已上传 [2-9]/.test(document.querySelector('[data-testid=record-status]').textContent)",
            timeout=60_000,
        )
        judge.get_by_test_id("record-stop").click()
        judge.wait_for_selector("[data-testid=recording-link]", timeout=60_000)
        recording = Recording.objects.get(room=rw.room)
        assert recording.state == "filed" and recording.size > 0 and recording.dossier_document_id
        assert recording.chunks.count() >= 2
        ledger_services.ledger_flush()
        ledger_services.ledger_checkpoint_publish(force=True)
        judge.goto(f"{asgi_server}/ledger/verify/?sha256={recording.sha256}")
        result = judge.get_by_test_id("ledger-result")
        assert result.get_attribute("data-status") == "recorded"
        assert "包含证明已校验" in result.inner_text()
        lawyer.goto(f"{url}recordings/{recording.key}/")
        assert lawyer.get_by_test_id("recording-sha256").inner_text() == recording.sha256
        lawyer.wait_for_function("() => document.querySelector('[data-testid=playback]').readyState >= 1")
        screenshot(lawyer, "hearing-room-04-playback")
    finally:
        judge_ctx.close()
        lawyer_ctx.close()

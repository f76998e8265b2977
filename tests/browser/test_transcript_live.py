"""Live push in the transcript editor (issue 16): two clerks' browsers (the clerk and the judge, each in a context of
their own) on one transcript, served by the project's ASGI app so the websocket works. When one saves, the other's
page shows the new text at once; when the other has unsaved edits of its own, it is told and offered to load the
newer version instead of only meeting a 409 on its next save."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.hearings.models import Transcript
from smartcourt.hearings.services import hearing_schedule
from smartcourt.hearings.tests.factories import at, booking, build_world
from smartcourt.legaltime.selectors import calendar_load
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_url(transactional_db) -> Iterator[str]:  # type: ignore[no-untyped-def]
    import uvicorn
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    from smartcourt.asgi import PooledWsgiToAsgi
    from smartcourt.hearings.routing import websocket_urlpatterns

    app = ProtocolTypeRouter(
        {
            "http": PooledWsgiToAsgi(StaticFilesHandler(get_wsgi_application())),
            "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns)),
        }
    )
    with socket.socket() as s:  # a free port chosen by the system
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
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


def _day():  # type: ignore[no-untyped-def]
    calendar = calendar_load()
    day = timezone.localdate() + timedelta(days=7)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _entry(page, n: int, speaker: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.click("[data-testid=add-entry]")
    entry = page.locator("[data-testid=entry]").nth(n)
    entry.locator('[data-f="speaker"]').fill(speaker)
    entry.locator('[data-f="text"]').fill(text)


def test_a_save_appears_in_the_other_clerks_editor(browser, asgi_url) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    day = _day()
    hearing = hearing_schedule(
        case=world.cases["a"], data=booking(world.a, at(day, 9), at(day, 11)), actor=world.a.judge
    ).hearing
    url = asgi_url + f"/hearings/{hearing.pk}/transcript/"
    contexts = [browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        clerk, judge = (c.new_page() for c in contexts)
        for page, user in ((clerk, world.a.clerk), (judge, world.a.judge)):
            page.set_default_timeout(20_000)
            staff_sign_in(page, user, TOTPDevice.objects.create(user=user, confirmed=True), base_url=asgi_url)
            page.goto(url)
            page.wait_for_function("() => document.getElementById('transcript-editor').dataset.live === 'on'")
        # the clerk writes and saves: the judge's page shows it without a reload
        _entry(clerk, 0, "审判长", "现在开庭，核对当事人身份。")
        clerk.click("[data-testid=save-now]")
        clerk.wait_for_selector("[data-testid=save-status]:has-text('已保存')")
        judge.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=entry] textarea')].some(t => t.value.includes('核对当事人身份'))"
        )
        assert "已自动更新" in judge.get_by_test_id("live-alert").inner_text()
        assert judge.evaluate("() => document.getElementById('transcript-editor').dataset.revision") == "1"
        # the judge's own save on the pushed revision goes through (no 409)
        _entry(judge, 1, "原告代理人", "原告坚持诉讼请求。")
        judge.click("[data-testid=save-now]")
        judge.wait_for_selector("[data-testid=save-status]:has-text('第2版')")
        clerk.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=entry] textarea')].some(t => t.value.includes('坚持诉讼请求'))"
        )
        # with unsaved edits, the page is told and offered the newer version instead of being overwritten
        _entry(
            judge, 2, "被告代理人", "被告对借款无异议。"
        )  # typed first: the save below follows the clerk's edit at once
        clerk.locator("[data-testid=entry]").nth(1).locator('[data-f="text"]').fill("书记员正在修改，尚未保存")
        judge.click("[data-testid=save-now]")
        judge.wait_for_selector("[data-testid=save-status]:has-text('第3版')")
        clerk.wait_for_selector("[data-testid=live-load]:visible")
        assert "未保存的修改" in clerk.get_by_test_id("live-alert").inner_text()
        screenshot(clerk, "transcript-live-01-offer-newer-version")
        clerk.click("[data-testid=live-load]")
        assert clerk.locator("[data-testid=entry]").count() == 3
        assert clerk.evaluate("() => document.getElementById('transcript-editor').dataset.revision") == "3"
        assert Transcript.objects.get().revision == 3
    finally:
        for c in contexts:
            c.close()

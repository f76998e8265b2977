"""No page logs a Content-Security-Policy violation or a JavaScript error, for any role: a real browser signs in as
every demo role (and as an anonymous visitor on the public pages), opens its landing page and a sample of the pages
linked from there, hovers the charts, and collects the console. The test-client crawl (smartcourt/demo/tests/
test_role_crawl.py) walks many more pages but runs no JavaScript; this one sees what the browser sees."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from smartcourt.courts.models import User
from smartcourt.courts.tests.factories import login_verified
from smartcourt.demo.seed import DEMO_LOGINS, DemoSeeder

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAGES_PER_ROLE = 12
PUBLIC_PAGES = (
    "/",
    "/portal/lookup/",
    "/login/",
    "/staff/login/",
    "/portal/register/",
    "/filing/fees/",
    "/cases/deadlines/",
    "/cases/deadlines/trial-period/",
    "/ledger/verify/",
    "/portal/kiosk/",
)
# Downloads, exports and the sign-out are no pages to open; the Django admin is not ours.
_SKIP = re.compile(r"(\.(pdf|png|jpe?g|zip|ics|csv|txt|mjs|js|css|map)$)|/logout|/download|export|/file$|/image$")


class Console:
    """Every console error, uncaught exception and CSP violation of one browser context, with the page it was on."""

    def __init__(self, context) -> None:  # type: ignore[no-untyped-def]
        self.problems: list[tuple[str, str]] = []
        # Chromium reports a CSP violation as a console error too; the event also names the directive.
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e =>"
            " console.error('CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
        )
        self.context = context

    def watch(self, page) -> None:  # type: ignore[no-untyped-def]
        page.on("console", lambda m: m.type == "error" and self.problems.append((page.url, m.text)))
        page.on("pageerror", lambda e: self.problems.append((page.url, f"uncaught: {e}")))


def _links(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        parts = urlsplit(href)
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != base:
            continue
        if not parts.path.startswith("/") or parts.path.startswith(("/static/", "/admin/")) or _SKIP.search(parts.path):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def _hover_charts(page) -> None:  # type: ignore[no-untyped-def]
    for canvas in page.query_selector_all("canvas"):
        box = canvas.bounding_box()
        if box and box["width"] > 50:
            for x in (0.25, 0.5, 0.75):
                page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * 0.6)
                page.wait_for_timeout(100)


def _walk(page, base: str, start: list[str], limit: int) -> int:  # type: ignore[no-untyped-def]
    seen: set[str] = set()
    queue = list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        _hover_charts(page)
        queue.extend(link for link in _links(page, base) if link not in seen)
    return len(seen)


@pytest.fixture
def demo_court(transactional_db):  # type: ignore[no-untyped-def]
    seeder = DemoSeeder(seed=11, log=lambda msg: None)
    seeder.load_reference_data()
    seeder.courts_and_staff()
    seeder.cases(per_basic=6, per_intermediate=4, high=2)
    seeder.filings()
    call_command("seed_demo", verbosity=0)  # every app's own demo data (dossiers, service, custody, ledger)


def test_no_page_logs_a_csp_violation_or_a_script_error_for_any_role(browser, live_server, demo_court) -> None:
    base = live_server.url
    problems: dict[str, list[tuple[str, str]]] = {}
    walked: dict[str, int] = {}
    anonymous = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    console = Console(anonymous)
    page = anonymous.new_page()
    console.watch(page)
    walked["visitor"] = _walk(page, base, list(PUBLIC_PAGES), len(PUBLIC_PAGES))
    if console.problems:
        problems["visitor"] = console.problems
    anonymous.close()
    for login in DEMO_LOGINS:
        client = Client()
        login_verified(client, User.objects.get(username=login.username))
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])  # fmt: skip
        console = Console(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        console.watch(page)
        start = ["/", "/service/stats/"] if login.username == "demo_clerk" else ["/"]
        walked[login.username] = _walk(page, base, start, PAGES_PER_ROLE)
        if console.problems:
            problems[login.username] = console.problems
        context.close()
    assert all(n > 1 for n in walked.values()), walked
    assert problems == {}, problems


def test_a_csp_violation_is_caught(browser, live_server) -> None:
    """The check can fail: an inline style attribute, which the policy forbids, is reported."""
    context = browser.new_context()
    console = Console(context)
    page = context.new_page()
    console.watch(page)
    page.goto(live_server.url + "/staff/login/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"color:red\">x</div>')")
    page.wait_for_timeout(200)
    context.close()
    assert any("style-src" in text for _url, text in console.problems), console.problems

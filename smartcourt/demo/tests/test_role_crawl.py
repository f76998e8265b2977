"""No link the site shows a person ends in a 403, 404 or 500: sign in as every demo role (and walk the public pages as
a visitor), start from the landing page and follow every same-site link shown (breadth first, a bounded number of
pages per role). No page carries markup the Content-Security-Policy blocks (an inline script, a style attribute or
element, an on… handler): the test client runs no JavaScript, so what scripts do in the browser is checked by
tests/browser/test_console_clean.py."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from smartcourt.courts.models import User
from smartcourt.courts.tests.factories import login_verified
from smartcourt.demo.seed import DEMO_LOGINS, DemoSeeder

PAGES_PER_ROLE = 80
_HREF = re.compile(r'href="([^"#]+)"')
# Files, downloads and exports are not pages to walk (they are tested where they are made); logout ends the walk.
_SKIP = re.compile(r"(\.(pdf|png|jpe?g|zip|ics|csv|txt|mjs|js|css|map)$)|/logout|/download|export|^/static/|^/admin/")


# What `script-src 'self'` and `style-src 'self'` block: inline scripts (a JSON data block is no script), style
# attributes and elements, event-handler attributes.
_INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    "style attribute": re.compile(r"<[a-zA-Z][^>]*\sstyle=", re.S),
    "style element": re.compile(r"<style[\s>]"),
    "event handler": re.compile(r"<[a-zA-Z][^>]*\son[a-z]+=", re.S),
}


def csp_blocked_markup(html: str) -> list[str]:
    return [f"{name}: {m.group(0)[:80]}" for name, pattern in _INLINE.items() for m in pattern.finditer(html)]


def _links(html: str) -> list[str]:
    out = []
    for href in _HREF.findall(html):
        parts = urlsplit(unescape(href))
        if parts.netloc and parts.netloc != "testserver":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not _SKIP.search(parts.path):
            out.append(path)
    return out


def _walk(client) -> tuple[int, list[tuple[str, int, str]]]:  # type: ignore[no-untyped-def]
    """(pages walked, [(path, status or 0 for blocked markup, the linking page or the markup)])."""
    seen: set[str] = set()
    queue: list[tuple[str, str]] = [("/", "")]
    broken: list[tuple[str, int, str]] = []
    while queue and len(seen) < PAGES_PER_ROLE:
        path, source = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append((path, response.status_code, source))
            continue
        if "text/html" in response.get("Content-Type", ""):
            html = response.content.decode()
            broken.extend((path, 0, problem) for problem in csp_blocked_markup(html))
            queue.extend((link, path) for link in _links(html) if link not in seen)
    return len(seen), broken


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_link_shown_to_every_role_opens(client) -> None:
    seeder = DemoSeeder(seed=11, log=lambda msg: None)
    seeder.load_reference_data()
    seeder.courts_and_staff()
    seeder.cases(per_basic=6, per_intermediate=4, high=2)
    seeder.filings()
    call_command("seed_demo", verbosity=0)  # every app's own demo data (dossiers, service, custody, ledger)
    broken: dict[str, list[tuple[str, int, str]]] = {}
    client.logout()
    walked, bad = _walk(client)  # a visitor: the public home page and everything it links to
    assert walked > 10, "the public home page links to the public services"
    if bad:
        broken["visitor"] = bad
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        client.logout()
        login_verified(client, user)
        walked, bad = _walk(client)
        assert walked > 1, f"{login.username} reached no page beyond the landing page"
        if bad:
            broken[login.username] = bad
    assert broken == {}, broken


def test_blocked_markup_is_recognised() -> None:
    page = (
        '<script src="/static/js/app.js"></script><script type="application/json" id="d">{}</script>'
        '<div class="x" data-style="a">ok</div>'
    )
    assert csp_blocked_markup(page) == []
    bad = '<script>alert(1)</script><p style="color:red">x</p><style>p{}</style><a href="#" onclick="go()">x</a>'
    assert [p.split(":")[0] for p in csp_blocked_markup(bad)] == [
        "inline script",
        "style attribute",
        "style element",
        "event handler",
    ]

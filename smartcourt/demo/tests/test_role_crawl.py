"""No link the site shows a person ends in a 403, 404 or 500: sign in as every demo role, start from the role's
landing page and follow every same-site link shown (breadth first, a bounded number of pages per role)."""

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
            queue.extend((link, path) for link in _links(response.content.decode()) if link not in seen)
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
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        client.logout()
        login_verified(client, user)
        walked, bad = _walk(client)
        assert walked > 1, f"{login.username} reached no page beyond the landing page"
        if bad:
            broken[login.username] = bad
    assert broken == {}, broken

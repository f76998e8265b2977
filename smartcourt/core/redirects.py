"""Where a page may send the browser next when the request names it (`next`, `back`): only to this site.

A redirect target taken from the request is an open redirect unless checked — a link to our own court site that
lands the clerk on a look-alike sign-in page. Every view that redirects to a target from the request (a form
field, a query parameter, the Referer) passes it through `next_url`; tests/contract/test_redirects.py finds any
that does not.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request: HttpRequest, target: str | None, *, fallback: str) -> str:
    """`target` when it is a URL of this site (same host; no scheme downgrade), else `fallback`."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback

"""A request body beyond its route's limit is refused with 413 from its Content-Length, before a byte of it is read
(issue 13, item 5); the upload routes take their channel's file limit (one number per channel)."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from smartcourt.core.intake.limits import dossier_max_bytes, filing_max_bytes
from smartcourt.core.request_limits import MB, MULTIPART_ALLOWANCE, body_limit_for, body_limits

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body of a refused request was read")

    readline = read

    def __iter__(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the body of a refused request was read")


def _post(client, path: str, length: int, **extra: object):  # type: ignore[no-untyped-def]
    return client.generic(
        "POST", path, b"", CONTENT_LENGTH=str(length), CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": UnreadableBody()}, **extra,
    )  # fmt: skip


def test_an_oversized_upload_to_the_api_is_refused_unread_with_413_json(client) -> None:  # type: ignore[no-untyped-def]
    response = _post(client, "/api/v1/dossier/cases/1/documents", dossier_max_bytes() + 2 * MB)
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "request.too_large" and "超过此处 200 MB 的上限" in body["message"]


def test_an_oversized_page_post_is_refused_unread_with_a_chinese_page(client) -> None:  # type: ignore[no-untyped-def]
    response = _post(client, "/filing/1/step/evidence/", filing_max_bytes() + 2 * MB)
    assert response.status_code == 413
    page = response.content.decode()
    assert "提交的内容过大" in page and "超过此处 50 MB 的上限" in page and "分批上传" in page


def test_a_route_without_a_file_limit_takes_the_default(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REQUEST_BODY_MAX_BYTES = 2 * MB
    assert _post(client, "/cases/", 3 * MB).status_code == 413
    assert _post(client, "/nowhere/at/all/", 3 * MB).status_code == 413  # not even resolved to a view


def test_within_its_limit_a_body_goes_through(client, settings) -> None:  # type: ignore[no-untyped-def]
    """The same real 300 KB body: refused where the default is smaller, passed on (to the login redirect) where the
    dossier's scan limit admits it."""
    settings.REQUEST_BODY_MAX_BYTES = 100 * 1024
    body = b"x" * (300 * 1024)
    refused = client.post("/cases/", body, content_type="application/octet-stream")
    passed = client.post("/dossier/cases/1/scan/", body, content_type="application/octet-stream")
    assert refused.status_code == 413 and passed.status_code == 302


def test_each_upload_route_takes_its_channels_file_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DOSSIER_MAX_BYTES = 7 * MB
    settings.FILING_UPLOAD_MAX_BYTES = 3 * MB
    for name in ("dossier:scan", "api-v1:dossier_documents", "ledger:verify"):
        assert body_limit_for(name) == (7 * MB + MULTIPART_ALLOWANCE, 7 * MB)
    for name in ("filing:wizard_step", "portal:kiosk"):
        assert body_limit_for(name) == (3 * MB + MULTIPART_ALLOWANCE, 3 * MB)


def test_every_registered_route_exists() -> None:
    """A renamed URL would silently fall back to the default limit; this fails instead."""
    names: set[str] = set()

    def walk(patterns, namespace: str = "") -> None:  # type: ignore[no-untyped-def]
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    assert set(body_limits()) <= names
    assert {"dossier:scan", "api-v1:dossier_documents", "filing:wizard_step", "ledger:verify"} <= set(body_limits())

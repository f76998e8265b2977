"""/api/v1 for court documents: a case's documents, one document with links, its signed PDF, and the public verify
endpoint (signature + ledger) — token auth, the permission table, Chinese 4xx JSON."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartcourt.core.intake.store import blob_read
from smartcourt.courts.services import api_token_create
from smartcourt.documents import render, services

from .factories import make_world

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(render.soffice_path() is None, reason="LibreOffice not installed")


def _auth(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _t, raw = api_token_create(user=user, name="客户端")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@needs_soffice
def test_list_detail_pdf_and_verify(client, world, certs) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.ledger.services import ledger_flush

    plaintiff = world.case.parties.get(role="plaintiff")
    doc = services.document_generate(
        actor=world.judge, case=world.case, kind="fee_notice", extra={"fee_amount": "50"}, recipient=plaintiff
    )
    draft = services.document_generate(actor=world.judge, case=world.case, kind="judgment_civil")
    auth = _auth(world.judge)
    r = client.get(f"/api/v1/documents/{doc.pk}/", **auth)
    assert r.status_code == 200 and r.json()["links"]["pdf"] is None and r.json()["state"] == "ready"
    r = client.get(f"/api/v1/documents/{doc.pk}/pdf", **auth)
    assert r.status_code == 404 and r.json()["code"] == "documents.not_signed" and "尚未签章" in r.json()["message"]

    doc = services.document_sign(actor=world.judge, document=doc)
    ledger_flush()
    r = client.get(f"/api/v1/cases/{world.case.pk}/documents/", **auth)
    assert r.status_code == 200
    rows = {row["id"]: row for row in r.json()}
    assert set(rows) == {doc.pk, draft.pk} and rows[draft.pk]["state"] == "draft"
    one = client.get(f"/api/v1/documents/{doc.pk}/", **auth).json()
    assert (one["state"], one["signed_sha256"], one["recipient"]) == ("signed", doc.signed_sha256, "张三")
    assert one["links"]["pdf"] == f"/api/v1/documents/{doc.pk}/pdf"
    assert one["links"]["ledger"].endswith(f"?sha256={doc.signed_sha256}")
    r = client.get(one["links"]["pdf"], **auth)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pdf = r.content
    assert pdf == blob_read(doc.signed_storage_name)

    # the public check, with no credential: the downloaded PDF verifies; one changed byte fails both checks
    r = client.post("/api/v1/documents/verify", {"file": SimpleUploadedFile("a.pdf", pdf)})
    body = r.json()
    assert r.status_code == 200 and body["ok"] and body["signature"]["ok"] and body["ledger"]["found"]
    assert body["document"]["case_number"] == world.case.number and body["sha256"] == doc.signed_sha256
    changed = bytearray(pdf)
    changed[len(changed) // 2] ^= 0x01
    body = client.post("/api/v1/documents/verify", {"file": SimpleUploadedFile("b.pdf", bytes(changed))}).json()
    assert not body["ok"] and not body["signature"]["ok"] and not body["ledger"]["found"] and body["problems"]


def test_bad_input_and_the_permission_table(client, world) -> None:  # type: ignore[no-untyped-def]
    doc = services.document_generate(actor=world.judge, case=world.case, kind="judgment_civil")
    other = make_world("D2")
    auth = _auth(other.judge)  # a judge of another court: nothing of this case exists for them
    for url in (f"/api/v1/cases/{world.case.pk}/documents/", f"/api/v1/documents/{doc.pk}/",
                f"/api/v1/documents/{doc.pk}/pdf"):  # fmt: skip
        r = client.get(url, **auth)
        assert r.status_code == 404 and r.json()["code"] == "not_found" and "无权" in r.json()["message"]
    assert client.get(f"/api/v1/documents/{doc.pk}/").status_code == 401  # no credential
    r = client.post("/api/v1/documents/verify", {"file": SimpleUploadedFile("a.txt", b"hello")})
    assert r.status_code == 400 and r.json()["code"] == "documents.verify_input" and "不是 PDF" in r.json()["message"]
    r = client.post("/api/v1/documents/verify", {})
    assert r.status_code == 400 and r.json()["message"]

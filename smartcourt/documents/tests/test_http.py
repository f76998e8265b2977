"""The pages: generate from the case page, draft beside the file, review with an anchored comment, sign, serve; the
templates page refusing an unknown field; the public verify page on a signed PDF and on a changed byte."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smartcourt.core.intake.store import blob_read
from smartcourt.courts.tests.factories import login_verified
from smartcourt.documents import render
from smartcourt.documents.models import Document, DocumentState

pytestmark = pytest.mark.django_db


def test_judgment_from_draft_to_served_over_http(
    client, world, fake_statutes, certs, django_capture_on_commit_callbacks
) -> None:
    login_verified(client, world.judge)
    r = client.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=documents")
    assert r.status_code == 200 and "生成文书" in r.content.decode()
    r = client.post(reverse("documents:generate", args=[world.case.pk]), {"kind": "judgment_civil"})
    doc = Document.objects.get(case=world.case, kind="judgment_civil")
    assert r.status_code == 302 and r["Location"] == reverse("documents:draft", args=[doc.pk])
    r = client.get(reverse("documents:draft", args=[doc.pk]))
    assert r.status_code == 200 and "左看右写" in r.content.decode()
    r = client.get(reverse("documents:insert", args=[doc.pk]), {"address": "民法典/第五百七十七条"})
    assert r.json()["text"] == "《中华人民共和国民法典》第五百七十七条"
    r = client.get(reverse("documents:insert", args=[doc.pk]), {"address": "民法典/第九千条"})
    assert r.status_code == 400 and "不存在" in r.json()["message"]
    r = client.get(reverse("documents:insert", args=[doc.pk]), {"source": "parties"})
    assert "张三" in r.json()["text"]
    body = "“借款十万元”（卷宗第1页）。依照《中华人民共和国民法典》第五百七十七条，判决如下：被告支付原告十万元。"
    r = client.post(reverse("documents:autosave", args=[doc.pk]), {"body": body})
    assert r.json() == {"saved": True}
    r = client.post(reverse("documents:check", args=[doc.pk]), {"body": body + "《中华人民共和国民法典》第九千条"})
    assert [i["text"] for i in r.json()["issues"]] == ["《中华人民共和国民法典》第九千条"]
    r = client.post(reverse("documents:submit", args=[doc.pk]), {"body": body})
    doc.refresh_from_db()
    assert doc.state == DocumentState.IN_REVIEW

    client.logout()
    login_verified(client, world.head)
    r = client.get(reverse("documents:signoff_queue"))
    assert doc.title in r.content.decode()
    r = client.get(reverse("documents:detail", args=[doc.pk]))
    assert 'data-testid="review-form"' in r.content.decode() and 'data-testid="coverage"' in r.content.decode()
    client.post(
        reverse("documents:signoff", args=[doc.pk]),
        {
            "decision": "return",
            "opinion": "",
            "passage": ["被告支付原告十万元"],
            "comment": ["写明履行期限"],
            "offset": [""],
        },
    )
    doc.refresh_from_db()
    assert doc.state == DocumentState.RETURNED
    assert doc.signoff_steps.get().comments.get().passage == "被告支付原告十万元"

    client.logout()
    login_verified(client, world.judge)
    r = client.get(reverse("documents:draft", args=[doc.pk]))
    assert "写明履行期限" in r.content.decode()
    fixed = body.replace("十万元。", "十万元，于本判决生效之日起十日内付清。")
    client.post(reverse("documents:submit", args=[doc.pk]), {"body": fixed})
    client.logout()
    login_verified(client, world.head)
    client.post(reverse("documents:signoff", args=[doc.pk]), {"decision": "approve", "opinion": "同意"})
    doc.refresh_from_db()
    assert doc.state == DocumentState.APPROVED
    r = client.get(reverse("documents:diff", args=[doc.pk]))
    assert r.status_code == 200 and "十日内付清" in r.content.decode()

    client.logout()
    login_verified(client, world.judge)
    with django_capture_on_commit_callbacks(execute=True):  # the signing task, run inline after the commit
        client.post(reverse("documents:sign", args=[doc.pk]))
    doc.refresh_from_db()
    assert doc.state == DocumentState.SIGNED, [m.message for m in r.context["messages"]] if r.context else None
    client.post(reverse("documents:serve", args=[doc.pk]))
    doc.refresh_from_db()
    assert doc.state == DocumentState.SERVED
    r = client.get(reverse("documents:file", args=[doc.pk, "signed"]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_a_judge_of_another_court_sees_nothing(client, world, fake_statutes) -> None:
    from smartcourt.documents import services
    from smartcourt.documents.tests.factories import make_world

    doc = services.document_generate(actor=world.judge, case=world.case, kind="judgment_civil")
    other = make_world("D3")
    login_verified(client, other.judge)
    assert client.get(reverse("documents:detail", args=[doc.pk])).status_code == 404
    assert client.get(reverse("documents:draft", args=[doc.pk])).status_code == 404
    assert client.post(reverse("documents:autosave", args=[doc.pk]), {"body": "x"}).status_code == 404


def test_the_draft_page_says_when_no_statute_store_is_installed(client, world, no_statutes) -> None:
    from smartcourt.documents import services

    doc = services.document_generate(actor=world.judge, case=world.case, kind="judgment_civil")
    login_verified(client, world.judge)
    r = client.get(reverse("documents:draft", args=[doc.pk]))
    assert "法律法规库未安装" in r.content.decode()
    r = client.get(reverse("documents:insert", args=[doc.pk]), {"address": "民法典/第五百七十七条"})
    assert r.status_code == 409 and "法律法规库未安装" in r.json()["message"]


def test_template_page_refuses_an_unknown_field(client, world) -> None:
    from docx import Document as Docx

    d = Docx()
    d.add_paragraph("{{ court_name }} {{ no_such_field }}")
    out = io.BytesIO()
    d.save(out)
    login_verified(client, world.head)
    r = client.get(reverse("documents:templates"))
    assert r.status_code == 200 and "受理通知书" in r.content.decode()
    r = client.post(
        reverse("documents:templates"),
        {"kind": "fee_notice", "file": SimpleUploadedFile("t.docx", out.getvalue())},
        follow=True,
    )
    assert "no_such_field" in r.content.decode() and "未声明的字段" in r.content.decode()
    login_verified(client, world.judge)
    assert client.get(reverse("documents:templates")).status_code == 403


@pytest.mark.skipif(render.soffice_path() is None, reason="LibreOffice not installed")
def test_public_verify_page_checks_signature_and_ledger(client, world, certs) -> None:
    from smartcourt.documents import services
    from smartcourt.ledger.services import ledger_flush

    doc = services.document_generate(
        actor=world.judge, case=world.case, kind="acceptance_notice", recipient=world.case.parties.get(role="plaintiff")
    )
    doc = services.document_sign(actor=world.judge, document=doc)
    ledger_flush()
    signed = blob_read(doc.signed_storage_name)
    r = client.get(reverse("documents:verify"))
    assert r.status_code == 200
    r = client.post(reverse("documents:verify"), {"file": SimpleUploadedFile("a.pdf", signed)})
    page = r.content.decode()
    assert "核验通过" in page and "已存证" in page
    changed = bytearray(signed)
    changed[len(changed) // 3] ^= 0x01
    r = client.post(reverse("documents:verify"), {"file": SimpleUploadedFile("a.pdf", bytes(changed))})
    page = r.content.decode()
    assert "核验未通过" in page and "存证账本中没有这个文件" in page
    r = client.post(reverse("documents:verify"), {})
    assert r.status_code == 400

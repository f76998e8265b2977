"""Pages and API of the dossier: who may read (the one permission table), every read logged, file bytes only
through checked views with no-store caching, uploads and corrections, 4xx JSON on bad input."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smartcourt.cases.models import Case, CaseParty, Representation
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role
from smartcourt.dossier.models import CatalogueCorrection, DossierDocument, DossierExport
from smartcourt.dossier.services import dossier_document_add
from smartcourt.dossier.tests import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    court = CourtFactory()
    division = DivisionFactory(court=court)
    clerk = user_with_role(Role.CLERK, court, division, full_name="吴佳怡")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    other_judge = user_with_role(Role.JUDGE, court, division, full_name="李法官")
    party = user_with_role(Role.PARTY, court, full_name="欧阳明月")
    lawyer = user_with_role(Role.LAWYER, court, full_name="周律师")
    stranger = user_with_role(Role.PARTY, court, full_name="路人")
    case = make_case(court=court, division=division, judge=judge, plaintiff="欧阳明月", plaintiff_user=party)
    Case.objects.filter(pk=case.pk).update(clerk=clerk)
    case.refresh_from_db()
    Representation.objects.create(
        party=CaseParty.objects.get(case=case, role="plaintiff"), kind="lawyer", name="周律师", user=lawyer
    )
    doc = dossier_document_add(case=case, title="民事起诉状", content=samples.text_pdf("民事起诉状", ["诉讼请求：还款"]),
                               filename="c.pdf", source="filing", actor=SYSTEM, category="complaint")  # fmt: skip
    return {"case": case, "doc": doc, "clerk": clerk, "judge": judge, "other_judge": other_judge, "party": party,
            "lawyer": lawyer, "stranger": stranger}  # fmt: skip


def _login(client, user):  # type: ignore[no-untyped-def]
    if user.requires_two_factor:
        login_verified(client, user)
    else:
        client.force_login(user)


def test_lawyer_reads_the_file_online_and_every_page_view_is_logged(client, world):
    case, doc, lawyer = world["case"], world["doc"], world["lawyer"]
    _login(client, lawyer)
    response = client.get(reverse("dossier:viewer", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "民事起诉状" in html and "dossier/viewer.js" in html and "扫描归档" not in html  # no upload for lawyers
    page = doc.pages.get()
    response = client.get(reverse("dossier:page_file", args=[case.pk, page.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store, private" and response["Content-Disposition"].startswith("inline;")
    assert response.content.startswith(b"%PDF")
    reads = AuditLog.objects.filter(kind="read", actor=lawyer, action="dossier.page_read", target_id=str(page.pk))
    assert (
        reads.count() == 1 and reads.get().data_subject == f"case:{case.pk}" and reads.get().reason.startswith("阅卷")
    )
    client.get(reverse("dossier:document_file", args=[case.pk, doc.pk]))
    assert AuditLog.objects.filter(kind="read", actor=lawyer, action="dossier.document_read").count() == 1


def test_party_reads_own_case_and_others_get_404_or_403(client, world):
    case, page = world["case"], world["doc"].pages.get()
    url = reverse("dossier:page_file", args=[case.pk, page.pk])
    _login(client, world["party"])
    assert client.get(reverse("dossier:viewer", args=[case.pk])).status_code == 200
    client.logout()
    _login(client, world["stranger"])  # a hidden case answers like a missing one
    assert client.get(reverse("dossier:viewer", args=[case.pk])).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(reverse("dossier:viewer", args=[999999])).status_code == 404
    client.logout()
    _login(client, world["other_judge"])  # sees the court's cases, but the dossier is for the case's own judge
    assert client.get(reverse("dossier:viewer", args=[case.pk])).status_code == 403
    assert client.get(url).status_code == 403


def test_only_the_cases_clerk_uploads_scans(client, world):
    case = world["case"]
    png = samples.page_png("送达回证", ["受送达人：张三"])
    _login(client, world["lawyer"])
    assert client.get(reverse("dossier:scan", args=[case.pk])).status_code == 403
    client.logout()
    _login(client, world["clerk"])
    response = client.post(
        reverse("dossier:scan", args=[case.pk]),
        {
            "files": [
                SimpleUploadedFile("a.tif", samples.tiff([png, png])),
                SimpleUploadedFile("b.jpg", samples.jpeg(png)),
            ]
        },
    )
    assert response.status_code == 302
    assert DossierDocument.objects.filter(case=case, source="scan").count() == 2
    response = client.post(
        reverse("dossier:scan", args=[case.pk]),
        {"files": [SimpleUploadedFile("x.pdf", samples.jpeg(png)), SimpleUploadedFile("y.pdf", b"")]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "与扩展名" in html and "空文件" in html
    assert DossierDocument.objects.filter(case=case, source="scan").count() == 2


def test_review_queue_correction_and_export_pages(client, world):
    case, clerk = world["case"], world["clerk"]
    low = dossier_document_add(case=case, title="扫描件3", content=samples.text_pdf("", ["一份没有标题的材料。"]),
                               filename="s3.pdf", source="scan", actor=clerk)  # fmt: skip
    _login(client, clerk)
    response = client.get(reverse("dossier:review_queue"))
    assert response.status_code == 200 and "扫描件3" in response.content.decode()
    response = client.post(
        reverse("dossier:correct", args=[case.pk, low.pk]), {"category": "evidence", "next": "queue"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dossier:review_queue")
    low.refresh_from_db()
    assert low.category == "evidence" and CatalogueCorrection.objects.filter(document=low, actor=clerk).exists()
    assert f'data-document="{low.pk}"' not in client.get(reverse("dossier:review_queue")).content.decode()
    response = client.post(reverse("dossier:export", args=[case.pk]))
    export = DossierExport.objects.get(case=case)
    assert response.status_code == 302
    download = client.get(reverse("dossier:export_file", args=[case.pk, export.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "no-store, private"
    viewer = client.get(reverse("dossier:viewer", args=[case.pk])).content.decode()
    assert export.sha256 in viewer


def test_review_thumbnail_is_the_ocr_image_served_through_a_checked_view(
    client, world, django_capture_on_commit_callbacks
):
    case, clerk = world["case"], world["clerk"]
    png = samples.page_png("", ["一份没有标题的扫描材料。"])
    with django_capture_on_commit_callbacks(execute=True):
        doc = dossier_document_add(case=case, title="扫描件9", content=samples.scanned_pdf([png]), filename="s9.pdf",
                                   source="scan", actor=clerk)  # fmt: skip
    page = doc.pages.get()
    assert page.image_name.endswith(".png")
    _login(client, clerk)
    assert (
        reverse("dossier:page_image", args=[case.pk, page.pk])
        in client.get(reverse("dossier:review_queue")).content.decode()
    )
    image = client.get(reverse("dossier:page_image", args=[case.pk, page.pk]))
    assert (
        image.status_code == 200
        and image["Content-Type"] == "image/png"
        and image["Cache-Control"] == "no-store, private"
    )
    text_page = world["doc"].pages.get()  # a born-digital page has no OCR image
    assert client.get(reverse("dossier:page_image", args=[case.pk, text_page.pk])).status_code == 404
    client.logout()
    _login(client, world["stranger"])
    assert client.get(reverse("dossier:page_image", args=[case.pk, page.pk])).status_code == 404


def test_viewer_search_lists_page_numbers(client, world):
    _login(client, world["lawyer"])
    response = client.get(reverse("dossier:viewer", args=[world["case"].pk]), {"q": "还款"})
    assert 'data-page="1"' in response.content.decode()
    response = client.get(reverse("dossier:search", args=[world["case"].pk]), {"q": "不存在"})
    assert "没有找到" in response.content.decode()


def test_api_lists_uploads_corrects_exports_and_refuses_bad_input(client, world):
    case, clerk = world["case"], world["clerk"]
    base = f"/api/v1/dossier/cases/{case.pk}"
    _login(client, world["lawyer"])
    listed = client.get(f"{base}/documents").json()
    assert [d["title"] for d in listed] == ["民事起诉状"] and listed[0]["first_page"] == 1
    assert client.post(f"{base}/export").status_code == 403
    hits = client.get(f"{base}/search", {"q": "还款"}).json()
    assert hits[0]["page"] == 1
    assert client.get(f"{base}/search", {"q": " "}).json()["code"] == "dossier.empty_query"
    client.logout()
    _login(client, world["stranger"])
    assert client.get(f"{base}/documents").status_code == 404
    client.logout()
    _login(client, clerk)
    bad = client.post(f"{base}/documents", {"files": [SimpleUploadedFile("a.png", samples.bomb_png())]})
    assert (
        bad.status_code == 400 and bad.json()["code"] == "dossier.invalid_file" and "解压炸弹" in bad.json()["message"]
    )
    ok = client.post(
        f"{base}/documents",
        {"files": [SimpleUploadedFile("传票.pdf", samples.text_pdf("传票", ["被传唤人：王五", "传唤事由：开庭"]))]},
    )
    assert ok.status_code == 201 and ok.json()[0]["category"] == "summons"
    doc_id = ok.json()[0]["id"]
    wrong = client.post(
        f"{base}/documents/{doc_id}/category", json.dumps({"category": "nonsense"}), content_type="application/json"
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "dossier.invalid_category"
    fixed = client.post(
        f"{base}/documents/{doc_id}/category",
        json.dumps({"category": "hearing_record"}),
        content_type="application/json",
    )
    assert fixed.status_code == 200 and fixed.json()["category_source"] == "clerk"
    exported = client.post(f"{base}/export")
    assert exported.status_code == 201 and len(exported.json()["sha256"]) == 64
    catalogue = client.get(f"{base}/catalogue").json()
    assert [row["category"] for row in catalogue] == ["complaint", "hearing_record"]
    pages = client.get(f"{base}/pages").json()
    assert [p["global_number"] for p in pages] == [1, 2]


def test_api_retries_a_failed_page(client, world, fake_ocr, django_capture_on_commit_callbacks):
    case, clerk = world["case"], world["clerk"]
    png = samples.page_png("", ["扫描页"])
    fake_ocr.queue = [RuntimeError("engine crashed")]
    with django_capture_on_commit_callbacks(execute=True):
        doc = dossier_document_add(case=case, title="扫描件", content=samples.scanned_pdf([png]), filename="s.pdf",
                                   source="scan", actor=clerk)  # fmt: skip
    page = doc.pages.get()
    assert page.ocr_state == "failed"
    _login(client, clerk)
    url = f"/api/v1/dossier/cases/{case.pk}/pages/{page.pk}/ocr-retry"
    fake_ocr.queue = ["传票\n被传唤人 王五"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 200
    page.refresh_from_db()
    assert page.ocr_state == "done" and "王五" in page.ocr_text
    again = client.post(url)
    assert again.status_code == 400 and again.json()["code"] == "dossier.not_failed"

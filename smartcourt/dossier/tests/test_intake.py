"""dossier_document_add: content-addressed storage, pages, anchors, idempotence, and every refused input."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from smartcourt.cases.models import CaseEvent
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditLog
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory
from smartcourt.dossier.models import DossierDocument, DossierPage, OcrState
from smartcourt.dossier.services import DossierInputError, dossier_document_add, dossier_scan_batch_add
from smartcourt.dossier.tests import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    court = CourtFactory()
    return make_case(court=court, division=DivisionFactory(court=court))


def _stored_files(media: Path) -> list[Path]:
    """The blobs in the intake's store (not its markers of new bytes)."""
    root = media / "blobs"
    return [p for p in root.rglob("*") if p.is_file() and "_written" not in p.parts] if root.exists() else []


def test_a_born_digital_pdf_is_stored_once_split_anchored_and_catalogued(case, anchors, media, fake_ocr):
    pdf = samples.text_pdf(
        "民事起诉状", ["原告：张三，男，1980年1月1日出生。", "诉讼请求：", "1. 判令被告偿还借款。"] * 20
    )
    doc = dossier_document_add(
        case=case, title="起诉状", content=pdf, filename="complaint.pdf", source="upload", actor=SYSTEM
    )
    sha = hashlib.sha256(pdf).hexdigest()
    assert doc.sha256 == sha and doc.storage_name == f"blobs/{sha[:2]}/{sha[2:4]}/{sha}.pdf"
    assert default_storage.open(doc.storage_name).read() == pdf
    assert doc.page_count >= 2 and doc.pages.count() == doc.page_count
    assert doc.category == "complaint" and doc.category_source == "classifier" and doc.category_confidence > 0.7
    pages = list(doc.pages.order_by("number"))
    assert [p.global_number for p in pages] == list(range(1, doc.page_count + 1))
    assert all(p.content_type == "application/pdf" and p.ocr_state == OcrState.DONE for p in pages)
    assert "起" in pages[0].ocr_text and pages[0].ocr_engine == "pdf-text-layer"
    assert fake_ocr.calls == 0  # the text layer needs no OCR
    kinds = [a["kind"] for a in anchors]
    assert kinds == ["dossier.page"] * doc.page_count + ["dossier.document"]
    assert anchors[0]["subject"] == f"case:{case.pk}/dossier.page:{pages[0].pk}"
    assert (
        anchors[0]["sha256"]
        == pages[0].sha256
        == hashlib.sha256(default_storage.open(pages[0].storage_name).read()).hexdigest()
    )
    assert anchors[-1]["subject"] == f"case:{case.pk}/dossier.document:{doc.pk}" and anchors[-1]["sha256"] == sha
    assert CaseEvent.objects.filter(case=case, type="dossier.document_added").count() == 1
    assert AuditLog.objects.filter(action="dossier.document_add", target_id=str(doc.pk)).count() == 1


def test_same_bytes_are_stored_once_and_origin_ref_files_once(case, media):
    pdf = samples.text_pdf("传票", ["被传唤人：李四", "传唤事由：开庭", "应到时间：2026年12月10日9时"])
    other = make_case(court=case.court)
    a = dossier_document_add(case=case, title="传票", content=pdf, filename="a.pdf", source="generated",
                             actor=SYSTEM, category="summons", origin_ref="service.summons:1")  # fmt: skip
    again = dossier_document_add(case=case, title="传票", content=pdf, filename="a.pdf", source="generated",
                                 actor=SYSTEM, category="summons", origin_ref="service.summons:1")  # fmt: skip
    b = dossier_document_add(case=other, title="传票", content=pdf, filename="b.pdf", source="generated",
                             actor=SYSTEM, category="summons")  # fmt: skip
    assert again.pk == a.pk and DossierDocument.objects.filter(case=case).count() == 1
    assert a.storage_name == b.storage_name and a.category_source == "system" and a.category_confidence == 1.0
    assert len(_stored_files(media)) == 2  # the document and its one page, each once


def test_a_scanned_pdf_is_ocred_page_by_page_then_classified(case, fake_ocr, django_capture_on_commit_callbacks):
    png = samples.page_png("送达回证", ["受送达人：张三"])
    fake_ocr.queue = [
        "江苏省苏州市姑苏区人民法院\n送　达　回　证\n受送达人 张三\n送达方式 直接送达\n送达人 王五",
        "签收",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        doc = dossier_document_add(case=case, title="扫描件001", content=samples.scanned_pdf([png, png]),
                                   filename="scan001.pdf", source="scan", actor=SYSTEM)  # fmt: skip
    doc.refresh_from_db()
    pages = list(doc.pages.order_by("number"))
    assert fake_ocr.calls == 2
    assert [p.ocr_state for p in pages] == [OcrState.DONE, OcrState.DONE]
    assert pages[0].ocr_lines[1]["text"] == "送　达　回　证" and len(pages[0].ocr_lines[1]["box"]) == 4
    assert pages[0].image_name.endswith(".png") and default_storage.exists(pages[0].image_name)
    assert doc.ocr_state == OcrState.DONE and doc.category == "service_certificate"
    # The ledger sequenced every page after the commit; the page says so, and the public lookup finds it.
    from smartcourt.ledger.selectors import ledger_record_for_subject

    assert [p.ledger_status for p in doc.pages.order_by("number")] == ["recorded", "recorded"]
    record = ledger_record_for_subject(subject=pages[0].ledger_subject)
    assert record is not None and record.sha256 == pages[0].sha256 and record.kind == "dossier.page"


def test_a_failing_page_is_marked_failed_and_the_next_page_still_read(
    case, fake_ocr, django_capture_on_commit_callbacks
):
    png = samples.page_png("证据", ["第一页"])
    fake_ocr.queue = [RuntimeError("engine crashed"), "民事判决书\n判决如下\n审判长 张三"]
    with django_capture_on_commit_callbacks(execute=True):
        doc = dossier_document_add(case=case, title="判决", content=samples.scanned_pdf([png, png]),
                                   filename="j.pdf", source="scan", actor=SYSTEM)  # fmt: skip
    first, second = doc.pages.order_by("number")
    assert first.ocr_state == OcrState.FAILED and "engine crashed" in first.ocr_error
    assert second.ocr_state == OcrState.DONE and "判决如下" in second.ocr_text
    doc.refresh_from_db()
    assert doc.ocr_state == OcrState.PARTIAL


def test_tiff_jpeg_png_and_docx_become_pages(case, fake_ocr):
    png = samples.page_png("证据目录", ["证据名称 证明目的"])
    tif = dossier_document_add(case=case, title="扫描", content=samples.tiff([png, png, png]), filename="s.tiff",
                               source="scan", actor=SYSTEM)  # fmt: skip
    assert tif.page_count == 3 and set(tif.pages.values_list("content_type", flat=True)) == {"image/png"}
    jpg = dossier_document_add(case=case, title="照片", content=samples.jpeg(png), filename="p.jpg", source="scan",
                               actor=SYSTEM)  # fmt: skip
    assert jpg.page_count == 1 and jpg.pages.get().content_type == "image/jpeg"
    assert jpg.pages.get().storage_name == jpg.storage_name  # a one-page image is its own page
    word = dossier_document_add(case=case, title="答辩状", content=samples.docx(["民事答辩状", "答辩人：某公司"]),
                                filename="defence.docx", source="upload", actor=SYSTEM)  # fmt: skip
    assert word.page_count == 1 and word.category == "defence" and "Word" in word.note
    assert list(
        DossierPage.objects.filter(case=case).order_by("global_number").values_list("global_number", flat=True)
    ) == [1, 2, 3, 4, 5]


BAD = [
    ("corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf\n", "已损坏"),
    ("locked.pdf", None, "已加密"),
    ("empty.pdf", b"", "空文件"),
    ("huge.png", None, "解压炸弹"),
    ("big.png", None, "10000 × 10000"),  # under Pillow's own limit: refused by ours, from the header
    ("bomb.tif", None, "解压炸弹"),
    ("photo.pdf", None, "与扩展名"),
]


@pytest.mark.parametrize(("filename", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_stored(
    case, anchors, media, filename, content, message
):
    if filename == "locked.pdf":
        content = samples.encrypted_pdf()
    elif filename == "huge.png":
        content = samples.bomb_png()
    elif filename == "big.png":
        content = samples.bomb_png(10_000, 10_000)
    elif filename == "bomb.tif":
        content = samples.bomb_tiff()
    elif filename == "photo.pdf":
        content = samples.jpeg(samples.page_png("照片", ["x"]))
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(DossierInputError) as exc:
        dossier_document_add(case=case, title="x", content=content, filename=filename, source="scan", actor=SYSTEM)
    assert message in str(exc.value.message) and exc.value.status == 400
    assert not DossierDocument.objects.exists() and not DossierPage.objects.exists()
    assert _stored_files(media) == [] and anchors == []
    assert CaseEvent.objects.filter(case=case).count() == events


def test_an_infected_file_is_refused_and_nothing_stored(case, anchors, media, settings):
    settings.INTAKE_VIRUS_SCANNER = "smartcourt.core.tests.intake.conftest.infected_scanner"
    with pytest.raises(DossierInputError) as exc:
        dossier_document_add(case=case, title="x", content=samples.text_pdf("传票", ["被传唤人：某"]),
                             filename="x.pdf", source="upload", actor=SYSTEM)  # fmt: skip
    assert exc.value.code == "dossier.invalid_file" and exc.value.extra == {"reason": "intake.infected"}
    assert "未通过病毒扫描" in str(exc.value.message)
    assert not DossierDocument.objects.exists() and _stored_files(media) == [] and anchors == []


def test_a_batch_with_one_bad_file_files_nothing(case, media, anchors):
    good = samples.text_pdf("民事起诉状", ["诉讼请求：偿还借款"])
    with pytest.raises(DossierInputError) as exc:
        dossier_scan_batch_add(case=case, uploads=[("a.pdf", good), ("b.pdf", b"")], actor=SYSTEM)  # type: ignore[arg-type]
    assert "空文件" in str(exc.value.message) and "b.pdf" in str(exc.value.message)
    assert not DossierDocument.objects.exists() and _stored_files(media) == [] and anchors == []


def test_a_failure_after_storing_leaves_files_the_sweeper_removes(case, media, monkeypatch):
    """The bytes are stored before the rows; a rolled-back action leaves them without an owner, and the intake's
    sweeper deletes them once the grace period has passed (no action deletes bytes another may be storing)."""
    from smartcourt.core.intake.models import StoredBlob
    from smartcourt.core.intake.services import blobs_sweep
    from smartcourt.dossier import services

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("ledger down")

    monkeypatch.setattr(services, "_anchor", broken)
    with pytest.raises(RuntimeError):
        dossier_document_add(case=case, title="x", content=samples.text_pdf("传票", ["被传唤人：某"]),
                             filename="x.pdf", source="upload", actor=SYSTEM)  # fmt: skip
    assert not DossierDocument.objects.exists() and not StoredBlob.objects.exists()
    assert len(_stored_files(media)) == 2  # the document and its page, owned by no one
    report = blobs_sweep(now=timezone.now() + timedelta(hours=26))
    assert len(report.deleted) == 2 and _stored_files(media) == []


def test_a_batch_rolled_back_by_its_last_file_leaves_no_file_behind_after_the_sweep(case, media, monkeypatch):
    """The first document of a batch was filed (its own savepoint done) when the second failed: the batch's
    transaction takes back both, and every blob either stored goes with the next sweep after the grace period."""
    from smartcourt.core.intake.models import StoredBlob
    from smartcourt.core.intake.services import blobs_sweep
    from smartcourt.dossier import services

    calls = []

    def anchor_fails_on_the_second_document(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["kind"])
        if calls.count("dossier.document") == 2:
            raise RuntimeError("ledger down")

    monkeypatch.setattr(services, "_anchor", anchor_fails_on_the_second_document)
    first = samples.text_pdf("民事起诉状", ["诉讼请求：偿还借款"])
    second = samples.text_pdf("证据目录", ["证据一：借条"])
    with pytest.raises(RuntimeError):
        dossier_scan_batch_add(case=case, uploads=[("a.pdf", first), ("b.pdf", second)], actor=SYSTEM)
    assert calls.count("dossier.document") == 2  # the first document had been filed in full
    assert not DossierDocument.objects.exists() and not StoredBlob.objects.exists()
    assert len(_stored_files(media)) == 4  # two documents and their pages: stored, then rolled back
    assert blobs_sweep(now=timezone.now() + timedelta(hours=23)).deleted == []  # in-flight uploads are younger
    assert len(blobs_sweep(now=timezone.now() + timedelta(hours=26)).deleted) == 4 and _stored_files(media) == []


def test_unknown_source_or_category_is_refused(case):
    pdf = samples.text_pdf("传票", ["被传唤人：某"])
    with pytest.raises(DossierInputError):
        dossier_document_add(case=case, title="x", content=pdf, filename="x.pdf", source="fax", actor=SYSTEM)
    with pytest.raises(DossierInputError):
        dossier_document_add(case=case, title="x", content=pdf, filename="x.pdf", source="upload", actor=SYSTEM,
                             category="nonsense")  # fmt: skip


def test_the_public_ledger_entry_carries_no_title_or_name(case, anchors, media, fake_ocr):
    """Ledger entries are served to anyone who verifies: a title that names a party must not reach them."""
    pdf = samples.text_pdf("借条", ["今借到张三人民币五万元整。"] * 3)
    dossier_document_add(
        case=case, title="张三出具的借条", content=pdf, filename="iou.pdf", source="upload", actor=SYSTEM
    )
    assert anchors and all("张三" not in str(a["meta"]) and "title" not in a["meta"] for a in anchors)
    assert all(a["meta"]["case"] == case.number for a in anchors)

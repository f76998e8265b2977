"""Cataloguing: the classifier on real court pages, the volume order, corrections that teach, the review queue,
and the export (catalogue in front, bookmarks, stamped page numbers, anchored)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pypdf
import pytest
from django.core.files.storage import default_storage

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.dossier.models import CatalogueCorrection, DossierDocument, LearnedPhrase
from smartcourt.dossier.rules.catalogue import CODES, classify, normalise, order_index, title_phrase, volume_order
from smartcourt.dossier.selectors import catalogue_entries, dossier_search, review_queue
from smartcourt.dossier.services import dossier_category_correct, dossier_document_add, dossier_export_create
from smartcourt.dossier.tests import samples

OCR_DEV = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "ocr-dev"
# The kinds in ../shared/data/ocr-dev/README.md; statute pages belong to no volume category ("other").
EXPECTED = {
    "01": "judgment", "02": "judgment", "03": "judgment", "04": "judgment", "05": "other", "06": "judgment",
    "07": "other", "08": "summons", "09": "service_certificate", "10": "ruling", "11": "fee_notice",
    "12": "evidence_list",
}  # fmt: skip


@pytest.mark.skipif(not OCR_DEV.exists(), reason="../shared/data/ocr-dev is not on this machine")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_classifier_places_each_real_court_page(name):
    text = (OCR_DEV / f"{name}.txt").read_text(encoding="utf-8")
    result = classify(pages=[text])
    assert result.category == EXPECTED[name], result
    assert 0 < result.confidence <= 1 and result.reasons


def test_spaced_titles_and_metadata():
    assert normalise("民　事　判　决　书") == "民事判决书"
    assert classify(pages=["北京市海淀区人民法院\n民　事　判　决　书\n（2024）京0108民初1号"]).category == "judgment"
    assert classify(pages=[""], filename="送达回证-张三.pdf").category == "service_certificate"
    unknown = classify(pages=["一些无关的文字"])
    assert unknown.category == "other" and unknown.confidence < 0.5
    assert title_phrase("某某人民法院\n（2026）苏0508民初1号\n情　况　说　明\n正文") == "情况说明"


def test_volume_order_puts_complaint_first_and_service_proofs_after_judgment():
    order = volume_order("civil")
    assert order.index("complaint") < order.index("acceptance_notice") < order.index("fee_notice")
    assert order.index("evidence") < order.index("summons") < order.index("hearing_record") < order.index("judgment")
    assert order.index("judgment") < order.index("service_certificate")
    assert volume_order("criminal")[0] == "indictment" and set(volume_order("criminal")) == set(CODES)
    assert order_index("unknown") == len(CODES)


def _case(**kwargs):  # type: ignore[no-untyped-def]
    from smartcourt.cases.models import Case

    clerk = kwargs.pop("clerk", None)
    case = make_case(**kwargs)
    if clerk is not None:
        Case.objects.filter(pk=case.pk).update(clerk=clerk)
        case.refresh_from_db()
    return case


@pytest.fixture
def setting():
    court = CourtFactory()
    division = DivisionFactory(court=court)
    clerk = user_with_role(Role.CLERK, court, division)
    case = _case(court=court, division=division, clerk=clerk)
    return case, clerk


@pytest.mark.django_db
def test_documents_are_numbered_in_volume_order_whatever_order_they_arrive(setting):
    case, clerk = setting
    judgment = dossier_document_add(case=case, title="判决书", content=samples.text_pdf("民事判决书", ["判决如下："] * 40),
                                    filename="j.pdf", source="generated", actor=SYSTEM, category="judgment")  # fmt: skip
    complaint = dossier_document_add(case=case, title="起诉状", content=samples.text_pdf("民事起诉状", ["诉讼请求："]),
                                     filename="c.pdf", source="upload", actor=clerk)  # fmt: skip
    entries = catalogue_entries(case=case)
    assert [e.document.pk for e in entries] == [complaint.pk, judgment.pk]
    assert entries[0].pages == "1" and entries[1].first == 2 and entries[1].last == 1 + judgment.page_count


@pytest.mark.django_db
def test_a_correction_is_kept_and_teaches_the_classifier(setting):
    case, clerk = setting
    text = ["情况说明", "本公司于2026年3月向原告交付货物，原告已签收。", "特此说明。"]
    first = dossier_document_add(case=case, title="扫描件1", content=samples.text_pdf("情况说明", text),
                                 filename="scan1.pdf", source="scan", actor=clerk)  # fmt: skip
    assert first.category != "evidence" and first.category_confidence < 0.7
    assert first in review_queue(user=clerk)
    dossier_category_correct(document=first, category="evidence", actor=clerk, note="被告提交的证据")
    correction = CatalogueCorrection.objects.get(document=first)
    assert (correction.old_category, correction.new_category, correction.phrase) == (
        first.category,
        "evidence",
        "情况说明",
    )
    assert LearnedPhrase.objects.get(court=case.court, phrase="情况说明").category == "evidence"
    first.refresh_from_db()
    assert first.category_source == "clerk" and first not in review_queue(user=clerk)
    # A similar document (another case of the same court) is now classified as evidence, with confidence.
    other = _case(court=case.court, division=case.division, clerk=clerk)
    second = dossier_document_add(case=other, title="扫描件7", content=samples.text_pdf("情况说明", ["另一份说明。"]),
                                  filename="scan7.pdf", source="scan", actor=clerk)  # fmt: skip
    assert second.category == "evidence" and second.category_confidence >= 0.7
    assert any("更正" in r for r in second.category_reasons)
    # Another court has not learned it.
    stranger = make_case(court=CourtFactory())
    third = dossier_document_add(case=stranger, title="扫描件", content=samples.text_pdf("情况说明", ["说明。"]),
                                 filename="s.pdf", source="scan", actor=SYSTEM)  # fmt: skip
    assert third.category != "evidence"


@pytest.mark.django_db
def test_review_queue_only_shows_the_clerks_own_cases(setting):
    case, clerk = setting
    doc = dossier_document_add(case=case, title="x", content=samples.text_pdf("", ["无标题的材料"]),
                               filename="x.pdf", source="scan", actor=SYSTEM)  # fmt: skip
    other_clerk = user_with_role(Role.CLERK, case.court, case.division)
    assert doc in review_queue(user=clerk) and doc not in review_queue(user=other_clerk)


@pytest.mark.django_db
def test_search_finds_spaced_titles_and_returns_page_numbers(setting):
    case, _ = setting
    dossier_document_add(case=case, title="起诉状", content=samples.text_pdf("民事起诉状", ["原告欧阳明月诉称"]),
                         filename="c.pdf", source="upload", actor=SYSTEM)  # fmt: skip
    dossier_document_add(case=case, title="判决书", content=samples.text_pdf("民事判决书", ["判决如下：驳回欧阳明月的诉讼请求"]),
                         filename="j.pdf", source="generated", actor=SYSTEM, category="judgment")  # fmt: skip
    hits = dossier_search(case=case, q="欧阳明月")
    assert [h.page.global_number for h in hits] == [1, 2] and "欧阳明月" in hits[0].snippet
    assert [h.page.global_number for h in dossier_search(case=case, q="判决书")] == [2]  # printed 判　决　书
    assert dossier_search(case=case, q="  ") == [] and dossier_search(case=case, q="不存在的词") == []


@pytest.mark.django_db
def test_export_is_one_pdf_with_catalogue_bookmarks_numbers_and_is_anchored(setting, anchors):
    case, clerk = setting
    png = samples.page_png("证据", ["送货单"])
    dossier_document_add(case=case, title="判决书", content=samples.text_pdf("民事判决书", ["判决如下："]),
                         filename="j.pdf", source="generated", actor=SYSTEM, category="judgment")  # fmt: skip
    dossier_document_add(case=case, title="起诉状", content=samples.text_pdf("民事起诉状", ["诉讼请求："]),
                         filename="c.pdf", source="filing", actor=SYSTEM, category="complaint")  # fmt: skip
    dossier_document_add(case=case, title="送货单", content=samples.jpeg(png), filename="e.jpg", source="scan",
                         actor=clerk, category="evidence")  # fmt: skip
    anchors.clear()
    export = dossier_export_create(case=case, actor=clerk)
    data = default_storage.open(export.storage_name).read()
    assert hashlib.sha256(data).hexdigest() == export.sha256 and export.page_count == 4 and export.document_count == 3
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 4
    titles = [item.title for item in reader.outline]
    assert titles == ["卷宗目录", "1. 起诉状（第1页）", "2. 送货单（第2页）", "3. 判决书（第3页）"]
    assert [reader.get_destination_page_number(item) for item in reader.outline] == [0, 1, 2, 3]
    first_text = reader.pages[0].extract_text()
    assert "卷" in first_text and "起诉状" in first_text and "送货单" in first_text
    assert "第 3 页" in reader.pages[3].extract_text()
    assert anchors == [
        {"kind": "dossier.export", "subject": f"case:{case.pk}/dossier.export:{export.pk}", "sha256": export.sha256,
         "storage_name": export.storage_name, "meta": {"case": case.number, "pages": 4, "documents": 3}}
    ]  # fmt: skip
    assert DossierDocument.objects.filter(case=case).count() == 3  # the export is not filed into itself

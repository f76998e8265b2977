"""The dossier's PDFs are deterministic: text documents, the catalogue, image pages, page-number overlays and the
whole-file export give the same bytes for the same input, whenever they are made."""

from __future__ import annotations

import pytest

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.tests.pdf_checks import assert_renders_identically
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory
from smartcourt.dossier import pdfkit
from smartcourt.dossier.export import build_export
from smartcourt.dossier.services import dossier_document_add

from . import samples


def test_a_text_document_renders_to_the_same_bytes() -> None:
    assert_renders_identically(
        lambda: pdfkit.text_document_pdf(
            title="判决书", paragraphs=["原告刘小红诉被告王大明民间借贷纠纷一案。", [["序号", "证据"], ["1", "借条"]]],
            court="苏州市姑苏区人民法院", number="（2026）苏0508民初101号", closing=["审判员　陈建国"], footer="第1页",
        )
    )  # fmt: skip


def test_the_catalogue_image_pages_and_overlays_render_to_the_same_bytes() -> None:
    rows = [(1, "民事起诉状", "1-2", "起诉状")]
    title = "刘小红诉王大明民间借贷纠纷"
    assert_renders_identically(
        lambda: pdfkit.catalogue_pdf(
            court="苏州市姑苏区人民法院",
            case_number="（2026）苏0508民初101号",
            case_title=title,
            rows=rows,
            note="目录",
        )
    )
    png = samples.page_png("借条", ["今借到刘小红人民币伍万元整。"])
    assert_renders_identically(lambda: pdfkit.image_page_pdf(png))
    assert_renders_identically(lambda: pdfkit.number_overlay([(595.0, 842.0), (595.0, 842.0)], ["", "第 1 页"]))


@pytest.mark.django_db
def test_the_whole_file_export_builds_to_the_same_bytes() -> None:
    court = CourtFactory()
    case = make_case(court=court, division=DivisionFactory(court=court))
    dossier_document_add(case=case, title="借条", content=samples.text_pdf("借条", ["今借到刘小红人民币伍万元整。"]),
                         filename="借条.pdf", source="upload", actor=SYSTEM, category="complaint")  # fmt: skip
    dossier_document_add(case=case, title="转账记录", content=samples.page_png("转账记录", ["转账50000元"]),
                         filename="转账.png", source="scan", actor=SYSTEM)  # fmt: skip
    assert_renders_identically(lambda: build_export(case).content)

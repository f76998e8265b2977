"""The real OCR engine on a real scanned court page, through the dossier's own pipeline (PDF → 200 dpi → OCR)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.tests.factories import CourtFactory
from smartcourt.dossier.models import OcrState
from smartcourt.dossier.selectors import dossier_search
from smartcourt.dossier.services import dossier_document_add
from smartcourt.dossier.tests import samples

OCR_DEV = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "ocr-dev"
pytestmark = [pytest.mark.django_db, pytest.mark.real_ocr]


@pytest.mark.skipif(not (OCR_DEV / "08.png").exists(), reason="../shared/data/ocr-dev/08.png is not on this machine")
def test_a_scanned_summons_is_read_catalogued_and_searchable(django_capture_on_commit_callbacks):
    case = make_case(court=CourtFactory())
    pdf = samples.scanned_pdf([(OCR_DEV / "08.png").read_bytes()])
    with django_capture_on_commit_callbacks(execute=True):
        doc = dossier_document_add(case=case, title="扫描件", content=pdf, filename="scan.pdf", source="scan",
                                   actor=SYSTEM)  # fmt: skip
    doc.refresh_from_db()
    page = doc.pages.get()
    assert page.ocr_state == OcrState.DONE, page.ocr_error
    assert page.ocr_engine.startswith("rapidocr") and page.ocr_lines and page.ocr_confidence > 0.5
    assert abs(page.width - 1654) <= 1 and abs(page.height - 2339) <= 1  # A4 rendered at 200 dpi
    assert "孙兰敏" in page.ocr_text
    assert doc.category == "summons" and doc.category_confidence >= 0.7
    assert [h.page.pk for h in dossier_search(case=case, q="孙兰敏")] == [page.pk]

"""Hostile uploads are refused at filing, from any party, before they cost anything (issue 13, item 5): a zip bomb
(a DOCX of ~200 KB unpacking to ~200 MB), an image announcing 100,000 × 100,000 pixels, a PDF running JavaScript.
The wizard's file picker offers exactly what filing accepts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from smartcourt.core.intake import sniff
from smartcourt.core.intake.models import StoredBlob
from smartcourt.core.tests.intake import samples
from smartcourt.filing import services
from smartcourt.filing.models import Evidence
from smartcourt.filing.rules.filing_input import FilingInputError
from smartcourt.filing.services.filing import FILING_KINDS

from .helpers import complete_draft, upload, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_pixel_decoded(monkeypatch):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageFile

    def refuse(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the pixels of a decompression bomb were decoded")

    monkeypatch.setattr(Image.Image, "load", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def _refused(name: str, data: bytes, w=None) -> FilingInputError:  # type: ignore[no-untyped-def]
    w = w or world()
    filing = complete_draft(w, evidence=0)
    with pytest.raises(FilingInputError) as exc:
        services.evidence_add(filing=filing, actor=w.party, upload=upload(name, data), title="证据")
    assert exc.value.field == "evidence.file" and exc.value.code == "filing.upload_refused"
    assert not Evidence.objects.exists() and not StoredBlob.objects.exists()  # nothing kept of it
    return exc.value


def test_a_200_mb_docx_zip_bomb_is_refused_at_filing() -> None:
    bomb = samples.zip_bomb_docx(199)
    assert len(bomb) < 300 * 1024
    error = _refused("合同.docx", bomb)
    assert "压缩炸弹" in str(error.message) and "合同.docx" in str(error.message)


def test_an_image_announcing_100000_square_pixels_is_refused_at_filing_from_its_header(no_pixel_decoded) -> None:  # type: ignore[no-untyped-def]
    error = _refused("转账记录.png", samples.png_header(100_000, 100_000))
    assert "解压炸弹" in str(error.message) and "转账记录.png" in str(error.message)


def test_a_pdf_running_javascript_is_refused_at_filing() -> None:
    error = _refused("借条.pdf", samples.pdf_with_javascript())
    assert "JavaScript" in str(error.message)


def test_the_image_bomb_is_refused_over_http_with_its_message(client, no_pixel_decoded) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    filing = complete_draft(w, evidence=0)
    url = reverse("filing:wizard_step", args=[filing.pk, "evidence"])
    response = client.post(url, {"title": "照片", "file": upload("照片.png", samples.png_header(100_000, 100_000))})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="error-file"' in body and "解压炸弹" in body
    assert not Evidence.objects.exists()


def test_the_file_picker_offers_exactly_what_filing_accepts(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    filing = complete_draft(w, evidence=0)
    body = client.get(reverse("filing:wizard_step", args=[filing.pk, "evidence"])).content.decode()
    offered = re.search(r'accept="([^"]*)"[^>]*data-testid="evidence-file"', body)
    assert offered is not None
    extensions = set(offered.group(1).split(","))
    accepted = {ext for kind in FILING_KINDS for ext in sniff.ALLOWED[kind][1]}
    assert extensions == accepted and ".tif" not in extensions and ".tiff" not in extensions
    tiff = samples.tiff([samples.png()])
    error = _refused("扫描件.tif", tiff, w)  # what the picker no longer offers, filing refuses
    assert "只接受" in str(error.message)

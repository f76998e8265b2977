"""The label sheet PDF: text (court, case number, title, label code) and a QR image that decodes to the bundle's
scan page URL."""

from __future__ import annotations

import io

import numpy as np
import pytest
from pypdf import PdfReader

from smartcourt.courts.tests.factories import login_verified
from smartcourt.dossier.custody import services
from smartcourt.dossier.custody.rules.labels import label_code_display

pytestmark = pytest.mark.django_db


def _decode_qr(image) -> str:  # type: ignore[no-untyped-def]
    """OpenCV's detectors are scale-sensitive and each misses a rare symbol: try both, at 1×, 2× and 3×."""
    import cv2

    gray = np.array(image.convert("L"))
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        for factor in (1, 2, 3):
            img = gray if factor == 1 else cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_NEAREST)
            text, _points, _ = detector.detectAndDecode(img)
            if text:
                return text
    return ""


def test_label_sheet_has_text_and_a_decodable_qr_per_bundle(client, world, bundle) -> None:
    second = services.paper_file_register(case=world.case, kind="main_volume", title="正卷第一册", actor=world.keeper)
    login_verified(client, world.keeper)
    resp = client.get(f"/paper-files/labels.pdf?id={bundle.pk}&id={second.pk}")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(resp.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for needle in (
        world.case.number,
        "原告提交的证据原件",
        "正卷第一册",
        world.court.name,
        label_code_display(bundle.label_code),
        label_code_display(second.label_code),
    ):
        assert needle in text, needle
    images = reader.pages[0].images
    assert len(images) == 2
    payloads = {_decode_qr(img.image) for img in images}
    assert payloads == {
        f"http://testserver/paper-files/scan/{bundle.label_code}/",
        f"http://testserver/paper-files/scan/{second.label_code}/",
    }


def test_a_case_with_many_bundles_spills_onto_a_second_sheet(client, world) -> None:
    for n in range(13):
        services.paper_file_register(case=world.case, kind="evidence", title=f"证据第{n + 1}组", actor=world.keeper)
    login_verified(client, world.keeper)
    resp = client.get(f"/paper-files/labels.pdf?case={world.case.pk}")
    reader = PdfReader(io.BytesIO(resp.content))
    assert len(reader.pages) == 2 and len(reader.pages[1].images) == 1


def test_labels_only_for_bundles_one_handles(client, world, bundle) -> None:
    login_verified(client, world.judge)  # may see, may not handle
    resp = client.get(f"/paper-files/labels.pdf?id={bundle.pk}")
    assert resp.status_code == 302
    resp = client.get(f"/api/v1/paper-files/labels.pdf?code={bundle.label_code}")
    assert resp.status_code == 403


def test_the_label_sheet_renders_to_the_same_bytes(world, bundle) -> None:
    from smartcourt.core.tests.pdf_checks import assert_renders_identically
    from smartcourt.dossier.custody.labels import label_sheet_pdf

    assert_renders_identically(
        lambda: label_sheet_pdf(bundles=[bundle], url_for=lambda b: f"https://court.example/scan/{b.label_code}/")
    )

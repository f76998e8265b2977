"""What makes the OCR fast must not change what it reads: width-batched recognition and the bounded page size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from smartcourt.dossier.ocr import recognise_image
from smartcourt.dossier.ocr.engine import REC_MAX_BATCH, REC_MIN_RATIO, rec_batches

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def test_rec_batches_cover_every_crop_once_and_keep_padding_small():
    ratios = [3.0, 30.0, 31.0, 6.0, 29.5, 12.0, 12.2, 1.0, 30.5, *[20.0] * 40]
    batches = rec_batches(ratios)
    assert sorted(i for b in batches for i in b) == list(range(len(ratios)))
    for batch in batches:
        assert len(batch) <= REC_MAX_BATCH
        widths = [max(REC_MIN_RATIO, ratios[i]) for i in batch]
        assert max(widths) * len(widths) <= sum(widths) * 1.05 + 1e-9
    assert any(len(b) > 1 for b in batches)  # similar crops do share a run
    assert rec_batches([]) == []


@pytest.mark.skipif(not FONT.exists(), reason="fonts-noto-cjk is not installed")
def test_a_300_dpi_page_reads_like_its_200_dpi_twin_with_boxes_in_its_own_pixels():
    lines = ["民事判决书", "原告：王芳，女，住广东省深圳市福田区人民路12号。", "案件受理费1,250元，由被告负担。"]

    def page(dpi: int) -> Image.Image:
        k = dpi / 200
        font = ImageFont.truetype(str(FONT), round(40 * k), index=2)
        img = Image.new("L", (round(1654 * k), round(2339 * k)), 250)
        d = ImageDraw.Draw(img)
        for i, t in enumerate(lines):
            d.text((round(200 * k), round((300 + 90 * i) * k)), t, font=font, fill=10)
        return img

    small, big = recognise_image(page(200)), recognise_image(page(300))
    assert big.text == small.text and "1,250元" in big.text
    assert (big.width, big.height) == (2481, 3508)
    for a, b in zip(small.lines, big.lines, strict=True):
        assert all(abs(v * 1.5 - w) <= 24 for v, w in zip(a.box, b.box, strict=True)), (a.box, b.box)
        assert 0 <= b.box[0] < b.box[2] <= big.width and 0 <= b.box[1] < b.box[3] <= big.height

"""The printable QR label sheet (卷宗标签): A4, 2 × 6 labels of 90 × 42 mm, one per bundle.

Each label carries the QR code (the URL of the bundle's scan page, so a phone camera lands on it), the court, the
case number, the bundle's title and kind, and the label code in print for when the QR is worn. The QR is a raster
image from the pinned `qrcode` library at a size any phone reads (≥ 25 mm, error correction M, quiet zone kept).
Text uses the Adobe-GB1 CID font STSong-Light, which reportlab writes without embedding a font file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from smartcourt.core.pdf import CJK_FONT, cjk_font, pdf_canvas

from .models import PaperBundle
from .rules.labels import label_code_display

FONT = CJK_FONT
COLUMNS, ROWS = 2, 6
LABEL_W, LABEL_H = 90 * mm, 42 * mm
GAP_X, GAP_Y = 6 * mm, 4 * mm
QR_SIZE = 32 * mm


def qr_image(payload: str) -> ImageReader:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)  # the standard four-module quiet zone
    qr.add_data(payload)
    qr.make(fit=True)
    img = qr.make_image(fill_color="black", back_color="white").get_image().convert("L")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    return ImageReader(buf)


def _fit(text: str, size: float, width: float) -> str:
    """Cut `text` with an ellipsis so it fits `width` at `size` points."""
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def _label(c: canvas.Canvas, x: float, y: float, bundle: PaperBundle, url: str) -> None:
    c.setLineWidth(0.4)
    c.setDash(2, 2)
    c.roundRect(x, y, LABEL_W, LABEL_H, 2 * mm)  # a dashed cutting line
    c.setDash()
    pad = 4 * mm
    c.drawImage(qr_image(url), x + pad - 1 * mm, y + (LABEL_H - QR_SIZE) / 2, QR_SIZE, QR_SIZE)
    tx = x + pad + QR_SIZE + 1 * mm
    width = x + LABEL_W - pad - tx
    top = y + LABEL_H - pad - 3 * mm
    c.setFillGray(0.35)
    c.setFont(FONT, 7.5)
    c.drawString(tx, top, _fit(bundle.court.name, 7.5, width))
    c.setFillGray(0)
    c.setFont(FONT, 10.5)
    c.drawString(tx, top - 5.2 * mm, _fit(bundle.case.number, 10.5, width))
    c.setFont(FONT, 9)
    c.drawString(tx, top - 10.4 * mm, _fit(bundle.title, 9, width))
    c.setFont(FONT, 7.5)
    c.setFillGray(0.35)
    # Ideographic spaces, not "·": U+00B7 is outside what readers map for STSong-Light and prints as a box.
    meta = f"{bundle.get_kind_display()}\u3000第{bundle.volume_no}册" + (
        f"\u3000{bundle.pages}页" if bundle.pages else ""
    )
    c.drawString(tx, top - 15 * mm, _fit(meta, 7.5, width))
    c.setFillGray(0)
    c.setFont("Courier-Bold", 10)
    c.drawString(tx, y + pad, label_code_display(bundle.label_code))
    c.setFont(FONT, 6.5)
    c.drawString(tx, y + pad + 4.2 * mm, "扫码办理入柜/取出")


def label_sheet_pdf(*, bundles: Sequence[PaperBundle], url_for: Callable[[PaperBundle], str]) -> bytes:
    """One or more A4 pages of labels; `url_for(bundle)` gives the absolute URL the QR code encodes."""
    cjk_font()
    buf = io.BytesIO()
    c = pdf_canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle("纸质卷宗标签")
    c.setAuthor("smartcourt")
    page_w, page_h = A4
    margin_x = (page_w - COLUMNS * LABEL_W - (COLUMNS - 1) * GAP_X) / 2
    margin_y = (page_h - ROWS * LABEL_H - (ROWS - 1) * GAP_Y) / 2
    per_page = COLUMNS * ROWS
    for i, bundle in enumerate(bundles):
        if i and i % per_page == 0:
            c.showPage()
        slot = i % per_page
        col, row = slot % COLUMNS, slot // COLUMNS
        x = margin_x + col * (LABEL_W + GAP_X)
        y = page_h - margin_y - (row + 1) * LABEL_H - row * GAP_Y
        _label(c, x, y, bundle, url_for(bundle))
    c.showPage()
    c.save()
    return buf.getvalue()

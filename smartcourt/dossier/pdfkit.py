"""PDF making for the dossier (reportlab + pypdf): text documents laid out like court documents, the catalogue
(卷宗目录) pages, images wrapped as PDF pages, and page numbers stamped on existing pages.

Fonts: the Adobe-GB1 CID font STSong-Light from `smartcourt.core.pdf` (as the filing app's complaint PDF): reportlab
cannot embed the machine's Noto CJK (CFF) fonts; readers and pdfium map STSong-Light to an installed Song/Serif
CJK face.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from smartcourt.core.pdf import cjk_font, document_template, paragraph, pdf_canvas


def _styles() -> dict[str, ParagraphStyle]:
    f = cjk_font()
    body = ParagraphStyle("body", fontName=f, fontSize=14, leading=26, firstLineIndent=28, wordWrap="CJK")
    return {
        "court": ParagraphStyle("court", fontName=f, fontSize=18, leading=28, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=f, fontSize=24, leading=36, alignment=TA_CENTER, spaceAfter=8),
        "number": ParagraphStyle("number", fontName=f, fontSize=14, leading=24, alignment=TA_RIGHT, spaceAfter=8),
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, firstLineIndent=0),
        "cell": ParagraphStyle("cell", fontName=f, fontSize=11, leading=15, wordWrap="CJK"),
        "small": ParagraphStyle("small", fontName=f, fontSize=9, leading=12, textColor="#555555", wordWrap="CJK"),
    }


def spaced(title: str) -> str:
    """A court title as printed, one ideographic space between characters: 判决书 → 判　决　书."""
    return "\u3000".join(title)


def text_document_pdf(
    *,
    title: str,
    paragraphs: Sequence[str],
    court: str = "",
    number: str = "",
    closing: Sequence[str] = (),
    footer: str = "",
) -> bytes:
    """A document laid out as courts print them (GB/T 9704 margins): court name, spaced title, case number on the
    right, indented paragraphs, right-aligned signatures and date (`closing`)."""
    st = _styles()
    buf = io.BytesIO()

    def on_page(c: canvas.Canvas, doc: SimpleDocTemplate) -> None:
        if footer:
            c.setFont(cjk_font(), 8)
            c.setFillColor(colors.HexColor("#777777"))
            c.drawCentredString(A4[0] / 2, 14 * mm, footer[:80])

    doc = document_template(
        buf, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm, bottomMargin=35 * mm,
        title=title or footer, author="smartcourt",
    )  # fmt: skip
    story: list = []
    if court:
        story.append(paragraph(court, st["court"]))
    if title:
        story.append(paragraph(spaced(title) if len(title) <= 8 else title, st["title"]))
    if number:
        story.append(paragraph(number, st["number"]))
    for text in paragraphs:
        if isinstance(text, list | tuple):  # a table: rows of cells
            table = Table([[paragraph(str(cell), st["cell"]) for cell in row] for row in text], repeatRows=1)
            table.setStyle(
                TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
            )
            story.extend([Spacer(1, 4), table, Spacer(1, 8)])
        elif text.strip():
            story.append(paragraph(text, st["body"]))
        else:
            story.append(Spacer(1, 10))
    if closing:
        story.append(Spacer(1, 18))
        story.extend(paragraph(line, st["right"]) for line in closing)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def catalogue_pdf(*, court: str, case_number: str, case_title: str, rows: Sequence[Sequence[str]], note: str) -> bytes:
    """The catalogue (卷宗目录): 序号, 文件名称, 页号, 备注 — one row per document in volume order."""
    st = _styles()
    buf = io.BytesIO()
    doc = document_template(
        buf, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=24 * mm, bottomMargin=22 * mm,
        title=f"{case_number} 卷宗目录", author="smartcourt",
    )  # fmt: skip
    head = [paragraph(x, st["cell"]) for x in ("序号", "文件名称", "页号", "备注")]
    data = [head] + [[paragraph(str(c), st["cell"]) for c in row] for row in rows]
    table = Table(data, colWidths=[14 * mm, 92 * mm, 26 * mm, 34 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story = [
        paragraph(court, st["court"]),
        paragraph(spaced("卷宗目录"), st["title"]),
        paragraph(f"案号：{case_number}", st["plain"]),
        paragraph(f"案件名称：{case_title}", st["plain"]),
        Spacer(1, 8),
        table,
        Spacer(1, 10),
        paragraph(note, st["small"]),
    ]
    doc.build(story)
    return buf.getvalue()


def image_page_pdf(image_bytes: bytes) -> bytes:
    """One image as one PDF page of its physical size (from its dpi, 200 dpi when unknown)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.open(io.BytesIO(image_bytes))
    dpi = image.info.get("dpi", (200, 200))
    xdpi = float(dpi[0] or 200) or 200.0
    ydpi = float(dpi[1] or 200) or 200.0
    if xdpi < 50 or ydpi < 50:
        xdpi = ydpi = 200.0
    width, height = image.width / xdpi * 72, image.height / ydpi * 72
    buf = io.BytesIO()
    c = pdf_canvas(buf, pagesize=(width, height))
    c.drawImage(ImageReader(image.convert("RGB") if image.mode not in ("L", "RGB") else image), 0, 0, width, height)
    c.showPage()
    c.save()
    return buf.getvalue()


def number_overlay(sizes: Sequence[tuple[float, float]], labels: Sequence[str]) -> bytes:
    """One overlay page per target page with its label in the top right corner (where the 卷宗页号 goes)."""
    buf = io.BytesIO()
    c = pdf_canvas(buf)
    for (width, height), text in zip(sizes, labels, strict=True):
        c.setPageSize((width, height))
        if text:
            c.setFont(cjk_font(), 10)
            tw = pdfmetrics.stringWidth(text, cjk_font(), 10)
            x, y = width - 12 * mm - tw, height - 10 * mm
            c.setFillColor(colors.white)
            c.rect(x - 3, y - 3, tw + 6, 14, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return buf.getvalue()

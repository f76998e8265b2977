"""The published text as a PDF (deterministic bytes: the same text gives the same file, so the copy anchored in
the ledger is the copy the portal serves)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from smartcourt.core.pdf import cjk_font, document_template, paragraph

from .text import body_paragraphs

if TYPE_CHECKING:
    from ..models import PublicationTask


def published_pdf(task: PublicationTask, text: str) -> bytes:
    font = cjk_font()
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=4 * mm)
    sub = ParagraphStyle("sub", fontName=font, fontSize=12, leading=18, alignment=TA_CENTER, spaceAfter=6 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=21, firstLineIndent=24, spaceAfter=2 * mm)
    note = ParagraphStyle("note", fontName=font, fontSize=9, leading=13, textColor="#555555", spaceBefore=8 * mm)
    out = io.BytesIO()
    doc = document_template(
        out,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=25 * mm,
        title=task.title,
        author=task.court.name,
    )
    story = [paragraph(task.court.name, sub), paragraph(task.title, title), paragraph(task.case_number, sub)]
    story.extend(
        paragraph(para, body) for para in body_paragraphs(text, heading=(task.court.name, task.title, task.case_number))
    )
    story.append(
        paragraph(
            "本文书依照《最高人民法院关于人民法院在互联网公布裁判文书的规定》进行了隐名处理，"
            "并已在本院区块存证账本中存证，可在“存证核验”页面核验。",
            note,
        )
    )
    doc.build(story)
    return out.getvalue()

"""The certificate of a party's recorded statement in a non-synchronous trial (非同步审理陈述音视频存证说明): which
case, step, party, who uploaded it and when, the clip's type, size and SHA-256. Filed into the dossier, which anchors
it in the ledger: the clip itself stays in the file intake under its hash (the dossier keeps paper and images)."""

from __future__ import annotations

import io

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from smartcourt.core.pdf import cjk_font, document_template, paragraph


def statement_certificate_pdf(*, court_name: str, rows: list[tuple[str, str]], rule: str) -> bytes:
    f = cjk_font()
    title = ParagraphStyle("title", fontName=f, fontSize=17, leading=26, alignment=TA_CENTER, spaceAfter=6)
    cell = ParagraphStyle("cell", fontName=f, fontSize=10, leading=15, wordWrap="CJK")
    buf = io.BytesIO()
    doc = document_template(
        buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=18 * mm,
        title="非同步审理陈述音视频存证说明", author=court_name, creator="smartcourt",
    )  # fmt: skip
    table = Table([[paragraph(a, cell), paragraph(b, cell)] for a, b in rows], colWidths=[34 * mm, 136 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#555555"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    doc.build(
        [paragraph(court_name, title), paragraph("非同步审理陈述音视频存证说明", title), table, paragraph(rule, cell)]
    )
    return buf.getvalue()

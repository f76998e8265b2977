"""The stock .docx templates, built from the kinds' layouts with python-docx (one builder, so every kind shares the
SPC layout: court name and title centred, the case number right-aligned, the body, the signature block and date on
the right, the seal over the date). Generated, not committed as binaries: the layout is reviewable as code and a
change of style is one edit here; the bytes are deterministic (fixed core properties), so the stock version's hash
is stable.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .kinds import Kind

FONT = "Noto Serif CJK SC"  # fonts-noto-cjk, which the PDF conversion finds (Makefile DEBIAN_PACKAGES)


def _run_font(run: Any, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)


def _para(doc: Any, text: str, *, align: Any = None, size: float = 14, bold: bool = False, indent: bool = False) -> Any:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(size * 1.75)
    _run_font(p.add_run(text), size, bold)
    return p


def stock_template(kind: Kind) -> bytes:
    doc = DocxDocument()
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    props = doc.core_properties
    props.author = props.last_modified_by = "smartcourt"
    props.created = props.modified = datetime(2000, 1, 1)  # noqa: DTZ001 — fixed, so the bytes are stable
    props.revision = 1
    props.title = kind.title
    _para(doc, "{{ court_name }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=22, bold=True)
    _para(doc, "{{ doc_title }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=26, bold=True)
    _para(doc, "{{ case_number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    for text in kind.body:
        _para(doc, text, indent=not text.startswith("{{ recipient_name }}") and not text.startswith("被传唤人"))
    _para(doc, "")
    if kind.signed_by == "judges":
        _para(doc, "{{ judges_block }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "{{ date_cn }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    if kind.signed_by != "parties":  # a paper the parties sign (调解协议书) carries no court seal
        _para(doc, "（院印）", align=WD_ALIGN_PARAGRAPH.RIGHT, size=10)  # the seal's place: the signature's box
    if kind.signed_by == "judges":
        _para(doc, "书记员　{{ clerk_name }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return _zip_stable(out.getvalue())


def _zip_stable(data: bytes) -> bytes:
    """The same .docx with every zip member dated 1980-01-01, so the bytes depend on the content only."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()

"""Chinese text in reportlab PDFs, shared by every app that prints documents (complaints, service certificates,
dossier volumes, custody labels).

The font is the Adobe-GB1 CID font STSong-Light: reportlab cannot embed the machine's Noto CJK fonts (CFF
outlines), so it writes STSong-Light without a font file and every PDF reader (and pdfium/poppler through
fontconfig) maps it to an installed Song/Serif CJK face.

Every generator makes its document through `document_template` or `pdf_canvas`, so identical input gives identical
bytes: reportlab otherwise writes the clock into /CreationDate, /ModDate and the file /ID, and a document rendered
twice (the complaint for the dossier, then again for service) was two different files, so the copy served was not
the copy anchored. The date a document bears is printed on it; when it was recorded is the ledger's business.
"""

from __future__ import annotations

from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

CJK_FONT = "STSong-Light"
# reportlab's invariant mode: a fixed creation date (2000-01-01 UTC) and a file /ID from the title and author only.
INVARIANT = 1


def document_template(out: IO[bytes], **kwargs: Any) -> SimpleDocTemplate:
    """A platypus document whose bytes depend on its content only (not on when it is built)."""
    return SimpleDocTemplate(out, invariant=INVARIANT, **kwargs)


def pdf_canvas(out: IO[bytes], **kwargs: Any) -> Canvas:
    """A reportlab canvas whose bytes depend on what is drawn only (not on when it is saved)."""
    return Canvas(out, invariant=INVARIANT, **kwargs)


def cjk_font() -> str:
    """The CJK font's name, registered with reportlab on first use."""
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text as a Paragraph: markup characters escaped, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)

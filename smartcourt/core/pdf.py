"""Chinese text in reportlab PDFs, shared by every app that prints documents (complaints, service certificates,
dossier volumes, custody labels).

The font is the Adobe-GB1 CID font STSong-Light: reportlab cannot embed the machine's Noto CJK fonts (CFF
outlines), so it writes STSong-Light without a font file and every PDF reader (and pdfium/poppler through
fontconfig) maps it to an installed Song/Serif CJK face.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph

CJK_FONT = "STSong-Light"


def cjk_font() -> str:
    """The CJK font's name, registered with reportlab on first use."""
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text as a Paragraph: markup characters escaped, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)

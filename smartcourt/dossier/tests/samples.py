"""Sample files for dossier tests, made on the fly (never copied from ../shared); the generic ones (bombs, TIFF,
JPEG, DOCX) come from the intake's samples."""

from __future__ import annotations

import io

from smartcourt.core.tests.intake.samples import bomb_png, bomb_tiff, docx, jpeg, tiff
from smartcourt.dossier import pdfkit

__all__ = ["bomb_png", "bomb_tiff", "docx", "encrypted_pdf", "jpeg", "page_png", "scanned_pdf", "text_pdf", "tiff"]


def text_pdf(title: str, paragraphs: list[str], court: str = "苏州市姑苏区人民法院") -> bytes:
    """A born-digital court document (with a text layer)."""
    return pdfkit.text_document_pdf(title=title, paragraphs=paragraphs, court=court, number="（2026）苏0508民初101号")


def page_png(title: str, paragraphs: list[str], dpi: int = 100) -> bytes:
    """A court page rendered as an image, like a scan (no text layer)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(text_pdf(title, paragraphs))
    image = document[0].render(scale=dpi / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(dpi, dpi))
    document.close()
    return buf.getvalue()


def scanned_pdf(pages: list[bytes]) -> bytes:
    """A PDF of page images (as a scanner makes them): no text layer."""
    import pypdf

    writer = pypdf.PdfWriter()
    for png in pages:
        writer.add_page(pypdf.PdfReader(io.BytesIO(pdfkit.image_page_pdf(png))).pages[0])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_page(pypdf.PdfReader(io.BytesIO(text_pdf("传票", ["被传唤人：张三"]))).pages[0])
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()

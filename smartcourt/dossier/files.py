"""Bytes in, pages out: a file the dossier takes in, checked by the one file intake (`smartcourt.core.intake`:
sniffed by content, PDF/image/DOCX checks, limits) and split into the pages the dossier numbers, reads and exports.

Everything is checked in memory before anything is stored, so a refused file leaves nothing behind: empty (0 bytes),
lying extension, corrupt or encrypted PDF, an image whose header announces more pixels than INTAKE_MAX_IMAGE_PIXELS
(a decompression bomb: refused from the header, before any decoding), too many pages. The bytes are stored by the
intake's content-addressed store (`core.intake.store.blob_store`).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError
from smartcourt.core.intake import checks
from smartcourt.core.intake.errors import IntakeRefused, NoPages, PdfCorrupt, TooManyPages
from smartcourt.core.intake.limits import Limits, dossier_max_bytes, limits_current
from smartcourt.core.intake.sniff import SCAN_KINDS
from smartcourt.core.intake.store import blob_read

OCR_DPI = 200


class DossierInputError(ApplicationError):
    status, code, message = 400, "dossier.invalid_file", _("文件无法归入电子卷宗，请检查后重新上传。")


def max_bytes() -> int:
    return dossier_max_bytes()


@dataclass(frozen=True)
class PreparedPage:
    content: bytes
    content_type: str
    ext: str
    width: int | None = None  # pixels for images; points for PDF pages
    height: int | None = None
    text_layer: str = ""  # text printed in a born-digital PDF page (no OCR needed)


@dataclass(frozen=True)
class Prepared:
    kind: str
    content_type: str
    ext: str
    sha256: str
    pages: list[PreparedPage] = field(default_factory=list)
    note: str = ""


def prepare(*, content: bytes, filename: str) -> Prepared:
    """Sniff, check and split a file into pages, all in memory; DossierInputError (Chinese) if it is refused,
    with the intake's refusal code in `extra["reason"]`."""
    try:
        return _prepare(content, filename, limits_current())
    except IntakeRefused as exc:
        raise DossierInputError(exc.message, extra={"reason": exc.code}) from exc


def _prepare(content: bytes, filename: str, limits: Limits) -> Prepared:
    shown = checks.shown_name(filename)
    sniffed = checks.content_sniff(content, filename=filename, kinds=SCAN_KINDS, max_bytes=max_bytes(), limits=limits)
    kind = sniffed.kind
    if kind == "pdf":
        pages = _pdf_pages(content, filename, limits)
        note = ""
    elif kind == "docx":
        pages = _pdf_pages(_docx_rendition(content, filename, limits), filename, limits)
        note = "Word 文档按其文字内容转换为页面，版式可能与原件不同。"
    else:
        pages = _image_pages(content, kind, filename, limits)
        note = ""
    if not pages:
        raise NoPages(f"文件“{shown}”没有可归档的页面。")
    if len(pages) > limits.max_pages:
        raise TooManyPages(f"文件“{shown}”共{len(pages)}页，超过单个文件{limits.max_pages}页的上限，请拆分后上传。")
    return Prepared(kind, sniffed.content_type, sniffed.ext, hashlib.sha256(content).hexdigest(), pages, note)


def _pdf_pages(content: bytes, filename: str, limits: Limits) -> list[PreparedPage]:
    import pypdf

    reader, document = checks.pdf_open(content, filename=filename)
    try:
        count = checks.pdf_page_count(reader, document, filename=filename, max_pages=limits.max_pages)
        out = []
        for i in range(count):
            page = document[i]
            width, height = page.get_size()
            checks.pdf_page_size_check(
                width, height, filename=filename, page=i + 1, dpi=OCR_DPI, max_pixels=limits.max_pixels
            )
            text = page.get_textpage().get_text_range().replace("\r\n", "\n").strip()
            writer = pypdf.PdfWriter()
            try:
                writer.add_page(reader.pages[i])
                buf = io.BytesIO()
                writer.write(buf)
            except Exception as exc:
                raise PdfCorrupt(
                    f"PDF 文件“{checks.shown_name(filename)}”第{i + 1}页已损坏，无法拆分，请重新导出后上传。"
                ) from exc
            out.append(PreparedPage(buf.getvalue(), "application/pdf", "pdf", round(width), round(height), text))
        return out
    finally:
        document.close()


def _image_pages(content: bytes, kind: str, filename: str, limits: Limits) -> list[PreparedPage]:
    from PIL import ImageSequence

    header = checks.image_open(content, kind=kind, filename=filename, max_pixels=limits.max_pixels)
    frames = checks.image_frames(header) if kind == "tiff" else 1
    if frames > limits.max_pages:
        raise TooManyPages(
            f"TIFF 文件“{checks.shown_name(filename)}”共{frames}页，超过{limits.max_pages}页的上限，请拆分后上传。"
        )
    out = []
    with checks.image_decoding(kind=kind, filename=filename):
        if kind == "tiff":
            for i, frame in enumerate(ImageSequence.Iterator(header)):
                checks.image_size_check(*frame.size, filename=filename, max_pixels=limits.max_pixels, frame=i)
                frame.load()
                image = frame.convert("L" if frame.mode in ("1", "L", "I;16", "I") else "RGB")
                buf = io.BytesIO()
                image.save(buf, format="PNG", dpi=frame.info.get("dpi", (OCR_DPI, OCR_DPI)))
                out.append(PreparedPage(buf.getvalue(), "image/png", "png", image.width, image.height))
        else:
            header.load()  # full decode: a truncated or corrupt image fails here, before anything is stored
            content_type = "image/jpeg" if kind == "jpeg" else "image/png"
            out.append(PreparedPage(content, content_type, "jpg" if kind == "jpeg" else "png", *header.size))
    return out


def _docx_rendition(content: bytes, filename: str, limits: Limits) -> bytes:
    """A PDF of a Word document's text (paragraph by paragraph), so its pages can be numbered, read and exported."""
    from .pdfkit import text_document_pdf

    shown = checks.shown_name(filename)
    paragraphs = checks.docx_paragraphs(content, filename=filename, limits=limits)
    if not any(p.strip() for p in paragraphs):
        raise DossierInputError(f"Word 文档“{shown}”没有文字内容，请另存为 PDF 后上传。")
    title = re.sub(r"\.docx$", "", shown, flags=re.I)
    return text_document_pdf(title="", paragraphs=paragraphs, footer=f"依 Word 文档“{title}”文字内容转换")


def page_image(page: Any) -> Any:
    """The image the OCR reads for a stored page: PDF pages rendered by pypdfium2 at 200 dpi (grayscale)."""
    from PIL import Image

    data = blob_read(page.storage_name)
    if page.content_type == "application/pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
        try:
            bitmap = document[0].render(scale=OCR_DPI / 72, grayscale=True)
            image = bitmap.to_pil()
            image.load()
            return image.copy()
        finally:
            document.close()
    image = Image.open(io.BytesIO(data))
    checks.image_size_check(*image.size, filename=page.storage_name, max_pixels=limits_current().max_pixels)
    image.load()
    return image

"""Bytes in, pages out: what a dossier file is (sniffed by content), whether it is safe to open, its pages, and
content-addressed storage (`dossier/<aa>/<bb>/<sha256>.<ext>`, the same bytes stored once).

Everything is checked in memory before anything is written, so a refused file leaves nothing behind:
empty (0 bytes), lying extension, corrupt or encrypted PDF, an image whose header announces more pixels than
`DOSSIER_MAX_IMAGE_PIXELS` (a decompression bomb: refused from the header, before any decoding), too many pages.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError
from smartcourt.filing.rules.uploads import sniff

OCR_DPI = 200
KINDS = frozenset({"pdf", "jpeg", "png", "tiff", "docx"})
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "tiff": "tif", "docx": "docx"}


class DossierInputError(ApplicationError):
    status, code, message = 400, "dossier.invalid_file", _("文件无法归入电子卷宗，请检查后重新上传。")


def max_pixels() -> int:
    # 80 megapixels: an A3 page scanned at 600 dpi (7016 × 9921) fits, a 20,000 × 20,000 bomb does not.
    return int(getattr(settings, "DOSSIER_MAX_IMAGE_PIXELS", 80_000_000))


def max_pages() -> int:
    return int(getattr(settings, "DOSSIER_MAX_PAGES", 2000))


def max_bytes() -> int:
    return int(getattr(settings, "DOSSIER_MAX_BYTES", 200 * 1024 * 1024))


@dataclass(frozen=True)
class PreparedPage:
    content: bytes
    content_type: str
    ext: str
    width: int | None = None  # pixels for images; points for PDF pages
    height: int | None = None
    text_layer: str = ""  # text printed in a born-digital PDF page (no OCR needed)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Prepared:
    kind: str
    content_type: str
    ext: str
    sha256: str
    pages: list[PreparedPage] = field(default_factory=list)
    note: str = ""


def storage_name_for(sha256: str, ext: str) -> str:
    return f"dossier/{sha256[:2]}/{sha256[2:4]}/{sha256}.{ext}"


def store(content: bytes, ext: str, created: list[str] | None = None) -> str:
    """Store `content` under its SHA-256 unless the same bytes are already there; returns the storage name.
    Names written by this call are appended to `created` so the caller can remove them if its action fails."""
    name = storage_name_for(hashlib.sha256(content).hexdigest(), ext)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:  # a racing writer stored the same bytes first: keep one copy
            default_storage.delete(saved)
        elif created is not None:
            created.append(name)
    return name


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as fh:
        return fh.read()


def prepare(*, content: bytes, filename: str) -> Prepared:
    """Sniff, check and split a file into pages, all in memory; DossierInputError (Chinese) if it is refused."""
    shown = (filename or "未命名文件")[:60]
    sniffed = sniff(
        content[:16], name=filename or "", size=len(content), whole=content, max_bytes=max_bytes(), kinds=KINDS
    )
    if not sniffed.ok:
        raise DossierInputError(sniffed.refusal)
    sha = hashlib.sha256(content).hexdigest()
    kind = sniffed.kind
    if kind == "pdf":
        pages = _pdf_pages(content, shown)
        note = ""
    elif kind == "docx":
        pages = _pdf_pages(_docx_rendition(content, shown), shown)
        note = "Word 文档按其文字内容转换为页面，版式可能与原件不同。"
    else:
        pages = _image_pages(content, kind, shown)
        note = ""
    if not pages:
        raise DossierInputError(f"文件“{shown}”没有可归档的页面。")
    if len(pages) > max_pages():
        raise DossierInputError(f"文件“{shown}”共{len(pages)}页，超过单个文件{max_pages()}页的上限，请拆分后上传。")
    return Prepared(kind, sniffed.content_type, EXTENSIONS[kind], sha, pages, note)


def _pdf_open(content: bytes, shown: str):  # type: ignore[no-untyped-def]
    """Open a PDF with pypdf and pdfium, or refuse it (corrupt, encrypted) with a Chinese message."""
    import pypdf
    import pypdfium2 as pdfium

    try:
        reader = pypdf.PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many types on garbage
        raise DossierInputError(
            f"PDF 文件“{shown}”已损坏，无法读取（{type(exc).__name__}），请重新扫描或导出后上传。"
        ) from exc
    if encrypted:
        raise DossierInputError(f"PDF 文件“{shown}”已加密（设有密码或权限限制），请解除加密后上传。")
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        raise DossierInputError(f"PDF 文件“{shown}”已损坏，无法打开（{exc}），请重新扫描或导出后上传。") from exc
    return reader, document


def pdf_check(*, content: bytes, filename: str) -> None:
    """Refuse, at upload, a PDF the dossier could not file later: corrupt or encrypted (DossierInputError)."""
    _reader, document = _pdf_open(content, (filename or "未命名文件")[:60])
    document.close()


def _pdf_pages(content: bytes, shown: str) -> list[PreparedPage]:
    import pypdf

    reader, document = _pdf_open(content, shown)
    try:
        count = len(document)
        if count == 0:
            raise DossierInputError(f"PDF 文件“{shown}”没有页面。")
        if count > max_pages():
            raise DossierInputError(f"文件“{shown}”共{count}页，超过单个文件{max_pages()}页的上限，请拆分后上传。")
        try:
            if len(reader.pages) != count:
                raise DossierInputError(f"PDF 文件“{shown}”的页面结构已损坏，请重新导出后上传。")
        except DossierInputError:
            raise
        except Exception as exc:
            raise DossierInputError(f"PDF 文件“{shown}”的页面结构已损坏，请重新导出后上传。") from exc
        out = []
        scale = OCR_DPI / 72
        for i in range(count):
            page = document[i]
            width, height = page.get_size()
            if width * scale * height * scale > max_pixels():
                raise DossierInputError(
                    f"PDF 文件“{shown}”第{i + 1}页尺寸过大（{width / 72 * 25.4:.0f} × {height / 72 * 25.4:.0f} 毫米），"
                    "无法按 200 dpi 生成识别图像，请按 A4/A3 等常规纸张扫描。"
                )
            text = page.get_textpage().get_text_range().replace("\r\n", "\n").strip()
            writer = pypdf.PdfWriter()
            try:
                writer.add_page(reader.pages[i])
                buf = io.BytesIO()
                writer.write(buf)
            except Exception as exc:
                raise DossierInputError(f"PDF 文件“{shown}”第{i + 1}页已损坏，无法拆分，请重新导出后上传。") from exc
            out.append(PreparedPage(buf.getvalue(), "application/pdf", "pdf", round(width), round(height), text))
        return out
    finally:
        document.close()


def _check_image_header(image, shown: str, frame: int | None = None) -> None:  # type: ignore[no-untyped-def]
    width, height = image.size
    if width <= 0 or height <= 0:
        raise DossierInputError(f"图片“{shown}”的尺寸无效。")
    if width * height > max_pixels():
        where = f"第{frame + 1}帧" if frame is not None else ""
        raise DossierInputError(
            f"图片“{shown}”{where}的尺寸为 {width} × {height} 像素，超过 {max_pixels() // 1_000_000} 百万像素的上限"
            "（为防止“解压炸弹”，按文件头尺寸拒收），请按 200–600 dpi 重新扫描。"
        )


def _image_pages(content: bytes, kind: str, shown: str) -> list[PreparedPage]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    label = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF"}[kind]
    try:
        with warnings.catch_warnings():  # our own limit is checked just below, from the same header
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            header = Image.open(io.BytesIO(content))  # lazy: reads the header only
    except Image.DecompressionBombError as exc:  # Pillow's own header check (beyond 2 × its MAX_IMAGE_PIXELS)
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        raise DossierInputError(
            f"图片“{shown}”的尺寸为{int(pixels.group(1)) // 1_000_000 if pixels else '过多'}百万像素，超过"
            f" {max_pixels() // 1_000_000} 百万像素的上限（为防止“解压炸弹”，按文件头尺寸拒收），请按 200–600 dpi 重新扫描。"
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DossierInputError(f"{label} 图片“{shown}”已损坏，无法读取，请重新扫描后上传。") from exc
    _check_image_header(header, shown)
    frames = getattr(header, "n_frames", 1) if kind == "tiff" else 1
    if frames > max_pages():
        raise DossierInputError(f"TIFF 文件“{shown}”共{frames}页，超过{max_pages()}页的上限，请拆分后上传。")
    out = []
    try:
        if kind == "tiff":
            for i, frame in enumerate(ImageSequence.Iterator(header)):
                _check_image_header(frame, shown, i)
                frame.load()
                image = frame.convert("L" if frame.mode in ("1", "L", "I;16", "I") else "RGB")
                buf = io.BytesIO()
                image.save(buf, format="PNG", dpi=frame.info.get("dpi", (OCR_DPI, OCR_DPI)))
                out.append(PreparedPage(buf.getvalue(), "image/png", "png", image.width, image.height))
        else:
            header.load()  # full decode: a truncated or corrupt image fails here, before anything is stored
            out.append(
                PreparedPage(content, "image/jpeg" if kind == "jpeg" else "image/png", EXTENSIONS[kind], *header.size)
            )
    except DossierInputError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise DossierInputError(f"{label} 图片“{shown}”已损坏或不完整，无法读取，请重新扫描后上传。") from exc
    return out


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    paragraphs = []
    for p in root.iter(f"{_W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{_W}t"))
        paragraphs.append(text)
    return paragraphs


def _docx_rendition(content: bytes, shown: str) -> bytes:
    """A PDF of a Word document's text (paragraph by paragraph), so its pages can be numbered, read and exported."""
    from .pdfkit import text_document_pdf

    try:
        paragraphs = docx_paragraphs(content)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise DossierInputError(f"Word 文档“{shown}”已损坏，无法读取，请另存为 PDF 后上传。") from exc
    if not any(p.strip() for p in paragraphs):
        raise DossierInputError(f"Word 文档“{shown}”没有文字内容，请另存为 PDF 后上传。")
    title = re.sub(r"\.docx$", "", shown, flags=re.I)
    return text_document_pdf(title="", paragraphs=paragraphs, footer=f"依 Word 文档“{title}”文字内容转换")


def page_image(page):  # type: ignore[no-untyped-def]
    """The image the OCR reads for a stored page: PDF pages rendered by pypdfium2 at 200 dpi (grayscale)."""
    from PIL import Image

    data = read(page.storage_name)
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
    _check_image_header(image, page.storage_name)
    image.load()
    return image

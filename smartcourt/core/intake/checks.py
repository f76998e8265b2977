"""Is a file safe to keep and to open later? Pure checks: bytes (and limits) in, a verdict or a refusal out.

Every check runs in memory before anything is stored, so a refused file leaves nothing behind:
- PDF: corrupt (pypdf and pdfium must both open it), encrypted, no pages, too many pages, a broken page tree;
- images: the dimensions announced in the header against the pixel limit, before any decoding (a decompression
  bomb is refused from its header), then a full decode (a truncated or corrupt image fails here);
- PDF: active content (JavaScript, launch actions, automatic actions, embedded files, XFA forms) refused;
- ZIP-based files (DOCX — and XLSX, ODT, plain ZIP, refused as unknown kinds, but only after): the central directory
  within the member-count, unpacked-size and compression-ratio limits before any member is read, then every member
  decompressed under a running bound (`archives`), every CRC, `word/document.xml` (a zip bomb is refused either way).
Refusals are `IntakeRefused` subclasses whose Chinese message names the file and says what to do.
"""

from __future__ import annotations

import io
import re
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .archives import docx_paragraphs, is_zip, zip_check, zip_directory_check
from .errors import (
    ImageCorrupt,
    ImageTooLarge,
    IntakeRefused,
    NoPages,
    PdfActiveContent,
    PdfCorrupt,
    PdfEncrypted,
    TooManyPages,
)
from .limits import Limits
from .sniff import HEAD_BYTES, Sniffed, sniff

if TYPE_CHECKING:
    import pypdf
    import pypdfium2
    from PIL import Image as PILImage

UNNAMED = "未命名文件"
IMAGE_LABELS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF"}


def shown_name(filename: str) -> str:
    """The file's name as the messages show it."""
    return (filename or UNNAMED)[:60]


__all__ = ["content_check", "content_sniff", "docx_paragraphs", "image_check", "pdf_check", "zip_check"]


def content_sniff(content: bytes, *, filename: str, kinds: frozenset[str], max_bytes: int, limits: Limits) -> Sniffed:
    """What `content` is (sniffed by its bytes), or IntakeRefused: a file beyond `max_bytes` is refused from its
    size alone, and a ZIP-based one from its central directory before the sniffer opens it (zip bombs)."""
    name = filename or ""
    if len(content) <= max_bytes and is_zip(content[:HEAD_BYTES]):
        zip_directory_check(content, filename=name, limits=limits)
    verdict = sniff(content[:HEAD_BYTES], name=name, size=len(content), kinds=kinds, max_bytes=max_bytes, whole=content)
    if not verdict.ok:
        raise verdict.error()
    return verdict


def content_check(
    content: bytes, *, filename: str, kinds: frozenset[str], max_bytes: int, limits: Limits, decode_images: bool = True
) -> Sniffed:
    """Sniff `content` and run the checks of its kind; the verdict, or IntakeRefused. An image's announced size is
    always checked from its header (decompression bombs); `decode_images=False` skips the full decode (online filing
    takes photos as they are; the dossier decodes them when it files them)."""
    verdict = content_sniff(content, filename=filename, kinds=kinds, max_bytes=max_bytes, limits=limits)
    if verdict.kind == "pdf":
        pdf_check(content, filename=filename, max_pages=limits.max_pages)
    elif verdict.kind == "docx":
        zip_check(content, filename=filename, limits=limits)
    elif decode_images:
        image_check(content, kind=verdict.kind, filename=filename, limits=limits)
    else:
        image_open(content, kind=verdict.kind, filename=filename, max_pixels=limits.max_pixels)
    return verdict


# --- PDF -----------------------------------------------------------------------------------------------------------


def pdf_open(content: bytes, *, filename: str) -> tuple[pypdf.PdfReader, pypdfium2.PdfDocument]:
    """Open a PDF with pypdf and pdfium, or refuse it (corrupt, encrypted). The caller closes the pdfium document."""
    import pypdf
    import pypdfium2 as pdfium

    shown = shown_name(filename)
    try:
        reader = pypdf.PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many types on garbage
        raise PdfCorrupt(
            f"PDF 文件“{shown}”已损坏，无法读取（{type(exc).__name__}），请重新扫描或导出后上传。"
        ) from exc
    if encrypted:
        raise PdfEncrypted(f"PDF 文件“{shown}”已加密（设有密码或权限限制），请解除加密后上传。")
    found = pdf_active_content(content, reader)
    if found:
        raise PdfActiveContent(
            f"PDF 文件“{shown}”含有打开时会自动执行的内容（{'、'.join(found)}），为安全起见已拒收。"
            "请用“打印为 PDF”或扫描重新生成不含脚本和附件的 PDF 后上传。"
        )
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        raise PdfCorrupt(f"PDF 文件“{shown}”已损坏，无法打开（{exc}），请重新扫描或导出后上传。") from exc
    return reader, document


# What a PDF may carry that runs, or that hides another file, when it is opened (ISO 32000-1 §12.6 actions, §7.11.4
# embedded files, §12.7.8 XFA): found as names, in whichever dictionary they sit.
_ACTIVE_KEYS = {
    "/JS": "JavaScript 脚本",
    "/JavaScript": "JavaScript 脚本",
    "/AA": "自动触发动作（/AA）",
    "/EmbeddedFiles": "嵌入文件",
    "/EF": "嵌入文件",
    "/XFA": "XFA 动态表单",
    "/RichMedia": "富媒体（Flash 等）",
}
_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript 脚本",
    "/Launch": "启动外部程序（/Launch）",
    "/GoToE": "打开嵌入文件（/GoToE）",
    "/RichMediaExecute": "富媒体（Flash 等）",
    "/ImportData": "导入外部数据（/ImportData）",
}
_ACTIVE_TYPES = {"/EmbeddedFile": "嵌入文件", "/RichMedia": "富媒体（Flash 等）"}
# Where no action can sit (page content, fonts, images, appearances, metadata): not walked, so a 2,000-page scan is
# checked without reading its images.
_INERT_KEYS = frozenset({"/Contents", "/Resources", "/AP", "/Thumb", "/Metadata", "/StructTreeRoot", "/PieceInfo", "/Parent", "/P"})  # fmt: skip
# The same names written in the open (outside compressed object streams), with a delimiter after them. Stream bodies
# (page content, images, fonts: compressed bytes) are skipped: any byte sequence may occur there by chance, and a
# name inside a stream is data, never an action (a compressed object stream is walked above, parsed).
_RAW_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch)(?=[\s/<>\[\]()%{}]|$)")
_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.S)


def pdf_active_content(content: bytes, reader: pypdf.PdfReader) -> list[str]:
    """What in this PDF would run or unpack when opened (Chinese labels, none when it is inert): every dictionary
    reachable from the trailer through the places actions and attachments live, plus a scan of the raw bytes."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    found: dict[str, None] = {}
    raw = _RAW_ACTIVE.search(_STREAM_BODY.sub(b"stream endstream", content))
    if raw is not None:
        found[_ACTIVE_ACTIONS["/Launch"] if raw.group(1) == b"Launch" else _ACTIVE_KEYS["/JS"]] = None
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            try:
                obj = obj.get_object()
            except Exception:  # a dangling reference: nothing is there to run
                continue
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in _ACTIVE_KEYS:
                    found[_ACTIVE_KEYS[key]] = None
                elif key == "/S" and isinstance(value, NameObject) and value in _ACTIVE_ACTIONS:
                    found[_ACTIVE_ACTIONS[value]] = None
                elif key in ("/Type", "/Subtype") and isinstance(value, NameObject) and value in _ACTIVE_TYPES:
                    found[_ACTIVE_TYPES[value]] = None
                if key not in _INERT_KEYS:
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return list(found)


def pdf_page_count(reader: pypdf.PdfReader, document: pypdfium2.PdfDocument, *, filename: str, max_pages: int) -> int:
    """The page count of an opened PDF, if it has pages, no more than `max_pages`, and both readers agree on them."""
    shown = shown_name(filename)
    count = len(document)
    if count == 0:
        raise NoPages(f"PDF 文件“{shown}”没有页面。")
    if count > max_pages:
        raise TooManyPages(f"文件“{shown}”共{count}页，超过单个文件{max_pages}页的上限，请拆分后上传。")
    try:
        agree = len(reader.pages) == count
    except Exception as exc:
        raise PdfCorrupt(f"PDF 文件“{shown}”的页面结构已损坏，请重新导出后上传。") from exc
    if not agree:
        raise PdfCorrupt(f"PDF 文件“{shown}”的页面结构已损坏，请重新导出后上传。")
    return count


def pdf_check(content: bytes, *, filename: str, max_pages: int) -> int:
    """Refuse a PDF that could not be filed later (corrupt, encrypted, no pages, too many); its page count."""
    reader, document = pdf_open(content, filename=filename)
    try:
        return pdf_page_count(reader, document, filename=filename, max_pages=max_pages)
    finally:
        document.close()


def pdf_page_size_check(width: float, height: float, *, filename: str, page: int, dpi: int, max_pixels: int) -> None:
    """A PDF page (`width` × `height` points) must render at `dpi` within the pixel limit (the OCR reads it so)."""
    scale = dpi / 72
    if width * scale * height * scale > max_pixels:
        raise ImageTooLarge(
            f"PDF 文件“{shown_name(filename)}”第{page}页尺寸过大（{width / 72 * 25.4:.0f} × {height / 72 * 25.4:.0f} 毫米），"
            f"无法按 {dpi} dpi 生成识别图像，请按 A4/A3 等常规纸张扫描。"
        )


# --- images --------------------------------------------------------------------------------------------------------


def image_size_check(width: int, height: int, *, filename: str, max_pixels: int, frame: int | None = None) -> None:
    """Dimensions as announced by an image's header, against the pixel limit (no pixel has been decoded)."""
    shown = shown_name(filename)
    if width <= 0 or height <= 0:
        raise ImageCorrupt(f"图片“{shown}”的尺寸无效。")
    if width * height > max_pixels:
        where = f"第{frame + 1}帧" if frame is not None else ""
        raise ImageTooLarge(
            f"图片“{shown}”{where}的尺寸为 {width} × {height} 像素，超过 {max_pixels // 1_000_000} 百万像素的上限"
            "（为防止“解压炸弹”，按文件头尺寸拒收），请按 200–600 dpi 重新扫描。"
        )


def image_open(content: bytes, *, kind: str, filename: str, max_pixels: int) -> PILImage.Image:
    """The image, opened lazily (its header read, no pixel decoded) and its announced size checked."""
    from PIL import Image, UnidentifiedImageError

    shown = shown_name(filename)
    try:
        with warnings.catch_warnings():  # our own limit is checked just below, from the same header
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))  # lazy: reads the header only
    except Image.DecompressionBombError as exc:  # Pillow's own header check (beyond 2 × its MAX_IMAGE_PIXELS)
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        raise ImageTooLarge(
            f"图片“{shown}”的尺寸为{int(pixels.group(1)) // 1_000_000 if pixels else '过多'}百万像素，超过"
            f" {max_pixels // 1_000_000} 百万像素的上限（为防止“解压炸弹”，按文件头尺寸拒收），请按 200–600 dpi 重新扫描。"
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageCorrupt(f"{IMAGE_LABELS.get(kind, '')} 图片“{shown}”已损坏，无法读取，请重新扫描后上传。") from exc
    image_size_check(*image.size, filename=filename, max_pixels=max_pixels)
    return image


@contextmanager
def image_decoding(*, kind: str, filename: str) -> Iterator[None]:
    """Turn a decoder's failure inside the block into ImageCorrupt (a truncated or corrupt image)."""
    from PIL import Image

    try:
        yield
    except IntakeRefused:
        raise
    except (OSError, ValueError, SyntaxError, zlib.error, Image.DecompressionBombError) as exc:
        raise ImageCorrupt(
            f"{IMAGE_LABELS.get(kind, '')} 图片“{shown_name(filename)}”已损坏或不完整，无法读取，请重新扫描后上传。"
        ) from exc


def image_frames(image: Any) -> int:
    return int(getattr(image, "n_frames", 1))


def image_check(content: bytes, *, kind: str, filename: str, limits: Limits) -> tuple[int, int, int]:
    """Header limits first, then every frame decoded: (width, height, frames) of a sound image."""
    from PIL import ImageSequence

    image = image_open(content, kind=kind, filename=filename, max_pixels=limits.max_pixels)
    frames = image_frames(image) if kind == "tiff" else 1
    if frames > limits.max_pages:
        raise TooManyPages(
            f"TIFF 文件“{shown_name(filename)}”共{frames}页，超过{limits.max_pages}页的上限，请拆分后上传。"
        )
    with image_decoding(kind=kind, filename=filename):
        if kind == "tiff":
            for i, frame in enumerate(ImageSequence.Iterator(image)):
                image_size_check(*frame.size, filename=filename, max_pixels=limits.max_pixels, frame=i)
                frame.load()
        else:
            image.load()
    return image.size[0], image.size[1], frames

"""Sample files for dossier tests, made on the fly (never copied from ../shared)."""

from __future__ import annotations

import io
import struct
import zlib

from smartcourt.dossier import pdfkit


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


def tiff(pages: list[bytes]) -> bytes:
    from PIL import Image

    images = [Image.open(io.BytesIO(p)) for p in pages]
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
    return buf.getvalue()


def jpeg(png: bytes) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("L").save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_page(pypdf.PdfReader(io.BytesIO(text_pdf("传票", ["被传唤人：张三"]))).pages[0])
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def bomb_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid 1-bit PNG announcing width × height pixels (all white; ~50 KB compressed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def bomb_tiff(width: int = 20_000, height: int = 20_000) -> bytes:
    """A two-page TIFF whose second page announces width × height pixels (header only, no image data needed)."""
    import struct as st

    def ifd(offset: int, w: int, h: int, next_ifd: int) -> bytes:
        entries = [(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 1), (259, 3, 1, 1), (262, 3, 1, 0),
                   (273, 4, 1, 8), (278, 4, 1, h), (279, 4, 1, 1)]  # fmt: skip
        body = st.pack("<H", len(entries)) + b"".join(st.pack("<HHII", *e) for e in entries)
        return body + st.pack("<I", next_ifd)

    first_at = 16
    first = ifd(first_at, 8, 8, 0)
    second_at = first_at + len(first)
    first = ifd(first_at, 8, 8, second_at)
    second = ifd(second_at, width, height, 0)
    return b"II*\x00" + st.pack("<I", first_at) + b"\x00" * 8 + first + second


def docx(paragraphs: list[str]) -> bytes:
    import zipfile

    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document)
    return buf.getvalue()

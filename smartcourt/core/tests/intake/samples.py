"""Sample files for the intake's tests (and any app's), made on the fly: sound ones and every kind of bad one."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def pdf(pages: int = 1, text: str = "evidence copy") -> bytes:
    """A born-digital PDF of `pages` A4 pages."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for n in range(pages):
        document.drawString(72, 720, f"{text} {n + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_page(pypdf.PdfReader(io.BytesIO(pdf())).pages[0])
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def png(width: int = 64, height: int = 48) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (width, height), 255).save(buf, format="PNG")
    return buf.getvalue()


def jpeg(png_bytes: bytes | None = None) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.open(io.BytesIO(png_bytes or png())).convert("L").save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def tiff(pages: list[bytes]) -> bytes:
    from PIL import Image

    images = [Image.open(io.BytesIO(p)) for p in pages]
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
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

    def ifd(w: int, h: int, next_ifd: int) -> bytes:
        entries = [(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 1), (259, 3, 1, 1), (262, 3, 1, 0),
                   (273, 4, 1, 8), (278, 4, 1, h), (279, 4, 1, 1)]  # fmt: skip
        body = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries)
        return body + struct.pack("<I", next_ifd)

    first_at = 16
    second_at = first_at + len(ifd(8, 8, 0))
    return b"II*\x00" + struct.pack("<I", first_at) + b"\x00" * 8 + ifd(8, 8, second_at) + ifd(width, height, 0)


def docx(paragraphs: list[str]) -> bytes:
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


def zip_bomb_docx(unpacked_mb: int = 300) -> bytes:
    """A DOCX whose archive unpacks to `unpacked_mb` MB of zeros (a few hundred KB packed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as entry:
            block = b"\x00" * (1024 * 1024)
            for _ in range(unpacked_mb):
                entry.write(block)
    return buf.getvalue()


def corrupt_docx() -> bytes:
    """A DOCX whose document part fails its CRC (one byte flipped inside the stored entry)."""
    good = bytearray(docx(["正文"]))
    marker = good.find(b"<w:body>")
    good[marker + 2] ^= 0xFF
    return bytes(good)


def zip_bomb(
    unpacked_mb: int = 200, *, names: tuple[str, ...] = ("xl/workbook.xml",), member: str = "data.bin"
) -> bytes:
    """Any ZIP (an XLSX by its member names) with one member of `unpacked_mb` MB of zeros: ~1,000 : 1 packed."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for name in names:
            archive.writestr(name, "<x/>")
        with archive.open(member, "w", force_zip64=True) as entry:
            block = b"\x00" * (1024 * 1024)
            for _ in range(unpacked_mb):
                entry.write(block)
    return buf.getvalue()


def zip_declaring(content: bytes, member: str, *, size: int | None = None, packed: int | None = None) -> bytes:
    """`content` (a ZIP) with the sizes its central directory and local header declare for `member` rewritten:
    a directory that lies. Only for members written without ZIP64 sizes."""
    data = bytearray(content)
    encoded = member.encode()
    for signature, packed_at, size_at, name_at in ((b"PK\x01\x02", 20, 24, 46), (b"PK\x03\x04", 18, 22, 30)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_len = struct.unpack_from("<H", data, at + (28 if signature == b"PK\x01\x02" else 26))[0]
            if bytes(data[at + name_at : at + name_at + name_len]) == encoded:
                if packed is not None:
                    struct.pack_into("<L", data, at + packed_at, packed)
                if size is not None:
                    struct.pack_into("<L", data, at + size_at, size)
            at += 4
    return bytes(data)


def raw_pdf(catalog_extra: bytes = b"", page_extra: bytes = b"", objects: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF written by hand (so a test controls every name it holds, escapes included), with a correct
    cross-reference table. `objects` are numbered from 4 on."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page_extra + b" >>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return bytes(out)


def pdf_with_javascript() -> bytes:
    """A sound PDF (reportlab's) that runs JavaScript when opened (/OpenAction, written by pypdf)."""
    import pypdf
    from pypdf.actions import JavaScript

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf()))
    writer.add_open_action(JavaScript("app.alert('x');"))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_with_attachment() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf()))
    writer.add_attachment("说明.exe", b"MZ\x90\x00 not really a program")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def png_header(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG announcing width × height pixels with almost no data after its header: a decompression bomb's
    header, read by any header-only open; its pixels would never decode."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )

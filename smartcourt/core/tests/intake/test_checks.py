"""PDF, image and DOCX checks: bytes and limits in, a verdict or a Chinese refusal with a stable code out (pure)."""

from __future__ import annotations

import pytest

from smartcourt.core.intake import checks, sniff
from smartcourt.core.intake.errors import (
    DocxCorrupt,
    FileEmpty,
    ImageCorrupt,
    ImageTooLarge,
    IntakeRefused,
    NoPages,
    PdfCorrupt,
    PdfEncrypted,
    TooManyPages,
    ZipBomb,
)
from smartcourt.core.intake.limits import Limits
from smartcourt.core.tests.intake import samples

LIMITS = Limits()
MB = 1024 * 1024


def _check(content: bytes, name: str, *, limits: Limits = LIMITS, decode_images: bool = True) -> sniff.Sniffed:
    return checks.content_check(
        content, filename=name, kinds=sniff.SCAN_KINDS, max_bytes=200 * MB, limits=limits, decode_images=decode_images
    )


def test_sound_files_pass_every_check() -> None:
    assert _check(samples.pdf(3), "a.pdf").kind == "pdf"
    assert _check(samples.png(), "a.png").kind == "png"
    assert _check(samples.jpeg(), "a.jpg").kind == "jpeg"
    assert _check(samples.tiff([samples.png(), samples.png()]), "a.tiff").kind == "tiff"
    assert _check(samples.docx(["民事答辩状"]), "a.docx").kind == "docx"
    assert checks.pdf_check(samples.pdf(3), filename="a.pdf", max_pages=10) == 3


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf\n", PdfCorrupt, "已损坏"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", PdfCorrupt, "已损坏"),
        ("encrypted", PdfEncrypted, "已加密"),
        (b"", FileEmpty, "空文件"),
    ],
)
def test_a_pdf_that_could_not_be_filed_is_refused(content, error, words) -> None:  # type: ignore[no-untyped-def]
    content = samples.encrypted_pdf() if content == "encrypted" else content
    with pytest.raises(error) as exc:
        _check(content, "借条.pdf")
    assert words in str(exc.value.message) and "借条.pdf" in str(exc.value.message) and exc.value.status == 400


def test_a_pdf_beyond_the_page_limit_is_refused() -> None:
    with pytest.raises(TooManyPages, match="共3页，超过单个文件2页的上限"):
        _check(samples.pdf(3), "a.pdf", limits=Limits(max_pages=2))


def test_a_pdf_without_pages_is_refused() -> None:
    import io

    import pypdf

    buf = io.BytesIO()
    pypdf.PdfWriter().write(buf)
    with pytest.raises((NoPages, PdfCorrupt)):
        _check(buf.getvalue(), "empty.pdf")


def test_a_20000_square_png_is_refused_from_its_header_without_decoding(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    def no_decoding(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the pixels of a bomb must never be decoded")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    with pytest.raises(ImageTooLarge) as exc:
        _check(samples.bomb_png(), "huge.png")
    assert "解压炸弹" in str(exc.value.message) and exc.value.code == "intake.image_too_large"
    with pytest.raises(ImageTooLarge, match="10000 × 10000"):  # under Pillow's own limit: refused by ours
        _check(samples.bomb_png(10_000, 10_000), "big.png")


def test_a_tiff_page_announcing_too_many_pixels_is_refused() -> None:
    with pytest.raises(ImageTooLarge, match="解压炸弹"):
        _check(samples.bomb_tiff(), "bomb.tif")


def test_a_broken_png_is_refused_when_decoded_and_a_truncated_one_passes_a_header_only_check() -> None:
    broken = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(ImageCorrupt, match="已损坏"):
        _check(broken, "转账.png")
    with pytest.raises(ImageCorrupt, match="已损坏"):  # no readable header: not even its size can be checked
        _check(broken, "转账.png", decode_images=False)
    truncated = samples.png(400, 300)[:-40]
    with pytest.raises(ImageCorrupt, match="已损坏"):
        _check(truncated, "截断.png")
    assert _check(truncated, "截断.png", decode_images=False).kind == "png"  # its pixels are decoded when filed


def test_a_word_document_that_unpacks_beyond_the_limit_is_refused() -> None:
    with pytest.raises(ZipBomb) as exc:
        _check(samples.zip_bomb_docx(24), "合同.docx", limits=Limits(max_unzipped_bytes=16 * MB, max_zip_ratio=10_000))
    assert "压缩炸弹" in str(exc.value.message) and "解压后达 24 MB，超过 16 MB" in str(exc.value.message)
    assert len(samples.zip_bomb_docx(24)) < MB // 4  # what was uploaded is small
    with pytest.raises(ZipBomb, match="内部文件"):
        _check(samples.docx(["x"]), "合同.docx", limits=Limits(max_zip_entries=1))


def test_a_word_document_with_a_damaged_entry_is_refused() -> None:
    with pytest.raises(DocxCorrupt, match="已损坏"):
        _check(samples.corrupt_docx(), "合同.docx")


def test_docx_paragraphs_reads_the_text() -> None:
    content = samples.docx(["民事答辩状", "答辩人：某公司"])
    assert checks.docx_paragraphs(content, filename="a.docx", limits=LIMITS) == ["民事答辩状", "答辩人：某公司"]


def test_a_pdf_page_too_large_to_render_for_ocr_is_refused() -> None:
    checks.pdf_page_size_check(595, 842, filename="a.pdf", page=1, dpi=200, max_pixels=80_000_000)  # A4 fits
    with pytest.raises(ImageTooLarge, match="第2页尺寸过大"):
        checks.pdf_page_size_check(14400, 14400, filename="a.pdf", page=2, dpi=200, max_pixels=80_000_000)


def test_every_refusal_is_an_application_error_with_an_intake_code() -> None:
    from smartcourt.core.errors import ApplicationError
    from smartcourt.core.intake.errors import REFUSALS

    assert all(issubclass(cls, IntakeRefused) and issubclass(cls, ApplicationError) for cls in REFUSALS.values())
    assert all(code.startswith("intake.") and cls.code == code for code, cls in REFUSALS.items())

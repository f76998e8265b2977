"""What a file is, from its bytes: kinds, executables, lying extensions, empty and oversized files (pure)."""

from __future__ import annotations

import pytest

from smartcourt.core.intake import sniff
from smartcourt.core.intake.errors import FileExecutable, FileExtensionMismatch, FileTypeRefused, IntakeRefused
from smartcourt.core.tests.intake import samples

MB = 1024 * 1024


def _sniff(content: bytes, name: str, kinds: frozenset[str] = sniff.DOCUMENT_KINDS) -> sniff.Sniffed:
    return sniff.sniff(content[:16], name=name, size=len(content), kinds=kinds, max_bytes=50 * MB, whole=content)


@pytest.mark.parametrize(
    ("content", "name", "kind", "ext"),
    [
        (samples.pdf(), "借条.PDF", "pdf", "pdf"),
        (samples.jpeg(), "转账.jpeg", "jpeg", "jpg"),
        (samples.png(), "照片.png", "png", "png"),
        (samples.docx(["合同"]), "合同.docx", "docx", "docx"),
    ],
)
def test_each_kind_is_known_by_its_bytes(content: bytes, name: str, kind: str, ext: str) -> None:
    verdict = _sniff(content, name)
    assert verdict.ok and verdict.kind == kind and verdict.ext == ext
    assert verdict.content_type == sniff.ALLOWED[kind][0]


def test_a_lying_extension_is_refused_with_what_the_file_really_is() -> None:
    verdict = _sniff(samples.jpeg(), "photo.pdf")
    assert not verdict.ok and verdict.code == "intake.extension_mismatch"
    assert "JPEG 图片" in verdict.refusal and "与扩展名“.pdf”不符" in verdict.refusal
    error = verdict.error()
    assert isinstance(error, FileExtensionMismatch) and error.status == 400 and error.message == verdict.refusal


@pytest.mark.parametrize("head", [b"MZ\x90\x00", b"\x7fELF\x02", b"\xcf\xfa\xed\xfe", b"#!/bin/sh\n"])
def test_executables_are_refused_whatever_their_name(head: bytes) -> None:
    verdict = _sniff(head + b"\x00" * 64, "证据.pdf")
    assert verdict.code == "intake.executable" and "已拒收" in verdict.refusal
    assert isinstance(verdict.error(), FileExecutable)


def test_empty_oversized_and_unknown_files_are_refused() -> None:
    assert _sniff(b"", "a.pdf").code == "intake.empty" and "空文件" in _sniff(b"", "a.pdf").refusal
    big = sniff.sniff(b"", name="大.pdf", size=51 * MB, kinds=sniff.DOCUMENT_KINDS, max_bytes=50 * MB)
    assert big.code == "intake.too_large" and "51.0 MB" in big.refusal and "50 MB" in big.refusal
    unknown = _sniff(b"hello world", "a.txt")
    assert unknown.code == "intake.unknown_type" and "只接受 PDF、JPEG、PNG、DOCX 文件" in unknown.refusal
    assert isinstance(unknown.error(), FileTypeRefused) and isinstance(unknown.error(), IntakeRefused)


def test_tiff_only_where_the_caller_accepts_it() -> None:
    tif = samples.tiff([samples.png()])
    assert _sniff(tif, "scan.tif").code == "intake.unknown_type"
    assert _sniff(tif, "scan.tif", kinds=sniff.SCAN_KINDS).kind == "tiff"


def test_a_zip_that_is_not_a_word_document_is_unknown() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("readme.txt", "not word")
    assert _sniff(buf.getvalue(), "x.docx").code == "intake.unknown_type"
    assert sniff.kind_of(buf.getvalue()[:16], buf.getvalue()) == ""
    assert sniff.kind_of(b"%PDF-1.7") == "pdf" and sniff.kind_of(b"\x89PNG\r\n\x1a\n") == "png"

"""Zip bombs (DOCX, XLSX, any ZIP) are refused from the central directory before a member is read, and a directory
that lies is caught while decompressing, a chunk at a time (issue 13, item 5)."""

from __future__ import annotations

import zipfile

import pytest

from smartcourt.core.intake import archives, checks, sniff
from smartcourt.core.intake.errors import DocxCorrupt, FileTypeRefused, ZipBomb
from smartcourt.core.intake.limits import Limits
from smartcourt.core.tests.intake import samples

MB = 1024 * 1024
LIMITS = Limits()


def _check(content: bytes, name: str, *, limits: Limits = LIMITS) -> sniff.Sniffed:
    return checks.content_check(content, filename=name, kinds=sniff.DOCUMENT_KINDS, max_bytes=50 * MB, limits=limits)


@pytest.fixture
def no_member_read(monkeypatch):  # type: ignore[no-untyped-def]
    """Opening any member of any archive fails the test: a refusal must come from the directory alone."""

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a member of a zip bomb was read")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    return samples.zip_bomb_docx(199)  # the reported one: ~200 KB that unpacks to ~200 MB (accepted before)


def test_a_199_mb_docx_bomb_is_refused_from_its_directory_before_any_member_is_read(docx_bomb, no_member_read):  # type: ignore[no-untyped-def]
    assert len(docx_bomb) < 300 * 1024
    with pytest.raises(ZipBomb) as exc:
        _check(docx_bomb, "合同.docx")
    message = str(exc.value.message)
    assert exc.value.code == "intake.zip_bomb" and exc.value.status == 400
    assert "Word 文档“合同.docx”的压缩比异常" in message and "解压为 199 MB" in message
    assert "超过 100 倍的上限" in message and "压缩炸弹" in message


@pytest.fixture(scope="module")
def xlsx_bomb() -> bytes:
    return samples.zip_bomb(20)


@pytest.mark.parametrize("name", ["报表.xlsx", "材料.zip", "文稿.odt"])
def test_any_zip_based_bomb_is_refused_as_a_bomb_before_the_sniffer_opens_it(name, xlsx_bomb, no_member_read) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ZipBomb, match=r"压缩格式文件（ZIP）.*压缩比异常"):
        _check(xlsx_bomb, name)


def test_a_harmless_zip_of_another_kind_is_still_refused_as_an_unknown_type() -> None:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
    with pytest.raises(FileTypeRefused):
        _check(buf.getvalue(), "报表.xlsx")


def test_too_many_members_are_refused_from_the_end_record_before_the_directory_is_parsed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def no_zipfile(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("zipfile parsed the directory of an archive with too many members")

    content = samples.docx(["x"])
    monkeypatch.setattr(zipfile, "ZipFile", no_zipfile)
    with pytest.raises(ZipBomb, match="包含2个内部文件，超过1个的上限"):
        checks.content_sniff(
            content, filename="a.docx", kinds=sniff.DOCUMENT_KINDS, max_bytes=MB,
            limits=Limits(max_zip_entries=1),
        )  # fmt: skip


def test_the_declared_total_is_bounded_whatever_the_ratio() -> None:
    import io
    import os

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as archive:  # incompressible: ratio 1 : 1
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/photo.bin", os.urandom(2 * MB))
    with pytest.raises(ZipBomb, match="解压后达 2 MB，超过 1 MB 的上限"):
        _check(buf.getvalue(), "照片.docx", limits=Limits(max_unzipped_bytes=MB))


def test_decompression_is_bounded_even_when_the_directory_passes(docx_bomb, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Declared sizes are not trusted alone: with the directory check switched off, the reader still stops the bomb
    after about ratio × packed bytes, a chunk at a time."""
    monkeypatch.setattr(archives, "zip_directory_check", lambda content, **kwargs: [])
    produced: list[int] = []
    real_read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):  # type: ignore[no-untyped-def]
        data = real_read(self, n)
        produced.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    with pytest.raises(ZipBomb, match="压缩比异常"):
        archives.zip_check(docx_bomb, filename="合同.docx", limits=LIMITS)
    assert max(produced) <= archives.CHUNK  # never more than a chunk at once
    assert sum(produced) <= LIMITS.max_zip_ratio * len(docx_bomb) + archives.CHUNK  # stopped at the ratio
    assert sum(produced) < 200 * MB // 4


def test_a_member_declaring_less_than_it_holds_is_refused() -> None:
    bomb = samples.zip_bomb(8, names=("word/document.xml",), member="word/media/a.bin")
    import io

    small = io.BytesIO()
    with zipfile.ZipFile(small, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # no ZIP64 sizes to rewrite
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/a.bin", b"\x00" * (3 * MB))
    lying = samples.zip_declaring(small.getvalue(), "word/media/a.bin", size=1000)
    with pytest.raises((ZipBomb, DocxCorrupt)):
        _check(lying, "合同.docx")
    assert len(bomb) > 0


def test_a_sound_word_document_passes_and_its_text_is_read_as_a_stream() -> None:
    paragraphs = ["民事起诉状", "原告：张三", *(f"第{n}段" for n in range(2000))]
    content = samples.docx(paragraphs)
    assert _check(content, "起诉状.docx").kind == "docx"
    assert archives.docx_paragraphs(content, filename="起诉状.docx", limits=LIMITS) == paragraphs

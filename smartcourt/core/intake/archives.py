"""ZIP-based files (DOCX, and any other ZIP: XLSX, ODT, plain .zip …): refused as a "zip bomb" before they cost
memory or time. Pure: bytes and `Limits` in, a refusal (`ZipBomb`, `DocxCorrupt`) or nothing out.

Two layers, because a ZIP's declared sizes are only what its author wrote:
1. `zip_directory_check` walks the central directory record by record (the end record found first, ZIP64 included),
   before `zipfile` builds anything and before any member is read: the member count, every member's declared
   unpacked size and compression ratio, and their total;
2. `zip_member_reader` reads a member through a counter that refuses once it has produced more than the member
   declared, more than the archive's remaining budget, or more than the ratio allows — so a lying directory is
   caught while decompressing, a chunk at a time, never after the fact.
A 200 KB DOCX that unpacks to 200 MB of zeros has a ratio of ~1,000 : 1; a real Word document's XML packs about
5–20 : 1 and its pictures barely at all, so `Limits.max_zip_ratio` (100) refuses the one and never the other.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree import ElementTree

from .errors import DocxCorrupt, IntakeRefused, ZipBomb
from .limits import Limits

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")  # a member, an empty archive, a spanned archive
RATIO_FLOOR = 1024 * 1024  # below 1 MB unpacked, a high ratio costs nothing (a page of repeated XML packs 200 : 1)
CHUNK = 64 * 1024
MB = 1024 * 1024

_EOCD = struct.Struct("<4s4H2LH")  # signature, disk, CD disk, entries here, entries total, CD size, CD offset, comment
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # …, entries here, entries total, CD size, CD offset
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # one central directory record, 46 bytes before its name
_MAX_COMMENT = 0xFFFF


@dataclass(frozen=True)
class Member:
    name: str
    packed: int  # compressed size, as declared
    size: int  # unpacked size, as declared


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def _label(names: list[str]) -> str:
    return "Word 文档" if "word/document.xml" in names else "压缩格式文件（ZIP）"


def _end_record(content: bytes) -> tuple[int, int, int] | None:
    """(entries, central directory size, where the directory starts) from the end record; None if there is none
    (not a ZIP after all: the sniffer refuses it as an unknown type)."""
    start = max(0, len(content) - _EOCD.size - _MAX_COMMENT)
    at = content.rfind(b"PK\x05\x06", start)
    if at < 0 or at + _EOCD.size > len(content):
        return None
    _sig, _disk, _cd_disk, _here, entries, cd_size, _cd_offset, _comment = _EOCD.unpack_from(content, at)
    end = at
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:  # ZIP64: the real numbers are in the ZIP64 end record
        locator = at - _EOCD64_LOCATOR.size
        record = locator - _EOCD64.size
        if (
            record >= 0
            and content[locator : locator + 4] == b"PK\x06\x07"
            and content[record : record + 4] == b"PK\x06\x06"
        ):
            fields = _EOCD64.unpack_from(content, record)
            entries, cd_size, end = fields[7], fields[8], record
    # Where the directory really is (like zipfile: bytes prepended to an archive shift every stated offset).
    return entries, cd_size, end - cd_size


def _zip64_sizes(extra: bytes, size: int, packed: int) -> tuple[int, int]:
    """The 64-bit sizes a ZIP64 extra field holds for the fields set to 0xFFFFFFFF (in this order)."""
    i = 0
    while i + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, i)
        if tag == 0x0001:
            data, j = extra[i + 4 : i + 4 + length], 0
            if size == 0xFFFFFFFF and j + 8 <= len(data):
                size, j = struct.unpack_from("<Q", data, j)[0], j + 8
            if packed == 0xFFFFFFFF and j + 8 <= len(data):
                packed = struct.unpack_from("<Q", data, j)[0]
            break
        i += 4 + length
    return size, packed


def _central_directory(content: bytes, *, shown: str, limits: Limits) -> list[Member] | None:
    """The members as the central directory declares them, walked without building any object per member until
    the count is known to be within the limit; None when the directory cannot be read (left to zipfile to refuse)."""
    end = _end_record(content)
    if end is None:
        return None
    entries, cd_size, at = end
    if entries > limits.max_zip_entries:
        raise ZipBomb(
            f"文件“{shown}”是压缩格式，包含{entries}个内部文件，超过{limits.max_zip_entries}个的上限"
            "（为防止“压缩炸弹”），已拒收，请另存为 PDF 后上传。"
        )
    if at < 0 or cd_size < 0:
        return None
    members: list[Member] = []
    stop = at + cd_size
    while at + _CENTRAL.size <= stop:
        if content[at : at + 4] != b"PK\x01\x02":
            return None
        record = _CENTRAL.unpack_from(content, at)
        packed, size, name_len, extra_len, comment_len = record[10], record[11], record[12], record[13], record[14]
        name_at = at + _CENTRAL.size
        name = content[name_at : name_at + name_len].decode("utf-8", "replace")
        extra = content[name_at + name_len : name_at + name_len + extra_len]
        size, packed = _zip64_sizes(extra, size, packed)
        members.append(Member(name, packed, size))
        if len(members) > limits.max_zip_entries:  # the end record understated the count
            raise ZipBomb(
                f"文件“{shown}”是压缩格式，内部文件超过{limits.max_zip_entries}个的上限"
                "（为防止“压缩炸弹”），已拒收，请另存为 PDF 后上传。"
            )
        at = name_at + name_len + extra_len + comment_len
    return members


def _ratio_refusal(shown: str, label: str, member: str | None, packed: int, size: int, limits: Limits) -> ZipBomb:
    what = f"内部文件“{member[:40]}”" if member else "整个文件"
    return ZipBomb(
        f"{label}“{shown}”的压缩比异常：{what}由 {packed / 1024:.0f} KB 解压为 {size / MB:.0f} MB，"
        f"超过 {limits.max_zip_ratio} 倍的上限（疑似“压缩炸弹”），已拒收，请另存为 PDF 后上传。"
    )


def _total_refusal(shown: str, label: str, size: int, limits: Limits) -> ZipBomb:
    return ZipBomb(
        f"{label}“{shown}”解压后达 {size / MB:.0f} MB，超过 {limits.max_unzipped_bytes // MB} MB 的上限"
        "（为防止“压缩炸弹”），已拒收，请另存为 PDF 后上传。"
    )


def zip_directory_check(content: bytes, *, filename: str, limits: Limits) -> list[Member]:
    """Refuse a ZIP whose central directory declares too many members, too much unpacked data, or a compression
    ratio no real document has — before any member is read. The members as declared ([] if unreadable)."""
    shown = (filename or "未命名文件")[:60]
    members = _central_directory(content, shown=shown, limits=limits)
    if members is None:
        return []
    label = _label([m.name for m in members])
    for m in members:
        if m.size > RATIO_FLOOR and m.size > limits.max_zip_ratio * max(m.packed, 1):
            raise _ratio_refusal(shown, label, m.name, m.packed, m.size, limits)
    total = sum(m.size for m in members)
    if total > limits.max_unzipped_bytes:
        raise _total_refusal(shown, label, total, limits)
    if total > RATIO_FLOOR and total > limits.max_zip_ratio * len(content):
        raise _ratio_refusal(shown, label, None, len(content), total, limits)
    return members


class _Budget:
    """One archive being read: what its members may still unpack to, and how the refusals name it."""

    def __init__(self, *, shown: str, label: str, limits: Limits, packed: int) -> None:
        self.shown, self.label, self.limits = shown, label, limits
        self.left = limits.max_unzipped_bytes
        self.packed = packed
        self.ceiling = max(RATIO_FLOOR, limits.max_zip_ratio * packed)  # what the whole archive may unpack to

    def spend(self, n: int) -> None:
        self.left -= n
        produced = self.limits.max_unzipped_bytes - self.left
        if self.left < 0:
            raise _total_refusal(self.shown, self.label, produced, self.limits)
        if produced > self.ceiling:
            raise _ratio_refusal(self.shown, self.label, None, self.packed, produced, self.limits)


class _MemberReader(io.RawIOBase):
    """A member's bytes, counted as they are decompressed: a refusal as soon as it yields more than declared,
    more than the archive's budget, or more than the ratio allows for what it was packed into."""

    def __init__(self, raw: IO[bytes], info: zipfile.ZipInfo, budget: _Budget) -> None:
        super().__init__()
        self._raw, self._info, self._budget = raw, info, budget
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(min(len(buffer), CHUNK))
        n = len(data)
        self.produced += n
        budget, info, limits = self._budget, self._info, self._budget.limits
        if self.produced > info.file_size:  # more than the directory declared: it lied
            raise ZipBomb(
                f"{budget.label}“{budget.shown}”的内部文件“{info.filename[:40]}”解压后超过其声明的大小"
                "（疑似“压缩炸弹”），已拒收，请另存为 PDF 后上传。"
            )
        if self.produced > RATIO_FLOOR and self.produced > limits.max_zip_ratio * max(info.compress_size, 1):
            raise _ratio_refusal(budget.shown, budget.label, info.filename, info.compress_size, self.produced, limits)
        budget.spend(n)
        buffer[:n] = data
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def zip_member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> io.BufferedReader:
    """A member opened for reading through the counter (see `_MemberReader`)."""
    return io.BufferedReader(_MemberReader(archive.open(info), info, budget), CHUNK)


def _broken(shown: str, label: str) -> DocxCorrupt:
    return DocxCorrupt(f"{label}“{shown}”已损坏，无法读取，请另存为 PDF 后上传。")


def _open(content: bytes, *, filename: str, limits: Limits) -> tuple[zipfile.ZipFile, _Budget]:
    shown = (filename or "未命名文件")[:60]
    members = zip_directory_check(content, filename=filename, limits=limits)
    budget = _Budget(shown=shown, label=_label([m.name for m in members]), limits=limits, packed=len(content))
    try:
        return zipfile.ZipFile(io.BytesIO(content)), budget
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise _broken(shown, budget.label) from exc


def zip_check(content: bytes, *, filename: str, limits: Limits) -> None:
    """A ZIP-based file (a DOCX): its directory within the limits, then every member decompressed — bounded as it
    goes — so each CRC is checked; refused (ZipBomb, DocxCorrupt) otherwise. Memory stays at one chunk."""
    archive, budget = _open(content, filename=filename, limits=limits)
    try:
        with archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                with zip_member_reader(archive, info, budget) as member:
                    while member.read(CHUNK):  # zipfile checks the CRC when the member ends
                        pass
    except IntakeRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise _broken(budget.shown, budget.label) from exc


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(content: bytes, *, filename: str, limits: Limits) -> list[str]:
    """The text of a Word document, paragraph by paragraph (after the archive checks). The XML is parsed as a
    stream from the bounded reader, each paragraph dropped once read: memory follows the text, not the XML."""
    zip_check(content, filename=filename, limits=limits)
    archive, budget = _open(content, filename=filename, limits=limits)
    paragraphs: list[str] = []
    try:
        with archive:
            info = archive.getinfo("word/document.xml")
            with zip_member_reader(archive, info, budget) as stream:
                for _event, element in _iterparse(stream):
                    if element.tag == f"{_W}p":
                        paragraphs.append("".join(t.text or "" for t in element.iter(f"{_W}t")))
                        element.clear()
    except IntakeRefused:
        raise
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, zlib.error, EOFError, OSError, ValueError) as exc:
        raise _broken(budget.shown, budget.label) from exc
    return paragraphs


def _iterparse(stream: io.BufferedReader) -> Iterator[tuple[str, ElementTree.Element]]:
    # expat (≥ 2.4.1, which Python 3.11 ships) refuses entity-expansion ("billion laughs") documents itself.
    return ElementTree.iterparse(stream, events=("end",))

"""What a file is, decided from its bytes (magic numbers), never from its name; pure: bytes in, verdict out.

Known kinds: PDF, JPEG, PNG, TIFF and DOCX (a ZIP whose entries include `word/document.xml`). Executables (Windows
PE `MZ`, Linux ELF, Mach-O, scripts) are refused by name, whatever their extension says. Electronic materials must
be checked before use (人民法院在线诉讼规则 Art. 11–13); each caller says which kinds it accepts and how large.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .errors import (
    FileEmpty,
    FileExecutable,
    FileExtensionMismatch,
    FileTooLarge,
    FileTypeRefused,
    IntakeRefused,
)

ALLOWED = {
    "pdf": ("application/pdf", (".pdf",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "png": ("image/png", (".png",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "tiff": ("image/tiff", (".tif", ".tiff")),  # only where a caller asks for it (scanned dossier batches)
}
LABELS = {"pdf": "PDF", "jpeg": "JPEG 图片", "png": "PNG 图片", "docx": "Word（DOCX）文档", "tiff": "TIFF 图片"}
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "tiff": "tif", "docx": "docx"}  # of a stored blob
DOCUMENT_KINDS = frozenset({"pdf", "jpeg", "png", "docx"})  # what people upload (online filing, identity photos)
SCAN_KINDS = DOCUMENT_KINDS | {"tiff"}  # a clerk's scanner also writes multi-page TIFF
IMAGE_KINDS = frozenset({"jpeg", "png"})
EXECUTABLES = (
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"\xcf\xfa\xed\xfe", "macOS 可执行程序"),
    (b"\xfe\xed\xfa\xcf", "macOS 可执行程序"),
    (b"#!", "脚本程序"),
)
HEAD_BYTES = 16  # enough for every magic number above


@dataclass(frozen=True)
class Sniffed:
    kind: str  # pdf / jpeg / png / tiff / docx, or "" when refused
    content_type: str = ""
    refusal: str = ""  # the Chinese message when refused
    code: str = ""  # the refusal's stable code (errors.IntakeRefused subclasses)

    @property
    def ok(self) -> bool:
        return not self.refusal

    @property
    def ext(self) -> str:
        return EXTENSIONS.get(self.kind, "")

    def error(self) -> IntakeRefused:
        """The refusal as the exception a service raises."""
        from .errors import REFUSALS

        return REFUSALS.get(self.code, IntakeRefused)(self.refusal)


def kind_of(head: bytes, whole: bytes | None = None) -> str:
    """The kind announced by the first bytes ("" if none); a ZIP is a DOCX only when `whole` shows its entries."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04") and whole is not None and _is_docx(whole):
        return "docx"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    return ""


def accepted_label(kinds: frozenset[str]) -> str:
    return "、".join(k.upper() if k != "jpeg" else "JPEG" for k in ALLOWED if k in kinds)


def accept_attribute(kinds: frozenset[str]) -> str:
    """The file picker's `accept` list for a caller's kinds (".pdf,.jpg,.jpeg,…"): what the picker offers is what
    the intake takes, from the same table."""
    return ",".join(ext for kind, (_type, exts) in ALLOWED.items() if kind in kinds for ext in exts)


def sniff(
    head: bytes, *, name: str, size: int, kinds: frozenset[str], max_bytes: int, whole: bytes | None = None
) -> Sniffed:
    """Decide from the content what the file is; `head` is at least its first 8 bytes, `whole` the file for ZIPs.
    `kinds` are the accepted kinds (filing: DOCUMENT_KINDS; the dossier's scanning: SCAN_KINDS)."""
    shown = name[:60]
    accepted = accepted_label(kinds)
    if size > max_bytes:
        return _refused(
            FileTooLarge,
            f"文件“{shown}”大小为{size / 1048576:.1f} MB，超过单个文件{max_bytes // 1048576} MB 的上限，请压缩或拆分后上传。",
        )
    if size == 0:
        return _refused(FileEmpty, f"文件“{shown}”是空文件，请重新选择。")
    for magic, label in EXECUTABLES:
        if head.startswith(magic):
            return _refused(
                FileExecutable, f"文件“{shown}”的内容是{label}，不是证据材料，已拒收。只接受 {accepted} 文件。"
            )
    kind = kind_of(head, whole)
    if not kind or kind not in kinds:
        return _refused(FileTypeRefused, f"无法识别文件“{shown}”的格式（按文件内容判断），只接受 {accepted} 文件。")
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type, extensions = ALLOWED[kind]
    if extension not in extensions:
        return _refused(
            FileExtensionMismatch,
            f"文件“{shown}”的内容是{LABELS[kind]}，与扩展名“{extension or '无'}”不符，请核对后重新上传。",
        )
    return Sniffed(kind, content_type=content_type)


def _refused(error: type[IntakeRefused], message: str) -> Sniffed:
    return Sniffed("", refusal=message, code=error.code)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names

"""Which uploads a filing accepts: type sniffed from the first bytes (magic numbers), never from the name.

Accepted: PDF, JPEG, PNG and DOCX (a ZIP whose entries include `word/document.xml`). Executables (Windows PE `MZ`,
Linux ELF, Mach-O) are refused by name, whatever their extension says. Electronic materials must be checked
before use (人民法院在线诉讼规则 Art. 11–13); the size limit keeps one filing's dossier reviewable.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from smartcourt.core.citations import Citation

ONLINE_RULES_ART_12 = Citation("人民法院在线诉讼规则", "第十二条")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

ALLOWED = {
    "pdf": ("application/pdf", (".pdf",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "png": ("image/png", (".png",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "tiff": ("image/tiff", (".tif", ".tiff")),  # only where a caller asks for it (scanned dossier batches)
}
LABELS = {"pdf": "PDF", "jpeg": "JPEG 图片", "png": "PNG 图片", "docx": "Word（DOCX）文档", "tiff": "TIFF 图片"}
FILING_KINDS = frozenset({"pdf", "jpeg", "png", "docx"})
EXECUTABLES = (
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"\xcf\xfa\xed\xfe", "macOS 可执行程序"),
    (b"\xfe\xed\xfa\xcf", "macOS 可执行程序"),
    (b"#!", "脚本程序"),
)


@dataclass(frozen=True)
class Sniffed:
    kind: str  # pdf / jpeg / png / docx, or "" when refused
    content_type: str = ""
    refusal: str = ""

    @property
    def ok(self) -> bool:
        return not self.refusal


def sniff(
    head: bytes,
    *,
    name: str,
    size: int,
    whole: bytes | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    kinds: frozenset[str] = FILING_KINDS,
) -> Sniffed:
    """Decide from the content what the file is; `head` is at least its first 8 bytes, `whole` the file for ZIPs.
    `kinds` are the accepted kinds (filing: PDF, JPEG, PNG, DOCX; the dossier's scanning adds TIFF)."""
    shown = name[:60]
    accepted = "、".join(k.upper() if k != "jpeg" else "JPEG" for k in ALLOWED if k in kinds)
    if size > max_bytes:
        return Sniffed(
            "",
            refusal=f"文件“{shown}”大小为{size / 1048576:.1f} MB，超过单个文件{max_bytes // 1048576} MB 的上限，请压缩或拆分后上传。",
        )
    if size == 0:
        return Sniffed("", refusal=f"文件“{shown}”是空文件，请重新选择。")
    for magic, label in EXECUTABLES:
        if head.startswith(magic):
            return Sniffed("", refusal=f"文件“{shown}”的内容是{label}，不是证据材料，已拒收。只接受 {accepted} 文件。")
    kind = ""
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"PK\x03\x04") and whole is not None and _is_docx(whole):
        kind = "docx"
    elif head.startswith((b"II*\x00", b"MM\x00*")):
        kind = "tiff"
    if not kind or kind not in kinds:
        return Sniffed("", refusal=f"无法识别文件“{shown}”的格式（按文件内容判断），只接受 {accepted} 文件。")
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type, extensions = ALLOWED[kind]
    if extension not in extensions:
        return Sniffed(
            "", refusal=f"文件“{shown}”的内容是{LABELS[kind]}，与扩展名“{extension or '无'}”不符，请核对后重新上传。"
        )
    return Sniffed(kind, content_type=content_type)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names

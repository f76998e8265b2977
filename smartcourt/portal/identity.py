"""Real-name verification (实名认证, 人民法院在线诉讼规则 Art. 7) as a pluggable identity provider.

The embedded default checks the ID number (GB 11643 checksum), takes a photo of the ID card (JPEG/PNG, sniffed by
content) and leaves the decision to court staff, who compare photo and data. A government identity service (e.g.
the Ministry of Public Security's 互联网+可信身份认证平台) would implement the same interface and decide at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from smartcourt.cases.rules import identity as id_rules
from smartcourt.core.intake import sniff

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class IdentityCheck:
    ok: bool
    field: str = ""
    message: str = ""
    decided: bool = False  # True when the provider itself confirms the identity (no staff review needed)


class IdentityProvider(Protocol):
    key: str
    label: str

    def check(self, *, full_name: str, id_number: str, photo: UploadedFile | None) -> IdentityCheck: ...


class EmbeddedIdentityProvider:
    """ID number checksum + ID photo upload + staff approval."""

    key = "embedded"
    label = "证件照片上传，法院人工核验"
    max_photo_bytes = 10 * 1024 * 1024

    def check(self, *, full_name: str, id_number: str, photo: UploadedFile | None) -> IdentityCheck:
        if not full_name.strip():
            return IdentityCheck(False, "full_name", "请填写与身份证一致的姓名。")
        result = id_rules.validate_resident_id(id_number)
        if not result.ok:
            return IdentityCheck(False, "id_number", result.message)
        if photo is None:
            return IdentityCheck(False, "id_photo", "请上传身份证人像面照片（JPEG 或 PNG）。")
        photo.seek(0)
        head = photo.read(16)
        photo.seek(0)
        verdict = sniff.sniff(
            head,
            name=photo.name or "",
            size=photo.size or 0,
            kinds=sniff.DOCUMENT_KINDS,
            max_bytes=self.max_photo_bytes,
        )
        if not verdict.ok:
            return IdentityCheck(False, "id_photo", verdict.refusal)
        if verdict.kind not in ("jpeg", "png"):
            return IdentityCheck(False, "id_photo", "证件照片须为 JPEG 或 PNG 图片。")
        return IdentityCheck(True)


class GovernmentIdentityProvider:
    """Interface stub for a government identity service (网证 / 身份认证平台); not available offline."""

    key = "government"
    label = "政府身份认证平台（未接入）"

    def check(self, *, full_name: str, id_number: str, photo: UploadedFile | None) -> IdentityCheck:
        raise NotImplementedError("connect the province's identity platform here; the embedded provider is the default")


PROVIDERS: dict[str, IdentityProvider] = {"embedded": EmbeddedIdentityProvider()}
DEFAULT_PROVIDER = "embedded"

# 律师执业证号: 17 digits — category, 4-digit region, 4-digit year of first licence, 8-digit sequence (司法部编号规则).
LAWYER_LICENCE_DIGITS = 17


def lawyer_licence_problem(number: str) -> str:
    value = (number or "").strip()
    if len(value) != LAWYER_LICENCE_DIGITS or not (value.isascii() and value.isdigit()):  # "²".isdigit() is True
        return f"律师执业证号应为{LAWYER_LICENCE_DIGITS}位数字，当前为{len(value)}位。"
    year = int(value[5:9])
    if not 1980 <= year <= 2100:
        return f"律师执业证号第6–9位应为首次执业年份，“{value[5:9]}”不是有效年份。"
    return ""

"""What a complaint must contain, checked field by field (pure; the wizard and the review both use it).

民事诉讼法 Art. 122 (conditions of a suit: a plaintiff with a direct interest, a definite defendant, concrete claims,
facts and reasons, within the courts' remit and the court's jurisdiction) and Art. 124 / 登记立案规定 Art. 4 (what
a complaint states). Each problem names the wizard field it belongs to, with a Chinese message saying what to do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from smartcourt.cases.rules import identity
from smartcourt.core.citations import Citation
from smartcourt.core.errors import ApplicationError

ART_122 = Citation("民事诉讼法", "第一百二十二条")
ART_124 = Citation("民事诉讼法", "第一百二十四条")
REG_ART_4 = Citation("最高人民法院关于人民法院登记立案若干问题的规定", "第四条")
MAX_CLAIM = Decimal("1000000000000000")  # far above any claim; the fee rules refuse beyond it too

_AMOUNT_RE = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")  # ASCII digits only
_CHINESE_NUMERALS_RE = re.compile(r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]")


class FilingInputError(ApplicationError):
    """A refusal tied to one field of the filing form (`extra["field"]`)."""

    code = "filing.invalid_input"

    def __init__(self, message: str, *, field: str, code: str = "") -> None:
        super().__init__(message, code=code or self.code, extra={"field": field})

    @property
    def field(self) -> str:
        return str(self.extra.get("field", ""))


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def claim_amount_parse(raw: str | None, *, field: str = "amount", label: str = "金额") -> Decimal | None:
    """Yuan in ASCII digits with at most two decimals; empty means no amount. Refuses "1e9", "-5", "一百万"…"""
    text = (raw or "").strip()
    if text == "":
        return None
    if len(text) > 24:
        raise FilingInputError(f"{label}过长，请填写以元为单位的数字，如 100000。", field=field)
    if _AMOUNT_RE.fullmatch(text) is None:
        if text.startswith("-") or text.startswith("－"):
            raise FilingInputError(f"{label}不能为负数，请填写所主张的金额，如 50000。", field=field)
        if _CHINESE_NUMERALS_RE.search(text):
            raise FilingInputError(
                f"{label}请用阿拉伯数字填写，如 1000000，不要写“一百万”这样的中文数字。", field=field
            )
        if re.fullmatch(r"[0-9.]+[eE][+-]?[0-9]+", text):
            raise FilingInputError(f"{label}不接受科学计数法（如 1e9），请写出完整数字，如 1000000000。", field=field)
        if re.fullmatch(r"[0-9]+\.[0-9]{3,}", text):
            raise FilingInputError(f"{label}最多保留两位小数（精确到分）。", field=field)
        if "," in text or "，" in text:
            raise FilingInputError(f"{label}不要使用千分位逗号，请写成 1000000 这样的数字。", field=field)
        raise FilingInputError(f"{label}须为以元为单位的数字，最多两位小数，如 50000 或 12345.67。", field=field)
    amount = Decimal(text)
    if amount > MAX_CLAIM:
        raise FilingInputError(f"{label}超出可受理的范围，请核对。", field=field)
    return amount


@dataclass(frozen=True)
class PartyData:
    role: str
    kind: str
    name: str
    id_number: str = ""
    credit_code: str = ""
    phone: str = ""
    address: str = ""
    legal_representative: str = ""


def party_problems(party: PartyData, *, prefix: str = "") -> list[Problem]:
    """Problems of one party: name, identity number (GB 11643 / GB 32100 checksums), phone, address."""
    out: list[Problem] = []
    who = party.name.strip() or "该当事人"
    if not party.name.strip():
        out.append(Problem(f"{prefix}name", "请填写当事人姓名或名称。"))
    if party.kind == "natural":
        if party.id_number.strip():
            check = identity.validate_resident_id(party.id_number)
            if not check.ok:
                out.append(Problem(f"{prefix}id_number", f"{who}：{check.message}"))
        elif party.role == "plaintiff":
            out.append(
                Problem(f"{prefix}id_number", f"{who}：原告须填写公民身份号码（登记立案规定第六条第（一）项）。")
            )
    else:
        if party.credit_code.strip():
            check = identity.validate_credit_code(party.credit_code)
            if not check.ok:
                out.append(Problem(f"{prefix}credit_code", f"{who}：{check.message}"))
        elif party.role == "plaintiff":
            out.append(Problem(f"{prefix}credit_code", f"{who}：须填写统一社会信用代码。"))
        if party.role == "plaintiff" and not party.legal_representative.strip():
            out.append(Problem(f"{prefix}legal_representative", f"{who}：须填写法定代表人或主要负责人（{ART_124}）。"))
    if party.phone.strip() and not party.phone.strip().startswith("0"):
        check = identity.validate_mobile(party.phone)
        if not check.ok:
            out.append(Problem(f"{prefix}phone", f"{who}：{check.message}"))
    if party.role == "plaintiff" and not party.phone.strip():
        out.append(Problem(f"{prefix}phone", f"{who}：原告须留联系电话（{ART_124}第（一）项）。"))
    if party.role == "defendant" and not party.address.strip():
        out.append(
            Problem(f"{prefix}address", f"{who}：须填写被告住所地，足以与他人相区别（登记立案规定第六条第（三）项）。")
        )
    return out


def complaint_problems(
    *,
    type_code: str,
    cause_id: int | None,
    parties: Sequence[PartyData],
    claims: Sequence[dict],
    facts: str,
    court_id: int | None,
    evidence_count: int,
) -> list[Problem]:
    """Everything missing from a complaint before it can be submitted (民诉法 Art. 122, 124)."""
    out: list[Problem] = []
    if not type_code:
        out.append(Problem("type_code", "请选择案件类型。"))
    if cause_id is None:
        out.append(Problem("cause", "请选择案由。"))
    if not any(p.role == "plaintiff" for p in parties):
        out.append(Problem("parties", f"请至少填写一名原告（{ART_122}第（一）项）。"))
    if not any(p.role == "defendant" for p in parties):
        out.append(Problem("parties", f"起诉须有明确的被告，请至少填写一名被告（{ART_122}第（二）项）。"))
    for n, party in enumerate(parties):
        out.extend(party_problems(party, prefix=f"parties.{n}."))
    if not [c for c in claims if str(c.get("text", "")).strip()]:
        out.append(Problem("claims", f"请填写具体的诉讼请求（{ART_122}第（三）项）。"))
    if len(facts.strip()) < 20:
        out.append(Problem("facts", f"请写明事实与理由（不少于20字，{ART_124}第（三）项）。"))
    if court_id is None:
        out.append(Problem("court", "请选择受诉法院。"))
    if evidence_count == 0:
        out.append(
            Problem(
                "evidence", f"请至少上传一份证据或证明材料（{REG_ART_4}第（四）项，登记立案规定第六条第（五）项）。"
            )
        )
    return out

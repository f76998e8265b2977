"""Identity numbers: resident ID (GB 11643-1999), unified social credit code (GB 32100-2015), mobile numbers.

Pure functions: each validator returns a `Check` with a Chinese message naming what is wrong.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

from smartcourt.core.citations import Citation

ID_CITATION = Citation("GB 11643-1999 公民身份号码", "第5、7条（校验码）")
USCC_CITATION = Citation("GB 32100-2015 法人和其他组织统一社会信用代码编码规则", "第4、5条")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# Province-level codes of GB/T 2260 (first two digits of the address code).
PROVINCES = frozenset(
    {
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
        71,
        81,
        82,
    }
)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class Check:
    ok: bool
    message: str = ""
    value: str = ""


def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_resident_id(text: str, *, today: date | None = None) -> Check:
    """A resident ID number (18 characters, GB 11643-1999): region, birth date, sequence, checksum."""
    value = (text or "").strip().upper()
    if len(value) != 18:
        return Check(False, f"公民身份号码应为 18 位，当前为 {len(value)} 位。")
    # isascii(): str.isdigit() also passes "²" and "１", which int() then refuses (a 500 instead of this message)
    if not (value.isascii() and value[:17].isdigit() and (value[17].isdigit() or value[17] == "X")):
        return Check(False, "公民身份号码前 17 位应为数字，最后一位为数字或 X。")
    if int(value[:2]) not in PROVINCES:
        return Check(False, f"公民身份号码的地址码“{value[:6]}”不是有效的行政区划代码。")
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return Check(False, f"公民身份号码中的出生日期“{value[6:14]}”不是有效日期。")
    if birth > (today or date.today()) or birth.year < 1900:  # noqa: DTZ011 - a calendar date, not an instant
        return Check(False, f"公民身份号码中的出生日期“{value[6:14]}”不合理。")
    expected = id_check_digit(value[:17])
    if value[17] != expected:
        return Check(False, f"公民身份号码校验码不正确（应为 {expected}），请核对是否输错（{ID_CITATION}）。")
    return Check(True, value=value)


def id_birth_date(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_gender(number: str) -> str:
    """男 for an odd 17th digit, 女 for an even one (GB 11643 第5.3条 顺序码)."""
    return "男" if int(number[16]) % 2 else "女"


def id_is_minor(number: str, *, on: date) -> bool:
    """Under 18 on `on` (民法典 Art. 17: 十八周岁以上的自然人为成年人)."""
    birth = id_birth_date(number)
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return age < 18


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def validate_credit_code(text: str) -> Check:
    """A unified social credit code (18 characters, GB 32100-2015) with its mod-31 check character."""
    value = (text or "").strip().upper()
    if len(value) != 18:
        return Check(False, f"统一社会信用代码应为 18 位，当前为 {len(value)} 位。")
    bad = [c for c in value if c not in USCC_CHARS]
    if bad:
        return Check(False, f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用 I、O、Z、S、V）。")
    if not value[2:8].isdigit():
        return Check(False, "统一社会信用代码第 3–8 位应为登记管理机关的行政区划码。")
    expected = uscc_check_char(value[:17])
    if value[17] != expected:
        return Check(False, f"统一社会信用代码校验码不正确（应为 {expected}），请核对（{USCC_CITATION}）。")
    return Check(True, value=value)


def validate_mobile(text: str) -> Check:
    value = re.sub(r"[\s-]", "", text or "")
    if value.startswith("+86"):
        value = value[3:]
    if not MOBILE_RE.match(value):
        return Check(False, "手机号码应为 11 位，以 13–19 开头。")
    return Check(True, value=value)


def id_number_mask(number: str) -> str:
    """An identity number as a list shows it: the first 4 and last 4 characters, the rest (the birth date and
    sequence) starred, e.g. 3205**********0019. 个人信息保护法 Art. 6, 51: a list shows no more than it needs; the
    full number is for the page of the one record, to those allowed, and that read is audited."""
    value = (number or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def phone_mask(number: str) -> str:
    """A mobile number as a list shows it: 139****5678."""
    value = (number or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def make_resident_id(rng: random.Random, *, birth_date: date, region: str = "320508", gender: str = "M") -> str:
    """A valid resident ID for generated data (deterministic for a given `rng` state)."""
    seq = rng.randint(0, 99)
    gender_digit = rng.choice("13579" if gender in ("M", "男") else "02468")
    first17 = f"{region}{birth_date:%Y%m%d}{seq:02d}{gender_digit}"
    return first17 + id_check_digit(first17)


def make_uscc(rng: random.Random, *, region: str = "320500") -> str:
    """A valid unified social credit code: 9 (工商) 1 (企业), region, organisation code, check character."""
    body = "91" + region + "".join(rng.choice(USCC_CHARS[:10] + "ABCDEFGH") for _ in range(9))
    return body + uscc_check_char(body)

"""Chinese article numbers (条号): 第五百七十七条 ⇄ 577, as statutes and judgments write them."""

from __future__ import annotations

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUMBER_CHARS = "零〇○一二三四五六七八九两十百千万"
FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_to_int(text: str) -> int | None:
    """`text` (Chinese numerals, Arabic or full-width digits) as an integer; None when it is not a number.

    Handles 十二 (12), 一百零七 (107), 一千二百六十 (1260), 二〇二一 (digit by digit), 122 and １２２."""
    text = text.strip().translate(FULLWIDTH)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if not any(ch in UNITS for ch in text):  # 二〇二一: read digit by digit
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            unit = UNITS[ch]
            if unit == 10000:
                section = (section + (digit or 0)) * unit
                total += section
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


_CN = "零一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """`n` (0 < n < 10000) in Chinese numerals as statutes write article numbers: 577 → 五百七十七, 10 → 十, 107 → 一百零七."""
    if n <= 0 or n >= 10000:
        raise ValueError(f"article number out of range: {n}")
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and parts:
                parts.append("零")
            parts.append(_CN[d] + unit)
            zero = False
        elif parts:
            zero = True
    out = "".join(parts)
    return out[1:] if out.startswith("一十") else out


def article_label(number: int, suffix: int = 0) -> str:
    """The article's name: 第五百七十七条, 第一百三十三条之一 (a number no statute reaches is written in digits)."""
    if not 0 < number < 10000 or not 0 <= suffix < 10000:
        return f"第{number}条" + (f"之{suffix}" if suffix else "")
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")

"""Text normalisation of recognised lines: court documents print full-width Chinese punctuation.

The recogniser often returns ASCII ``, : ; ( ) ! ?`` for the full-width marks; in Chinese context they become
``， ： ； （ ） ！ ？``, while numbers keep their ASCII separators (``147,207元``, ``3.45%``, ``15:30``, ``1.判令``).
Pure functions; unit-tested.
"""

from __future__ import annotations

import re
import unicodedata

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_DIGIT = "0123456789"


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def _is_digit(ch: str) -> bool:
    return ch in _DIGIT or ch in "０１２３４５６７８９"


_ALWAYS = {"(": "（", ")": "）", ";": "；", "!": "！", "?": "？"}
_UNLESS_BETWEEN_DIGITS = {",": "，", ":": "："}


_THOUSANDS_NEXT_RE = re.compile(r"^\s*\d{3}(?!\d)")


def normalise_punctuation(text: str, next_line: str = "") -> str:
    """ASCII punctuation → full-width in a line that contains Chinese; digits keep ``,`` ``.`` ``:`` inside numbers.

    ``next_line`` is the following printed line: a number broken after its thousands separator (``…货款1,`` /
    ``623,450.41元``) keeps the ASCII comma."""
    text = unicodedata.normalize("NFC", text)
    if not has_cjk(text):
        return text
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if not nxt and ch in ",，" and _is_digit(prev) and _THOUSANDS_NEXT_RE.match(next_line):
            out.append(",")
            continue
        if ch in _ALWAYS:
            out.append(_ALWAYS[ch])
        elif ch in _UNLESS_BETWEEN_DIGITS:
            if _is_digit(prev) and _is_digit(nxt):
                out.append(ch)  # 147,207元 / 15:30
            else:
                out.append(_UNLESS_BETWEEN_DIGITS[ch])
        elif ch == "，" and _is_digit(prev) and _is_digit(nxt) and len(_digits_after(text, i + 1)) == 3:
            out.append(",")  # thousands separator read as a Chinese comma: 147，207 → 147,207
        elif ch in "．" and _is_digit(prev) and _is_digit(nxt):
            out.append(".")
        elif ch == "％" and _is_digit(prev):
            out.append("%")
        else:
            out.append(ch)
    return _quotes("".join(out))


def _digits_after(text: str, start: int) -> str:
    end = start
    while end < len(text) and _is_digit(text[end]):
        end += 1
    return text[start:end]


def _quotes(text: str) -> str:
    """Straight double quotes → “…” alternating (Chinese lines only)."""
    if '"' not in text:
        return text
    out = []
    opening = True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


_PAGE_NUMBER_RE = re.compile(r"^\s*[-—–―一]+\s*(\d{1,4})\s*[-—–―一]+\s*$")


def page_number_text(text: str, *, width: float, height: float) -> str | None:
    """``-1-`` read for a page number: decide hyphen vs em dash from the glyph geometry.

    An em dash is one em wide, a hyphen about a third; ``— 1 —`` is therefore about 2.5 em wide and ``- 2 -`` about
    1.5 em (the box height is close to one em for digits). Returns the canonical text or None if not a page number.
    """
    m = _PAGE_NUMBER_RE.match(text)
    if not m or height <= 0:
        return None
    digits = m.group(1)
    ems = width / height - 0.55 * (len(digits) - 1)
    if ems >= 2.0:
        return f"— {digits} —"
    return f"- {digits} -"

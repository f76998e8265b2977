"""Label codes (标签码) printed under each bundle's QR code: "PF" + 10 random digits + one Luhn check digit.

Random digits, not a sequence, so two counters registering at once never collide on a number and a code says
nothing about how many bundles a court holds; the check digit catches a mistyped code when a label is too worn
to scan and the code is keyed in by hand.
"""

from __future__ import annotations

import re
import secrets

PREFIX = "PF"
_BODY = 10
_PATTERN = re.compile(r"^PF(\d{11})$")


def luhn_digit(digits: str) -> str:
    """The Luhn check digit (ISO/IEC 7812-1) for a string of decimal digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # every second digit from the right, counting the check digit's place as position 0
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def label_code_new() -> str:
    body = "".join(secrets.choice("0123456789") for _ in range(_BODY))
    return f"{PREFIX}{body}{luhn_digit(body)}"


def label_code_normalise(text: str) -> str | None:
    """The canonical code for what a person typed or a scanner read (spaces, dashes, lower case tolerated),
    or None when it is not a well-formed code with a correct check digit."""
    cleaned = re.sub(r"[\s\-－_]", "", text or "").upper()
    m = _PATTERN.match(cleaned)
    if m is None:
        return None
    digits = m.group(1)
    if luhn_digit(digits[:-1]) != digits[-1]:
        return None
    return cleaned


def label_code_display(code: str) -> str:
    """Grouped for reading aloud or typing: PF 1234 5678 90-3."""
    return f"{code[:2]} {code[2:6]} {code[6:10]} {code[10:12]}-{code[12:]}"

"""Checks of service addresses (mainland mobile numbers, e-mail syntax)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Mainland mobile numbers: 11 digits, 1 then 3–9 (工业和信息化部 numbering plan: 13x–19x).
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def mobile_normalise(text: str) -> str:
    """Digits only, without +86 / 0086 and separators; '' stays ''."""
    digits = re.sub(r"[\s\-()]", "", text or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def mobile_valid(text: str) -> bool:
    return bool(MOBILE_RE.match(mobile_normalise(text)))


def email_valid(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True

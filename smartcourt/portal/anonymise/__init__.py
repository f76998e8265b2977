"""Anonymisation of a judgment before it is published (法释〔2016〕19号 Art. 8–10, ADR 0036).

Two sources of spans, merged:

1. the case's own party registry (`Party`): the names of protected roles (被害人, 证人, 附带民事诉讼原告人, minors,
   parties of family cases …) become surname + 某, and every ID number, address and phone the court holds for any
   party is deleted wherever it occurs (also in full-width digits or with spaces);
2. detection of what the registry does not know, by general patterns: ID numbers (GB 11643 check digit), mobile
   and fixed-line phones, bank cards (Luhn), vehicle plates, e-mail addresses and home addresses.

Adult defendants, companies and lawyers keep their names (Art. 8 lists who is anonymised; the defendant in a
criminal case is not). `anonymise()` is pure: it takes text and a registry and returns the new text and the
replacements as offsets into the input text.
"""

from __future__ import annotations

from .engine import (
    Party,
    Replacement,
    Result,
    anonymise,
    anonymise_registry_only,
    protected_role,
    suspected_names,
)

__all__ = [
    "Party",
    "Replacement",
    "Result",
    "anonymise",
    "anonymise_registry_only",
    "protected_role",
    "suspected_names",
]

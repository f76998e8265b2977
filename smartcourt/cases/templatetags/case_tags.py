"""Template filters of the case core."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from ..rules.representation import special_powers_text

register = template.Library()


@register.filter(name="special_powers")
def special_powers_filter(codes: Iterable[str] | None) -> str:
    """The special powers of a power of attorney or representation, as the article names them (民诉法 Art. 62)."""
    return special_powers_text(list(codes or []))

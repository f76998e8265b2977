"""How a judgment's text splits into paragraphs for the page and the PDF: at line breaks, and — for text that
came as one line (as exported by many systems) — at a space after a sentence's or heading's end."""

from __future__ import annotations

import re

_SPLIT = re.compile(r"\n+|(?<=[。：；！？）])[ \u3000]+")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _SPLIT.split(text or "") if p.strip()]


def body_paragraphs(text: str, *, heading: tuple[str, ...]) -> list[str]:
    """The paragraphs after the document's own heading lines (court, title, case number), which the page and the
    PDF print as their heading already."""
    paras = paragraphs(text)
    wanted = {h.strip() for h in heading if h.strip()}
    while paras and paras[0] in wanted:
        paras.pop(0)
    return paras

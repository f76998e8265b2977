"""Statute citations: every rule names its source, in code and in what the user sees."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    law: str  # e.g. "民事诉讼法"
    article: str  # e.g. "第八十五条" or "第十三条第（一）项"

    def __str__(self) -> str:
        return f"《{self.law}》{self.article}"

    def as_dict(self) -> dict[str, str]:
        return {"law": self.law, "article": self.article, "text": str(self)}

"""The element guide's interface (要素式审判指引): what a cause requires proving, and the evidence that proves it.

The knowledge app provides it (`register_element_guide` in its AppConfig.ready); online filing (below knowledge in
the layers) reads `evidence_checklist` to show a filer what to upload for their cause. Without a provider the
checklist is empty and filing works as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class EvidenceItem:
    """One element of a cause (要件) and the evidence that typically proves it."""

    element: str  # 借贷合意
    evidence: tuple[str, ...]  # 借条、借款合同、聊天记录 …
    citations: tuple[str, ...] = field(default_factory=tuple)  # article addresses: 民法典/第六百七十九条
    guide_url: str = ""  # the cause's page in the element guide


class ElementGuide(Protocol):
    def evidence_checklist(self, cause_name: str) -> list[EvidenceItem]: ...


_guide: ElementGuide | None = None


def register_element_guide(guide: ElementGuide) -> None:
    global _guide
    _guide = guide


def evidence_checklist(cause_name: str) -> list[EvidenceItem]:
    """The elements and typical evidence for a cause (its name as in the catalogue: 民间借贷纠纷, 盗窃罪); [] when the
    guide does not cover it or no guide is installed."""
    if _guide is None or not cause_name:
        return []
    return _guide.evidence_checklist(cause_name)

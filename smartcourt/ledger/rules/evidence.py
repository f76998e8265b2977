"""What a successful ledger verification means in law (人民法院在线诉讼规则, 法释〔2021〕12号).

Art. 16: electronic data stored with blockchain technology that passes technical verification (技术核验一致) may be
found unaltered since it was put on the chain, unless contrary evidence suffices. Art. 18: that says nothing about
whether the data was authentic BEFORE it was stored; the court weighs its source, generation, storage, notarisation,
third-party witnessing and corroborating data. Our log is the court's own tamper-evident store (RFC 9162 Merkle
tree with signed, witnessed checkpoints) — the verification page states both limits to the public.
"""

from __future__ import annotations

from smartcourt.core.citations import Citation

UNALTERED_AFTER_ANCHORING = Citation("人民法院在线诉讼规则", "第十六条")
AUTHENTICITY_BEFORE_ANCHORING = Citation("人民法院在线诉讼规则", "第十八条")


def verification_meaning() -> str:
    """The sentence the verification page shows next to a successful check."""
    return (
        f"核验一致说明该内容自存证（入账）时起未被改动（参见{UNALTERED_AFTER_ANCHORING}）；"
        f"存证前内容是否真实，不在本核验范围内，由法院结合来源、生成与存储过程等综合判断（{AUTHENTICITY_BEFORE_ANCHORING}）。"
    )

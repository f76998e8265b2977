"""Which fee an accepted civil filing owes (诉讼费用交纳办法 Art. 13) and when (Art. 22): data + pure functions."""

from __future__ import annotations

from decimal import Decimal

from smartcourt.core.citations import Citation

from .fees import FeeKind

PAYMENT_CITATION = Citation("诉讼费用交纳办法", "第二十二条第一款")
UNPAID_CITATION = Citation("最高人民法院关于人民法院登记立案若干问题的规定", "第十一条")
# Cause names → fee kind; first match wins, otherwise a property case when there is an amount (Art. 13(1)).
CAUSE_FEE_KIND: tuple[tuple[str, FeeKind], ...] = (
    ("离婚", FeeKind.DIVORCE),
    ("劳动", FeeKind.LABOUR),
    ("追索劳动报酬", FeeKind.LABOUR),
    ("人格权", FeeKind.PERSONALITY),
    ("名誉权", FeeKind.PERSONALITY),
    ("隐私权", FeeKind.PERSONALITY),
    ("知识产权", FeeKind.IP),
    ("著作权", FeeKind.IP),
    ("商标", FeeKind.IP),
    ("专利", FeeKind.IP),
)


def fee_kind_for(*, cause_name: str, amount: Decimal | None) -> FeeKind:
    for marker, kind in CAUSE_FEE_KIND:
        if marker in cause_name:
            return kind
    return FeeKind.PROPERTY if amount is not None and amount > 0 else FeeKind.NON_PROPERTY

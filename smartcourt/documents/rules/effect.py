"""When a judgment, ruling or mediation statement takes effect (生效).

- 调解书: when both parties have signed for it (民事诉讼法 第一百零二条) — served = effective.
- 二审判决、裁定, and rulings that cannot be appealed (保全、准许撤诉): on service (民事诉讼法 第一百八十二条).
- 一审判决: after the appeal period (民事诉讼法 第一百七十一条: 15 days for a judgment, 10 for a ruling; 刑事诉讼法
  第二百三十条: 10 days; 行政诉讼法 第八十五条: 15 days) has run from service without an appeal.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..kinds import Kind


def effective_from(*, kind: Kind, served_on: date) -> date:
    """The first day the document is in effect when nobody appeals (the appeal period counted from the day after
    service; its last day is still open to appeal)."""
    if not kind.appeal_days:
        return served_on
    return served_on + timedelta(days=kind.appeal_days + 1)


def basis_text(kind: Kind) -> str:
    return str(kind.appeal_basis) if kind.appeal_basis else ""

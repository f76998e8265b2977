"""Representation by a lawyer (委托诉讼代理人): how many, and which powers need a special authorisation.

Pure: plain values in, a refusal or a label out, each naming its article.

- A party may authorise one or two representatives (民事诉讼法 Art. 61 para. 1).
- The power of attorney (授权委托书) states the matters and the powers; admitting, waiving or changing claims,
  settling, a counterclaim or an appeal need the principal's special authorisation (Art. 62 para. 2), named one by
  one: a document saying only "全权代理" gives none of them (民诉法解释 Art. 89 para. 1).
"""

from __future__ import annotations

from collections.abc import Collection

from smartcourt.core.citations import Citation

MAX_REPRESENTATIVES = 2
REPRESENTATIVES_LIMIT = Citation("民事诉讼法", "第六十一条第一款")
POWER_OF_ATTORNEY = Citation("民事诉讼法", "第六十二条")
SPECIAL_AUTHORISATION = Citation("民事诉讼法", "第六十二条第二款")
NAMED_ONE_BY_ONE = Citation("最高人民法院关于适用《民事诉讼法》的解释", "第八十九条第一款")
ONLINE_MATERIAL_REVIEW = Citation("人民法院在线诉讼规则", "第十二条")

GENERAL = "一般授权"
SPECIAL = "特别授权"

# (code, what the representative may do only with it) — 民事诉讼法 Art. 62 para. 2, in the article's order
SPECIAL_POWERS: tuple[tuple[str, str], ...] = (
    ("admit_claims", "代为承认诉讼请求"),
    ("waive_claims", "代为放弃诉讼请求"),
    ("change_claims", "代为变更诉讼请求"),
    ("settle", "进行和解"),
    ("counterclaim", "提起反诉"),
    ("appeal", "提起上诉"),
)
SPECIAL_POWER_LABELS = dict(SPECIAL_POWERS)


def special_powers_clean(codes: Collection[str]) -> tuple[list[str], str | None]:
    """The special powers in the article's order, or a refusal naming an unknown one."""
    unknown = [c for c in codes if c not in SPECIAL_POWER_LABELS]
    if unknown:
        return [], f"未知的特别授权事项：{'、'.join(unknown)}。"
    return [code for code, _label in SPECIAL_POWERS if code in codes], None


def authority_label(special_powers: Collection[str]) -> str:
    """一般授权, or 特别授权 — what `Representation.authority` shows; the powers themselves are listed beside it."""
    return SPECIAL if special_powers else GENERAL


def special_powers_text(special_powers: Collection[str]) -> str:
    return "、".join(SPECIAL_POWER_LABELS[c] for c, _label in SPECIAL_POWERS if c in special_powers)


def representatives_limit_problem(*, in_force: int, pending: int = 0) -> str | None:
    """Why one more representative cannot be authorised, given those in force and those awaiting review."""
    if in_force + pending >= MAX_REPRESENTATIVES:
        waiting = f"（另有{pending}份授权委托书待法院审查）" if pending else ""
        return (
            f"当事人可以委托一至二人作为诉讼代理人（{REPRESENTATIVES_LIMIT}），"
            f"本案该当事人已有{in_force}名代理人{waiting}；如需更换，请先解除委托。"
        )
    return None

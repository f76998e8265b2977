"""The mediation deadlines and what judicial confirmation may take.

- Pre-filing mediation (诉前调解): 30 days from the start of mediation, unless every party agrees to extend
  (人民法院在线调解规则 Art. 24; legal-rules.md); counted by legaltime's rule `mediation.pre_filing`. On expiry (or a
  failure) the dispute is filed as a case (在线调解规则 Art. 24, 26: materials carried over, nothing re-uploaded).
- Judicial confirmation (司法确认): the parties apply jointly within 30 days of the agreement taking effect
  (民事诉讼法 Art. 205; legaltime's `mediation.judicial_confirmation`); the court decides within 15 days of accepting
  the application, extendable by 10 with the president's approval (最高人民法院关于人民调解协议司法确认程序的若干规定
  Art. 6); a valid agreement is confirmed by ruling and is enforceable (民诉法 Art. 206).
- What cannot be confirmed (民诉法解释 Art. 355): among others, an agreement on the confirmation or dissolution of a
  personal status (婚姻、亲子、收养关系) — a family agreement on the divorce itself; only its property and support
  terms could be. An agreement not signed by every party is not in force (人民调解法 Art. 29) and cannot be applied for.
"""

from __future__ import annotations

from datetime import date, timedelta

from smartcourt.core.citations import Citation

PRE_FILING_RULE = "mediation.pre_filing"
PRE_FILING = Citation("人民法院在线调解规则", "第二十四条")
CARRY_OVER = Citation("人民法院在线调解规则", "第二十六条")
CONFIRMATION_WINDOW_RULE = "mediation.judicial_confirmation"
CONFIRMATION_WINDOW = Citation("民事诉讼法", "第二百零五条")
CONFIRMATION_EFFECT = Citation("民事诉讼法", "第二百零六条")
REVIEW_PERIOD = Citation("最高人民法院关于人民调解协议司法确认程序的若干规定", "第六条")
REVIEW_DAYS = 15
NOT_CONFIRMABLE = Citation("最高人民法院关于适用《中华人民共和国民事诉讼法》的解释", "第三百五十五条")
SIGNED_BY_ALL = Citation("人民调解法", "第二十九条")
STATUS_MARKERS = ("离婚", "解除婚姻", "确认亲子", "解除收养", "婚姻无效")


def review_due(applied_on: date) -> date:
    """The last day of the court's review (15 days from acceptance; the extension is the president's, not ours)."""
    return applied_on + timedelta(days=REVIEW_DAYS)


def not_confirmable_reason(*, cause_name: str, terms: list[str]) -> str:
    """Why an agreement cannot be judicially confirmed ('' when it can)."""
    text = cause_name + "".join(terms)
    if any(m in text for m in STATUS_MARKERS):
        return f"调解协议涉及身份关系的确认或解除，不能申请司法确认（{NOT_CONFIRMABLE}）。"
    return ""

"""The notice before a hearing (开庭通知): at least three days, counted by legaltime's deadline engine.

- civil: 民事诉讼法 Art. 139 — 人民法院审理民事案件，应当在开庭三日前通知当事人和其他诉讼参与人; administrative cases
  follow it (行政诉讼法 Art. 101 applies the civil procedure law where the administrative one is silent);
- criminal: 刑事诉讼法 Art. 187(3) — 传票和通知书至迟在开庭三日以前送达;
- not bound: a simple civil case heard by one judge under the simple procedure (and so a small-claims case, which is
  heard under the simple procedure's rules) is not bound by Art. 139 (民事诉讼法 Art. 163);
- only a trial session (开庭) is bound: an inquiry (询问), a mediation session, a hearing (听证) of a special or review
  procedure and a pronouncement (宣判) are not 开庭审理 in the sense of these articles.

The counting itself (neither the day of notice nor the hearing day counts, the latest day is not moved off a rest day)
is legaltime's rule `civil.hearing_notice` / `criminal.hearing_notice`; this module decides which applies and reads the
engine's result. A rule never queries: the caller passes the engine's `DeadlineResult`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from smartcourt.core.citations import Citation

if TYPE_CHECKING:
    from smartcourt.legaltime.rules.deadlines import DeadlineResult

CIVIL = Citation("民事诉讼法", "第一百三十九条")
CRIMINAL = Citation("刑事诉讼法", "第一百八十七条第三款")
SIMPLE_EXEMPT = Citation("民事诉讼法", "第一百六十三条")
ADMIN_BY_REFERENCE = Citation("行政诉讼法", "第一百零一条")

SIMPLE_PROCEDURES = frozenset({"simple", "small_claims"})


@dataclass(frozen=True)
class NoticeRule:
    """Which notice rule binds a hearing: the legaltime rule code (None: not bound) and why."""

    rule_code: str | None
    citation: Citation
    explanation: str


def notice_rule_for(*, hearing_kind: str, case_kind: str, procedure: str) -> NoticeRule:
    """The notice rule for a hearing of `hearing_kind` on a case of `case_kind` under `procedure`."""
    if hearing_kind != "trial":
        return NoticeRule(None, CIVIL, f"非开庭审理（{CIVIL}仅约束开庭），不受开庭三日前通知的限制。")
    if case_kind == "criminal":
        return NoticeRule("criminal.hearing_notice", CRIMINAL, f"传票和通知书至迟在开庭三日以前送达（{CRIMINAL}）。")
    if case_kind in ("civil", "administrative") and procedure in SIMPLE_PROCEDURES:
        return NoticeRule(
            None,
            SIMPLE_EXEMPT,
            f"适用简易程序（含小额诉讼程序）审理，不受{CIVIL}开庭三日前通知的限制（{SIMPLE_EXEMPT}）。",
        )
    if case_kind == "administrative":
        return NoticeRule(
            "civil.hearing_notice", CIVIL, f"行政案件适用{CIVIL}（{ADMIN_BY_REFERENCE}），应当在开庭三日前通知。"
        )
    return NoticeRule("civil.hearing_notice", CIVIL, f"应当在开庭三日前通知当事人和其他诉讼参与人（{CIVIL}）。")


@dataclass(frozen=True)
class NoticeCheck:
    ok: bool
    latest: date | None  # the latest day the notice may be given (None: not bound)
    message: str  # Chinese: why refused, or what the rule says
    explanation: tuple[str, ...]  # the engine's lines: start, rule, days counted, rest days named


def notice_check(*, rule: NoticeRule, notice_on: date, result: DeadlineResult | None) -> NoticeCheck:
    """Whether a notice given on `notice_on` is in time for the hearing whose engine result is `result`."""
    if rule.rule_code is None or result is None:
        return NoticeCheck(True, None, rule.explanation, ())
    latest = result.due
    lines = tuple(result.explanation) + tuple(result.warnings)
    if notice_on > latest:
        return NoticeCheck(
            False,
            latest,
            f"开庭日期{result.start.isoformat()}距今不足三日：今天（{notice_on.isoformat()}）通知已晚于最迟通知日"
            f"{latest.isoformat()}（{rule.citation}）。请另选开庭日期，不早于"
            f"{(notice_on + timedelta(days=result.rule.amount + 1)).isoformat()}。",
            lines,
        )
    return NoticeCheck(True, latest, f"最迟通知日{latest.isoformat()}（{rule.citation}）。", lines)

"""Asynchronous cross-examination (异步质证) and asynchronous trial (非同步审理) — 《人民法院在线诉讼规则》.

- Art. 20: with every party's consent (经各方当事人同意), the court may have the parties log in separately within a
  set period and carry out evidence exchange, inquiry and other activities asynchronously (非同步方式). So an
  asynchronous evidence round (异步质证) needs the consent of every party of the case, and a party who has not
  consented (or withdrew) blocks it.
- Art. 21: an asynchronous *trial* (非同步审理) is only for cases under the small-claims procedure or the civil or
  administrative simple procedure, and only when (1) the parties have real difficulty being online at the same time,
  (2) one party applied in writing and every party agreed, and (3) after online evidence exchange or inquiry the
  parties do not dispute the main facts and evidence. Otherwise the case is heard in a (live) hearing.
- Art. 3 names the criminal matters that may be handled online; asynchronous cross-examination is not among them,
  so a criminal case is refused here (刑事诉讼法 keeps the defendant's right to examine evidence in court).
- Art. 4–5: online litigation needs the party's consent; a party who does not consent takes part offline.

The functions below are pure: the caller passes what it read. Each refusal is a Chinese sentence that names the
article; the page shows `RULE_TEXT` and the citations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from smartcourt.core.citations import Citation
from smartcourt.legaltime.rules.deadlines import DeadlineRule, Unit

ART_20 = Citation("人民法院在线诉讼规则", "第二十条")
ART_21 = Citation("人民法院在线诉讼规则", "第二十一条")
ART_3 = Citation("人民法院在线诉讼规则", "第三条")
ART_4 = Citation("人民法院在线诉讼规则", "第四条")
ART_5 = Citation("人民法院在线诉讼规则", "第五条")

EVIDENCE = "evidence"  # 异步质证 (Art. 20)
TRIAL = "trial"  # 非同步审理 (Art. 21)
KIND_LABELS = {EVIDENCE: "异步质证", TRIAL: "非同步审理"}

# Art. 21: small claims, and the civil / administrative simple procedure.
ASYNC_TRIAL_PROCEDURES = frozenset({"simple", "small_claims"})
# Art. 20 (with Art. 3's scope of online litigation): civil and administrative cases of any trial procedure.
ASYNC_EVIDENCE_KINDS = frozenset({"civil", "administrative"})
ASYNC_EVIDENCE_PROCEDURES = frozenset({"ordinary", "simple", "small_claims", "second_instance", "retrial", "special"})

RULE_TEXT = (
    f"经各方当事人同意，人民法院可以指定当事人在一定期限内分别登录诉讼平台，以非同步方式开展证据交换、质证等诉讼活动"
    f"（{ART_20}）。适用小额诉讼程序或者民事、行政简易程序审理的案件，各方当事人同时在线参与庭审确有困难、一方书面申请"
    f"且各方同意、经在线证据交换后对主要事实和证据不存在争议的，可以非同步完成庭审活动（{ART_21}）。未同意的当事人"
    f"不适用在线方式，法官可随时转为开庭审理。"
)

# The period the judge sets for the parties' opinions (指定期限), counted by legaltime's engine: the day the round
# opens does not count, an end on a rest day moves to the next working day (民诉法 Art. 85).
OPINION_PERIOD = DeadlineRule(
    "online.async_opinion", "异步质证意见提交期限（法院指定）", 7, Unit.DAY, ART_20,
    "异步质证开启之日", court_sets_amount=True,
    notes=("期限由法官在开启异步质证时指定，本系统默认七日；逾期提交的质证意见不予接收。",),
)  # fmt: skip
DEFAULT_DAYS = 7

# A non-synchronous trial (Art. 21) takes the trial's steps in turn; 举证质证 is the evidence round (Art. 20). Each
# step has its own period set by the judge, counted the same way; a statement after it is not accepted.
STATEMENT_PERIOD = DeadlineRule(
    "online.async_statement", "非同步审理陈述提交期限（法院指定）", 7, Unit.DAY, ART_21,
    "该庭审环节开启之日", court_sets_amount=True,
    notes=("期限由法官在开启各庭审环节时指定，本系统默认七日；逾期提交的陈述不予接收。",),
)  # fmt: skip
STEP_ORDER = ("statement", "debate", "final")
STEP_HINTS = {
    "statement": "原告陈述诉讼请求、事实和理由，被告答辩（民事诉讼法第一百四十一条）。",
    "debate": "各方就争议焦点发表辩论意见（民事诉讼法第一百四十四条）。",
    "final": "各方发表最后意见（民事诉讼法第一百四十四条）。",
}
# A clip: what the browser records (MediaRecorder) or a phone takes; checked by its first bytes, never by its name.
MAX_CLIP_BYTES = 200 * 1024 * 1024

# The three aspects of an opinion on a piece of evidence (证据“三性”: 真实性、合法性、关联性).
ASPECTS = (("authenticity", "真实性"), ("legality", "合法性"), ("relevance", "关联性"))
ACCEPT = "accept"
DISPUTE = "dispute"
VERDICT_LABELS = {ACCEPT: "认可", DISPUTE: "不认可"}


@dataclass(frozen=True)
class AsyncCheck:
    ok: bool
    message: str  # Chinese: why refused, or what applies
    citation: Citation


def async_allowed(
    *, kind: str, case_kind: str, procedure: str, consents: dict[int, bool | None], party_names: dict[int, str]
) -> AsyncCheck:
    """Whether an asynchronous round of `kind` may be opened on a case of `case_kind` under `procedure`.

    consents: party id → True (consented), False (refused or withdrew), None (not asked / not yet answered), for
    every party of the case. party_names: party id → "原告 张三" for the refusal text."""
    if kind not in KIND_LABELS:
        return AsyncCheck(False, "未知的异步审理方式。", ART_20)
    if case_kind not in ASYNC_EVIDENCE_KINDS:
        return AsyncCheck(
            False,
            f"本案为{_CASE_KIND.get(case_kind, case_kind)}案件，不适用非同步方式质证或审理（{ART_3}、{ART_20}）。",
            ART_3,
        )
    if kind == TRIAL and procedure not in ASYNC_TRIAL_PROCEDURES:
        return AsyncCheck(
            False,
            f"非同步审理仅适用于小额诉讼程序或者民事、行政简易程序审理的案件（{ART_21}）；本案适用"
            f"{_PROCEDURE.get(procedure, procedure)}，请安排开庭审理。",
            ART_21,
        )
    if kind == EVIDENCE and procedure not in ASYNC_EVIDENCE_PROCEDURES:
        return AsyncCheck(
            False, f"{_PROCEDURE.get(procedure, procedure)}不进行证据交换与质证，不能开启异步质证（{ART_20}）。", ART_20
        )
    if not consents:
        return AsyncCheck(False, f"本案尚无当事人，不能开启{KIND_LABELS[kind]}（{ART_20}）。", ART_20)
    citation = ART_21 if kind == TRIAL else ART_20
    missing = [party_names.get(pid, str(pid)) for pid, given in consents.items() if given is not True]
    if missing:
        return AsyncCheck(
            False,
            f"{KIND_LABELS[kind]}须经各方当事人同意（{citation}）；尚未同意：{'、'.join(missing)}。"
            f"未同意的当事人应以线下方式参加，请安排开庭审理。",
            citation,
        )
    return AsyncCheck(True, f"各方当事人均已同意，可以{KIND_LABELS[kind]}（{citation}）。", citation)


def async_trial_facts_check(*, evidence_rounds_closed: int, disputed_items: int) -> AsyncCheck:
    """Art. 21(3): a non-synchronous trial only after online evidence exchange left the main evidence undisputed."""
    if evidence_rounds_closed == 0:
        return AsyncCheck(False, f"非同步审理应先经在线证据交换（{ART_21}第（三）项）；请先完成一轮异步质证。", ART_21)
    if disputed_items:
        return AsyncCheck(
            False,
            f"当事人对{disputed_items}项证据仍有争议，不符合非同步审理的条件（{ART_21}第（三）项），请安排开庭审理。",
            ART_21,
        )
    return AsyncCheck(True, f"证据交换后各方对主要事实和证据无争议（{ART_21}第（三）项）。", ART_21)


def disputed(verdicts: Iterable[str]) -> bool:
    """An item is disputed for the hearing when any aspect of any party's latest opinion is 不认可."""
    return any(v == DISPUTE for v in verdicts)


_CASE_KIND = {"criminal": "刑事", "enforcement": "执行", "state_compensation": "国家赔偿"}
_PROCEDURE = {
    "ordinary": "普通程序", "simple": "简易程序", "small_claims": "小额诉讼程序", "second_instance": "第二审程序",
    "retrial": "再审程序", "retrial_review": "再审审查", "special": "特别程序", "payment_order": "督促程序",
    "enforcement": "执行程序", "preservation": "保全", "bankruptcy": "破产程序", "pre_filing_mediation": "诉前调解",
}  # fmt: skip


def online_attendance(*, name: str, answers: list[bool], reachable: bool) -> tuple[bool, str]:
    """Whether a party attends an online hearing online (在线诉讼规则 Art. 4–5), and a line for the scheduler.

    answers: the answers in force of the party and its representatives (True agreed, False refused); reachable:
    the party or a representative has an account (an online room needs a real-name account)."""
    if any(a is False for a in answers):
        return False, f"{name}不同意在线庭审，以线下方式到庭参加（{ART_4}、{ART_5}）。"
    if not reachable:
        return False, f"{name}及其代理人均无平台账户，无法在线参加，以线下方式到庭参加（{ART_4}）。"
    if not answers:
        return True, f"{name}尚未表示同意在线庭审：开庭前应取得其同意，不同意的应以线下方式参加（{ART_4}、{ART_5}）。"
    return True, ""

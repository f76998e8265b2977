"""Similar-case ranking (类案智推): BM25 over jieba-segmented facts, re-ranked by the charges (or causes) the best
candidates share and by the key circumstances (情节) both facts mention. Pure functions over plain data, no database:
the `rank_cases` command, the bench and the push (index.py) all call these.

The method, measured on the LeCaRD dev set (ADR 0035): BM25 (bm25s, Lucene variant, k1 = 1.5, b = 0.75) of the query
facts against each candidate's facts, min-max normalised within the pool; then pseudo-relevance feedback on the
charge: the charges of the top `PRF_DEPTH` candidates, weighted by their BM25 score, form the query's likely charge
distribution, and each candidate gains `CHARGE_WEIGHT` times the share of that distribution its own charges carry
(divided by √(number of its charges), so a judgment with five charges does not match everything); and each gains
`CIRCUMSTANCE_WEIGHT` times the cosine overlap of the key-circumstance terms (`CIRCUMSTANCES`) the two facts mention.
The query's own charge is never read (a real query does not know it). The weights are what coordinate ascent on
NDCG@10 + NDCG@30 over the dev set gives; the same fit inside 6-fold cross-validation (5 repeats) is what `make bench`
reports as held-out. Tried and dropped because the cross-validation did not show a gain: field weighting with the
reasoning (本院认为), explicit charge mentions in the facts, a statute-overlap prior (the articles the top candidates
apply), amount closeness, a sentence-length prior, document-as-query feedback, RM3 query expansion, a second charge
prior from the combined ranking.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MAX_QUERY_CHARS = 20_000  # a longer query is cut here: facts are never this long, a pasted dossier is
PRF_DEPTH = 8
CHARGE_WEIGHT = 1.5
CIRCUMSTANCE_WEIGHT = 0.75
BM25_K1 = 1.5
BM25_B = 0.75

_TERMS_FILE = Path(__file__).with_name("legal_terms.txt")
_lock = threading.Lock()


def bm25s_module() -> Any:
    """bm25s, imported on first use; it sets its own logger to DEBUG on import, which would print a line per index."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


@cache
def _tokenizer() -> Any:
    """A jieba tokenizer of our own (the global one stays untouched) with the legal user dictionary loaded."""
    import jieba

    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    for line in _TERMS_FILE.read_text(encoding="utf-8").splitlines():
        term = line.strip()
        if term and not term.startswith("#"):
            tok.add_word(term, freq=2000)
    return tok


def _is_noise(word: str) -> bool:
    return not word.strip() or all(unicodedata.category(ch)[0] in "PSZ" for ch in word)


def tokenize(text: str, *, limit: int | None = None) -> list[str]:
    """Words of `text` (jieba precise mode, HMM on, legal dictionary); whitespace and punctuation/symbols dropped.
    `limit` cuts the text first (queries: `MAX_QUERY_CHARS`); a judgment's facts are read whole."""
    text = (text or "")[:limit]
    with _lock:  # jieba's lazy initialisation is not thread-safe
        words = _tokenizer().lcut(text)
    return [w for w in words if not _is_noise(w)]


_CHARGE_AFTER_FAN = re.compile(r"犯((?:[\u4e00-\u9fa5]{2,20}罪、)*[\u4e00-\u9fa5、]{2,20}罪)")
_CHARGE_AFTER_GOUCHENG = re.compile(r"构成([\u4e00-\u9fa5、]{2,20}?罪)")
_COMPOUND = re.compile(r"([\u4e00-\u9fa5]{2})、([\u4e00-\u9fa5]{2})((?:、[\u4e00-\u9fa5]{2})*)([\u4e00-\u9fa5]+罪)")
_NOT_CHARGES = {"犯罪", "无罪", "本罪", "此罪", "该罪", "数罪", "一罪"}


def _expand(charge: str) -> set[str]:
    """贩卖、运输毒品罪 → {贩卖毒品罪, 运输毒品罪}; 掩饰、隐瞒犯罪所得罪 stays one charge."""
    m = _COMPOUND.fullmatch(charge)
    if m and m.group(4) != "犯罪所得罪":
        verbs = [m.group(1), m.group(2), *[v for v in m.group(3).split("、") if v]]
        return {v + m.group(4) for v in verbs}
    return {charge}


def extract_charges(result: str, reasoning: str = "", full_text: str = "") -> set[str]:
    """The charges a judgment decided: 犯X罪 in the operative part (else the reasoning, else the end of the full
    text); 构成X罪 as a fallback."""
    found: set[str] = set()
    source = result or reasoning or full_text[-3000:]
    for m in _CHARGE_AFTER_FAN.finditer(source):
        for part in re.split(r"(?<=罪)、", m.group(1)):
            found |= _expand(part)
    if not found:
        for m in _CHARGE_AFTER_GOUCHENG.finditer(reasoning + full_text):
            found |= _expand(m.group(1))
    return {c for c in found if c not in _NOT_CHARGES and len(c) >= 3}


# Key circumstances (情节) and elements judges compare cases by: how the act was done (入户, 扒窃, 持刀, 冒充 …), its
# result (轻伤, 重伤, 死亡 …), the object (甲基苯丙胺, 公款, 个人信息 …) and sentencing circumstances (自首, 累犯,
# 谅解 …). A candidate gains `CIRCUMSTANCE_WEIGHT` × the cosine overlap of the sets of these terms the two facts
# mention (substring match, so a jieba split does not hide one). Kept because 6-fold cross-validation (5 repeats)
# on dev says so: NDCG@10 0.822 → 0.841, NDCG@30 0.891 → 0.899 held out (ADR 0035, 2026-12-07).
CIRCUMSTANCES: tuple[str, ...] = (
    # sentencing circumstances
    "自首", "坦白", "累犯", "前科", "未遂", "中止", "立功", "谅解", "赔偿", "退赃", "退赔", "共同犯罪", "主犯", "从犯",
    # how: theft, robbery, fraud
    "入户", "扒窃", "携带凶器", "多次", "持刀", "持械", "冒充", "虚构", "网络", "电信", "微信", "支付宝", "银行卡",
    "信用卡", "透支", "催收", "贷款", "借款", "假币", "伪造", "发票", "增值税", "非法吸收", "集资", "传销",
    # harm
    "轻微伤", "轻伤", "轻伤一级", "轻伤二级", "重伤", "死亡", "殴打", "随意", "斗殴", "拘禁", "刀", "砍",
    # traffic
    "驾驶", "机动车", "醉酒", "血液酒精含量", "追逐竞驶", "超载", "超速", "逃逸", "交通事故", "全部责任", "主要责任",
    # office and duty
    "公款", "国家工作人员", "职务", "利用职务", "受贿", "索取", "民警", "执行公务", "妨害",
    # drugs, gambling, guns, resources
    "毒品", "甲基苯丙胺", "海洛因", "克", "容留", "吸食", "赌场", "赌资", "抽头", "枪支", "林木", "立方米", "采矿",
    "农用地", "放火", "爆炸",
    # persons and information
    "强奸", "猥亵", "未成年", "儿童", "幼女", "个人信息", "帮助", "掩饰", "隐瞒", "收购", "销赃",
    # the kind of act as a word of the facts
    "诈骗", "盗窃", "抢劫", "抢夺", "敲诈", "勒索", "伤害",
)  # fmt: skip


def circumstances(text: str) -> frozenset[str]:
    """The key circumstance terms `text` mentions."""
    text = text or ""
    return frozenset(term for term in CIRCUMSTANCES if term in text)


def circumstance_overlap(query: frozenset[str] | set[str], doc: Iterable[str]) -> float:
    """Cosine overlap of two sets of circumstance terms (0..1)."""
    d = set(doc)
    if not query or not d:
        return 0.0
    return len(query & d) / math.sqrt(len(query) * len(d))


@dataclass
class Candidate:
    """A case that can be pushed: its id, the facts that are compared, and the charges (criminal) or cause (civil)
    it was decided on. `tokens` is filled on demand."""

    cid: str
    facts: str
    charges: frozenset[str] = frozenset()
    tokens: list[str] | None = field(default=None, repr=False)
    circs: frozenset[str] | None = field(default=None, repr=False)

    def words(self) -> list[str]:
        if self.tokens is None:
            self.tokens = tokenize(self.facts)
        return self.tokens

    def circumstances(self) -> frozenset[str]:
        if self.circs is None:
            self.circs = circumstances(self.facts)
        return self.circs


@dataclass(frozen=True)
class Ranked:
    cid: str
    score: float
    bm25: float  # normalised 0..1 within the pool
    charge_share: float  # 0..1: how much of the likely charge distribution this candidate's charges carry
    circumstance: float = 0.0  # 0..1: overlap of the key circumstances (情节) both facts mention
    shared_terms: tuple[str, ...] = ()


def _bm25_scores(query_tokens: Sequence[str], docs: Sequence[Sequence[str]]) -> np.ndarray:
    bm25s = bm25s_module()
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(w, len(vocab)) for w in d] for d in docs]
    if not vocab:
        return np.zeros(len(docs))
    retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B, method="lucene")
    retriever.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
    q = [vocab[w] for w in query_tokens if w in vocab]
    if not q:
        return np.zeros(len(docs))
    return np.asarray(retriever.get_scores(q), dtype=float)


def _minmax(scores: np.ndarray) -> np.ndarray:
    if scores.size == 0:
        return scores
    lo, hi = float(scores.min()), float(scores.max())
    return (scores - lo) / (hi - lo) if hi > lo else np.zeros_like(scores)


def charge_prior(bm25: np.ndarray, charges: Sequence[Iterable[str]], depth: int = PRF_DEPTH) -> dict[str, float]:
    """The query's likely charges: those of the `depth` best candidates by BM25, weighted by their score, as shares."""
    order = np.argsort(-bm25, kind="stable")[:depth]
    votes: dict[str, float] = {}
    for i in order:
        for ch in charges[i]:
            votes[ch] = votes.get(ch, 0.0) + float(bm25[i])
    total = sum(votes.values())
    return {k: v / total for k, v in votes.items()} if total > 0 else {}


def charge_share(prior: dict[str, float], charges: Iterable[str]) -> float:
    cs = set(charges)
    if not cs:
        return 0.0
    return sum(prior.get(c, 0.0) for c in cs) / math.sqrt(len(cs))


def rerank(
    cids: Sequence[str],
    bm25_raw: np.ndarray,
    charges: Sequence[Iterable[str]],
    *,
    circs: Sequence[Iterable[str]] | None = None,
    query_circs: frozenset[str] | set[str] = frozenset(),
    plain: bool = False,
) -> list[Ranked]:
    """Combine BM25, the charge prior and the key-circumstance overlap over one pool; best first, ties by ascending
    id (numeric ids numerically)."""
    norm = _minmax(np.asarray(bm25_raw, dtype=float))
    if plain:
        shares = np.zeros_like(norm)
        overlap = np.zeros_like(norm)
    else:
        prior = charge_prior(norm, charges)
        shares = np.array([charge_share(prior, c) for c in charges]) if len(cids) else norm
        overlap = (
            np.array([circumstance_overlap(query_circs, c) for c in circs])
            if circs is not None and len(cids)
            else np.zeros_like(norm)
        )
    final = norm + CHARGE_WEIGHT * shares + CIRCUMSTANCE_WEIGHT * overlap
    rows = [
        Ranked(cid, float(final[i]), float(norm[i]), float(shares[i]), float(overlap[i])) for i, cid in enumerate(cids)
    ]
    rows.sort(key=lambda r: (-r.score, _id_key(r.cid)))
    return rows


def _id_key(cid: str) -> tuple[int, int | str]:
    try:
        return (0, int(cid))
    except ValueError:
        return (1, cid)


@dataclass(frozen=True)
class PoolFeatures:
    """One query's pool as the features the ranking combines (for the bench's cross-validation of the weights)."""

    cids: list[str]
    bm25: np.ndarray  # min-max normalised within the pool
    charge: np.ndarray  # charge-prior share
    circumstance: np.ndarray  # key-circumstance overlap

    def order(
        self, charge_weight: float = CHARGE_WEIGHT, circumstance_weight: float = CIRCUMSTANCE_WEIGHT
    ) -> list[str]:
        final = self.bm25 + charge_weight * self.charge + circumstance_weight * self.circumstance
        idx = sorted(range(len(self.cids)), key=lambda i: (-final[i], _id_key(self.cids[i])))
        return [self.cids[i] for i in idx]


def pool_features(query_facts: str, pool: Sequence[Candidate]) -> PoolFeatures:
    rows = rank_pool(query_facts, pool)
    by_id = {r.cid: r for r in rows}
    cids = [c.cid for c in pool]
    return PoolFeatures(
        cids,
        np.array([by_id[c].bm25 for c in cids]),
        np.array([by_id[c].charge_share for c in cids]),
        np.array([by_id[c].circumstance for c in cids]),
    )


def rank_pool(query_facts: str, pool: Sequence[Candidate], *, plain: bool = False) -> list[Ranked]:
    """Rank one query's own candidate pool. `plain=True` is plain BM25 on the facts (the baseline)."""
    query_tokens = tokenize(query_facts, limit=MAX_QUERY_CHARS)
    raw = _bm25_scores(query_tokens, [c.words() for c in pool])
    return rerank(
        [c.cid for c in pool], raw, [c.charges for c in pool], plain=plain,
        circs=[c.circumstances() for c in pool], query_circs=circumstances(query_facts[:MAX_QUERY_CHARS]),
    )  # fmt: skip


def shared_terms(query_tokens: Sequence[str], doc_tokens: Sequence[str], *, limit: int = 8) -> list[str]:
    """Key fact terms both texts use: words of two or more characters, rarest-looking (longest) first."""
    doc = set(doc_tokens)
    seen: dict[str, int] = {}
    for w in query_tokens:
        if w in doc and len(w) >= 2 and not w.isdigit() and w not in _STOP:
            seen[w] = seen.get(w, 0) + 1
    return sorted(seen, key=lambda w: (-len(w), -seen[w], w))[:limit]


_STOP = frozenset(
    ("被告人", "被害人", "本院", "公诉机关", "指控", "经审理", "查明", "上述", "事实", "其中", "同年", "当日", "该案",
     "案件", "并且", "以及", "但是", "因此", "其他", "他人", "某某", "一起", "之后", "后来", "时许", "左右", "一次",
     "进行", "发生", "人民币", "原告", "被告", "之规定", "特向", "贵院", "提起诉讼", "中华人民共和国", "依据", "双方", "之间", "多次", "约定", "履行")
)  # fmt: skip

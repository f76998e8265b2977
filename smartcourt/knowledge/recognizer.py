"""Find statute citations in a text (pure: no database), as judgments, drafts and statutes write them.

Forms: 《中华人民共和国民法典》第五百七十七条; 民事诉讼法第一百二十二条第一款; 第X条第Y款第Z项 (also 第（三）项);
第X条之一; 第X条至第Y条 (a range); 《民法典》第五百七十七条、第五百七十八条 (a list: each element its own match,
carrying the law); a bare 第X条 after a law was named (the last law named, else the document's own law); Arabic
numerals (刑法第264条, 民诉法 第122条第1款). A 第X条 right after a contract or agreement (合同第三条) is not a statute.

The recogniser only says what the text names; `store.StatuteStore` resolves and validates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numerals import cn_to_int

NUM = r"[零〇○一二三四五六七八九十百千两\d０-９]+"
ARTICLE = re.compile(
    rf"第\s*(?P<n>{NUM})\s*条(?:之(?P<s>[一二三四五六七八九十]+))?"
    rf"(?:第\s*(?P<p>{NUM})\s*款)?"
    rf"(?:第\s*(?:[（(]\s*(?P<i1>{NUM})\s*[)）]|(?P<i2>{NUM}))\s*项)?"
)
BRACKET = re.compile(r"《(?P<title>[^《》\n]{1,120})》")
# A bracketed title that names a law, regulation or interpretation (not 《借款合同》, not a book).
LAWLIKE = re.compile(
    r"(?:法|法典|条例|规定|解释|办法|规则|决定|意见|批复|细则|纪要|修正案|通则|答复|准则)"
    r"(?:（[^）]{0,12}）|\([^)]{0,12}\))?$"
)
LIST_SEP = re.compile(r"^\s*(?:、|，|,|；|;|和|及|以及|或者|或|与)\s*$")
RANGE_SEP = re.compile(r"^\s*(?:至|到|—|－|-|～|~)\s*$")
# A bare 第X条 right after these words belongs to a contract, agreement or some unnamed rule, not to the last law.
NOT_STATUTE_BEFORE = re.compile(r"(?:合同|协议|协议书|章程|约定|公约|条款|附件|借条|欠条|意见书|通知书|决定书)\s*$")
MAX_NUMBER = 100_000  # no statute has more articles; larger numbers are not article numbers (and overflow SQL)
OWN_LAW = ("本法", "本解释", "本规定", "本规则", "本办法", "本条例")
SAME_LAW = ("该法", "同法", "该解释", "该规定")


@dataclass
class ArticleCite:
    """One article a citation names (the end of a range in `to`)."""

    number: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    to: ArticleCite | None = None


@dataclass
class RawCitation:
    start: int
    end: int
    law: str  # as written (a title, an abbreviation); "" when neither the text nor the document names one
    cite: ArticleCite
    law_named: bool = False  # the law's name is part of this match's text
    errors: list[str] = field(default_factory=list)


def _cite(m: re.Match[str]) -> ArticleCite | None:
    number = cn_to_int(m["n"])
    if not number or number > MAX_NUMBER:
        return None
    suffix = min(cn_to_int(m["s"]) or 0, MAX_NUMBER) if m["s"] else 0
    paragraph = cn_to_int(m["p"]) if m["p"] else None
    item_text = m["i1"] or m["i2"]
    item = cn_to_int(item_text) if item_text else None
    return ArticleCite(number=number, suffix=suffix or 0, paragraph=paragraph, item=item)


class Recognizer:
    """Compiled for a set of law names that may appear without brackets (民法典, 民诉法 …)."""

    def __init__(self, bare_names: list[str]) -> None:
        names = sorted({n for n in bare_names if n}, key=len, reverse=True)
        names_re = "|".join(re.escape(n) for n in [*names, *OWN_LAW, *SAME_LAW])
        self.pattern = re.compile(
            rf"(?P<bracket>《(?P<title>[^《》\n]{{1,120}})》)"
            rf"|(?P<bare>{names_re})(?=\s*第\s*{NUM}\s*条)"
            rf"|(?P<article>{ARTICLE.pattern})"
        )

    def scan(self, text: str, default_law: str = "") -> list[RawCitation]:
        out: list[RawCitation] = []
        pending: tuple[str, int, int] | None = None  # a law just named: (name, start, end)
        current_law = default_law  # the last law named
        prev: RawCitation | None = None  # the last citation, for lists and ranges
        for m in self.pattern.finditer(text):
            if m["bracket"]:
                title = m["title"].strip()
                if LAWLIKE.search(title):
                    pending = (title, m.start(), m.end())
                    current_law = title
                continue
            if m["bare"]:
                name = m["bare"]
                if name in OWN_LAW:
                    name = default_law
                elif name in SAME_LAW:
                    name = current_law
                if name:
                    pending = (name, m.start(), m.end())
                    current_law = name
                continue
            cite = _cite(m)
            if cite is None:
                continue
            start = m.start()
            gap_prev = text[prev.end : start] if prev is not None else None
            if pending is not None and not text[pending[2] : start].strip():
                law, start, named = pending[0], pending[1], True
            elif prev is not None and gap_prev is not None and RANGE_SEP.match(gap_prev) and prev.cite.to is None:
                prev.cite.to = cite
                prev.end = m.end()
                pending = None
                continue
            elif prev is not None and gap_prev is not None and LIST_SEP.match(gap_prev):
                law, named = prev.law, False
            else:
                if NOT_STATUTE_BEFORE.search(text[max(0, start - 8) : start]):
                    pending = None
                    prev = None
                    continue
                law, named = current_law, False
                if not law:
                    continue
            pending = None
            prev = RawCitation(start=start, end=m.end(), law=law, cite=cite, law_named=named)
            out.append(prev)
        return out

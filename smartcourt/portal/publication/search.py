"""Full-text search over published judgments: the text segmented with jieba (search mode), stored space-separated
in `PublicationTask.search_text` and matched word by word; the query is segmented the same way."""

from __future__ import annotations

import re

import jieba
from django.db.models import Q

jieba.setLogLevel(60)
_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 20000


def index_words(*parts: str) -> str:
    words: dict[str, None] = {}
    for part in parts:
        for word in jieba.cut_for_search(part or ""):
            for token in _TOKEN.findall(word.lower()):
                words.setdefault(token, None)
                if len(words) >= MAX_WORDS:
                    break
    return " " + " ".join(words) + " "


def query_words(q: str) -> list[str]:
    out: list[str] = []
    for word in jieba.cut(q or ""):
        out.extend(t.lower() for t in _TOKEN.findall(word))
    return list(dict.fromkeys(out))[:10]


def _word_q(word: str) -> Q:
    """A query word as an indexed word, or as the smaller words search-mode indexing cut it into (故意伤害 is
    indexed as 故意 and 伤害 where the text reads 故意伤害罪)."""
    cond = Q(search_text__contains=f" {word} ")
    parts = [t.lower() for p in jieba.cut_for_search(word) for t in _TOKEN.findall(p) if t.lower() != word]
    if parts:
        all_parts = Q()
        for part in dict.fromkeys(parts):
            all_parts &= Q(search_text__contains=f" {part} ")
        cond |= all_parts
    return cond


def search_q(q: str) -> Q:
    """Every query word, whole or in its parts, among the indexed words."""
    cond = Q()
    for word in query_words(q):
        cond &= _word_q(word)
    return cond

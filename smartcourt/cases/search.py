"""Search over case number, title and party names: whole words and partial names or numbers.

Chinese has no spaces, so text is segmented with jieba and stored space-separated in `Case.search_text`;
SQLite indexes it with FTS5, PostgreSQL with a GIN index on to_tsvector('simple', …) (migration 0003).
Party names are also segmented on their own, because jieba's cut of a name depends on its context, and kept whole,
so a substring finds a partial name (雨涵 in 韦雨涵) where jieba's words do not: PostgreSQL answers substrings from
trigram GIN indexes on `search_text` and `number` (pg_trgm, migration 0010); SQLite scans with LIKE.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import jieba
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import Case

jieba.setLogLevel(60)
_TOKEN_RE = re.compile(r"[\w]+", re.UNICODE)


def _tokens(text: str) -> list[str]:
    words = []
    for word in jieba.cut_for_search(text or ""):
        words.extend(t.lower() for t in _TOKEN_RE.findall(word))
    return words


SHORT_NAME = 4  # names up to this long (a person's, mostly) are indexed by each character too: 雨 finds 张雨


def name_grams(name: str) -> list[str]:
    """The pieces of a party's name a partial-name search may type, as index words: every two adjacent characters
    (雨涵 in 韦雨涵), and every single character of a short name. A query of one or two characters is answered from
    these words in the full-text index; longer ones from the trigram index (which needs three characters)."""
    text = "".join(_TOKEN_RE.findall(name.lower()))
    grams = [text[i : i + 2] for i in range(len(text) - 1)]
    if len(text) <= SHORT_NAME:
        grams.extend(text)
    return grams


def search_text_from(*, number: str, title: str, names: Iterable[str]) -> str:
    """The indexed text of a case: the words of its number, title and party names, each name whole and in pieces."""
    tokens = _tokens(" ".join((number, number.strip("（）").replace("）", " "), title)))
    for name in names:
        tokens.extend(_tokens(name))
        tokens.append(name.lower())
        tokens.extend(name_grams(name))
    return " ".join(dict.fromkeys(tokens))


def search_text_for(case: Case) -> str:
    names = list(case.parties.values_list("person__name", flat=True)) if case.pk else []
    return search_text_from(number=case.number, title=case.title, names=names)


def query_terms(q: str) -> list[str]:
    """The query's words, segmented the same way as indexed text (jieba's precise mode)."""
    terms = []
    for word in jieba.cut(q or ""):
        terms.extend(t.lower() for t in _TOKEN_RE.findall(word))
    return terms


_YEAR_FIRST = re.compile(r"^(\d{4})(\D.*)$")


def _number_fragment(chunk: str) -> str:
    """A case-number fragment as numbers are written: full-width brackets around the year, so "(2025)苏0508民初1"
    and "2025苏0508民初1" both find （2025）苏0508民初1号."""
    chunk = chunk.replace("(", "（").replace(")", "）")
    match = _YEAR_FIRST.match(chunk)
    if match and "（" not in chunk:
        chunk = f"（{match.group(1)}）{match.group(2)}"
    return chunk


def _like(text: str) -> str:
    """`text` as a LIKE pattern matching it anywhere (backslash escapes the wildcards)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


TRIGRAM = 3  # pg_trgm answers a LIKE from its index only for a pattern of at least three characters


def _lexeme(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "") + "'"


class _SimpleTextMatch(Func):
    """`to_tsvector('simple', search_text) @@ to_tsquery('simple', query)`: the expression of the GIN index of
    migration 0003 (its column named by the ORM, so it holds under any table alias)."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple'::regconfig, "
    output_field = BooleanField()

    def __init__(self, query: str) -> None:
        super().__init__(F("search_text"), Value(query))


def _postgres_condition(chunk: str) -> Q:
    """One word of the query on PostgreSQL, as a condition on the case row that each branch's index answers, so
    the planner reads them as one BitmapOr (or walks the newest-first index and checks it, for a common word):

    - the full-text index (GIN on to_tsvector, migration 0003): all the word's jieba words; a word of one or two
      characters is also looked up whole, among the pieces of the names (`name_grams`: 雨涵 of 韦雨涵, 雨 of 张雨);
    - the trigram indexes (pg_trgm, migration 0011): the word anywhere in the text or in the case number, for a
      word of three characters or more (a shorter pattern has no trigram, and would read the whole index).

    No `id IN (SELECT … UNION …)`: that materialised every match of every branch before the page's 25 rows."""
    terms = query_terms(chunk)
    word = "".join(_TOKEN_RE.findall(chunk.lower()))
    queries = []
    if terms:
        queries.append(" & ".join(_lexeme(t) for t in terms))
    if word and len(word) < TRIGRAM and [word] != terms:
        queries.append(_lexeme(word))
    # The cheap LIKEs come first: the bitmap's rows are checked again against the whole condition, and PostgreSQL
    # stops at the first true branch, so a row the trigrams found never computes its to_tsvector (~50 µs a row).
    condition = Q(pk__in=[])  # nothing, when no branch applies (a lone wildcard, say)
    number = _number_fragment(chunk)
    if number.startswith("（") and number.endswith("号"):
        condition |= Q(number=number)  # a whole number: the unique index (its trigrams are in every case number)
    elif len(number) >= TRIGRAM:
        condition |= Q(number__contains=number)
    if len(chunk) >= TRIGRAM:
        condition |= Q(search_text__contains=chunk.lower())
    if queries:
        condition |= Q(_SimpleTextMatch(" | ".join(f"({q})" for q in queries)))
    return condition


def _sqlite_ids(chunk: str) -> RawSQL:
    """The ids of cases matching one word of the query on SQLite: all its jieba words in the FTS5 index, or the
    word anywhere in the searchable text or the case number (LIKE: a scan, the embedded scale's fallback)."""
    terms = query_terms(chunk)
    text, number = _like(chunk.lower()), _like(_number_fragment(chunk))
    parts, params = [], []
    if terms:
        parts.append("SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %s")
        params.append(" AND ".join('"' + t.replace('"', "") + '"' for t in terms))
    parts += [
        "SELECT id FROM cases_case WHERE search_text LIKE %s ESCAPE '\\'",
        "SELECT id FROM cases_case WHERE number LIKE %s ESCAPE '\\'",
    ]
    return RawSQL(" UNION ".join(parts), [*params, text, number])


def case_search_filter(queryset: QuerySet[Case], q: str) -> QuerySet[Case]:
    """Cases matching every word of `q` (words are separated by spaces): each word is found in the number (full or
    partial: （2025）苏0508民初123号, 民初123), the title or a party's name (full or partial: 韦雨涵, 雨涵)."""
    for chunk in (q or "").split():
        if connection.vendor == "postgresql":
            queryset = queryset.filter(_postgres_condition(chunk))
            continue
        if connection.vendor == "sqlite":
            queryset = queryset.filter(pk__in=_sqlite_ids(chunk))
            continue
        condition = Q(search_text__contains=chunk.lower()) | Q(number__contains=_number_fragment(chunk))
        for term in query_terms(chunk):
            condition |= Q(search_text__contains=term)
        queryset = queryset.filter(condition)
    return queryset

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
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

if TYPE_CHECKING:
    from .models import Case

jieba.setLogLevel(60)
_TOKEN_RE = re.compile(r"[\w]+", re.UNICODE)


def _tokens(text: str) -> list[str]:
    words = []
    for word in jieba.cut_for_search(text or ""):
        words.extend(t.lower() for t in _TOKEN_RE.findall(word))
    return words


def search_text_for(case: Case) -> str:
    names = list(case.parties.values_list("person__name", flat=True)) if case.pk else []
    return search_text_of(number=case.number, title=case.title, names=names)


def search_text_of(*, number: str, title: str, names: list[str]) -> str:
    """The searchable text of a case from its number, title and party names (in the parties' order: role,
    position), for writers that build cases in memory (the demo's bulk writer)."""
    parts = [number, number.strip("（）").replace("）", " "), title]
    tokens = _tokens(" ".join(parts))
    for name in names:
        tokens.extend(_tokens(name))
        tokens.append(name.lower())
    seen: dict[str, None] = {}
    for t in tokens:
        seen.setdefault(t, None)
    return " ".join(seen)


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


def _chunk_ids(chunk: str) -> RawSQL | None:
    """The ids of cases matching one word of the query: all its jieba words in the full-text index, or the word
    anywhere in the searchable text (a partial name: 雨涵 finds 韦雨涵), or anywhere in the case number (民初123).
    One UNION of index-backed reads: FTS5 / tsvector for the words, trigram GIN indexes for the substrings on
    PostgreSQL (migration 0010); on SQLite the substring reads scan the table (LIKE), the embedded scale's fallback."""
    terms = query_terms(chunk)
    text, number = _like(chunk.lower()), _like(_number_fragment(chunk))
    if connection.vendor == "postgresql":
        parts, params = [], []
        if terms:
            parts.append(
                "SELECT id FROM cases_case WHERE to_tsvector('simple'::regconfig, search_text)"
                " @@ to_tsquery('simple'::regconfig, %s)"
            )
            params.append(" & ".join("'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms))
        parts += [
            "SELECT id FROM cases_case WHERE search_text LIKE %s",
            "SELECT id FROM cases_case WHERE number LIKE %s",
        ]
        return RawSQL(" UNION ".join(parts), [*params, text, number])
    if connection.vendor == "sqlite":
        parts, params = [], []
        if terms:
            parts.append("SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %s")
            params.append(" AND ".join('"' + t.replace('"', "") + '"' for t in terms))
        parts += [
            "SELECT id FROM cases_case WHERE search_text LIKE %s ESCAPE '\\'",
            "SELECT id FROM cases_case WHERE number LIKE %s ESCAPE '\\'",
        ]
        return RawSQL(" UNION ".join(parts), [*params, text, number])
    return None


def case_search_filter(queryset: QuerySet[Case], q: str) -> QuerySet[Case]:
    """Cases matching every word of `q` (words are separated by spaces): each word is found in the number (full or
    partial: （2025）苏0508民初123号, 民初123), the title or a party's name (full or partial: 韦雨涵, 雨涵)."""
    for chunk in (q or "").split():
        ids = _chunk_ids(chunk)
        if ids is not None:
            queryset = queryset.filter(pk__in=ids)
            continue
        condition = Q(search_text__contains=chunk.lower()) | Q(number__contains=_number_fragment(chunk))
        for term in query_terms(chunk):
            condition |= Q(search_text__contains=term)
        queryset = queryset.filter(condition)
    return queryset

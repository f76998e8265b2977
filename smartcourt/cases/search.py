"""Full-text search over case number, title and party names.

Chinese has no spaces, so text is segmented with jieba and stored space-separated in `Case.search_text`;
SQLite indexes it with FTS5, PostgreSQL with a GIN index on to_tsvector('simple', …) (migration 0003).
Party names are also segmented on their own, because jieba's cut of a name depends on its context.
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
    parts = [case.number, case.number.strip("（）").replace("）", " "), case.title]
    names = list(case.parties.values_list("person__name", flat=True)) if case.pk else []
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


def case_search_filter(queryset: QuerySet[Case], q: str) -> QuerySet[Case]:
    """Cases matching every word of `q` (number, title, party names)."""
    q = (q or "").strip()
    if not q:
        return queryset
    terms = query_terms(q)
    number_match = Q(number__contains=q.replace("(", "（").replace(")", "）"))
    if not terms:
        return queryset.filter(number_match)
    if connection.vendor == "postgresql":
        # Same expression as the GIN index of migration 0003, so the planner uses it.
        tsquery = " & ".join("'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms)
        ids = RawSQL(
            "SELECT id FROM cases_case WHERE to_tsvector('simple'::regconfig, search_text)"
            " @@ to_tsquery('simple'::regconfig, %s)",
            [tsquery],
        )
        return queryset.filter(Q(pk__in=ids) | number_match)
    if connection.vendor == "sqlite":
        match = " AND ".join('"' + t.replace('"', "") + '"' for t in terms)
        ids = RawSQL("SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %s", [match])
        return queryset.filter(Q(pk__in=ids) | number_match)
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    return queryset.filter(condition | number_match)

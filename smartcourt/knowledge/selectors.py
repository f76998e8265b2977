"""Reads of the statute store for the pages: laws, an article in its versions, search by words and by number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from smartcourt.core.errors import ApplicationError, NotFound

from .models import Article, Law, LawKind, LawVersion
from .numerals import article_label
from .store import LawInfo, catalogue, paragraphs_of, parse_article_label, tidy_query_law

QUERY_MAX = 200  # characters a search takes
RESULTS_MAX = 50


@dataclass
class SearchResult:
    law: str
    law_title: str
    label: str
    heading: str
    text: str

    @property
    def address(self) -> str:
        return f"{self.law}/{self.label}"


@dataclass
class SearchOutcome:
    query: str
    terms: list[str] = field(default_factory=list)
    law: LawInfo | None = None
    exact: SearchResult | None = None  # the article a number query names
    results: list[SearchResult] = field(default_factory=list)
    notice: str = ""  # no such article, nothing found …
    more: bool = False


def laws_list() -> list[tuple[Law, LawVersion | None]]:
    """Every law with its version in force today (or its newest)."""
    today = timezone.localdate()
    laws = list(Law.objects.prefetch_related("versions"))
    out = []
    for law in laws:
        versions = sorted(law.versions.all(), key=lambda v: v.effective_from, reverse=True)
        current = next((v for v in versions if v.effective_from <= today), versions[-1] if versions else None)
        out.append((law, current))
    order = {LawKind.LAW: 0, LawKind.REGULATION: 1, LawKind.INTERPRETATION: 2}
    return sorted(out, key=lambda pair: (order.get(LawKind(pair[0].kind), 3), pair[0].title))


def law_get(name: str) -> LawInfo:
    law = catalogue().resolve(name)
    if law is None:
        raise NotFound(f"法律法规库中没有“{name[:50]}”。")
    return law


def version_for(law: LawInfo, on: date | None = None) -> LawVersion:
    on = on or timezone.localdate()
    info = law.version_on(on) or (law.versions[-1] if law.versions else None)
    if info is None:
        raise NotFound(f"法律法规库中没有《{law.short_name}》的条文。")
    return LawVersion.objects.select_related("law").get(pk=info.id)


def law_articles(version: LawVersion) -> list[Article]:
    return list(version.articles.order_by("position"))


@dataclass
class ArticlePage:
    law: LawInfo
    version: LawVersion
    article: Article
    paragraphs: list[tuple[str, list[str]]]
    previous: Article | None
    next: Article | None
    versions: list[tuple[LawVersion, Article | None]]  # the same article in every version, newest first


def article_page(law_name: str, label: str, *, on: date | None = None, version_id: int | None = None) -> ArticlePage:
    law = law_get(law_name)
    parsed = parse_article_label(label)
    if parsed is None:
        raise NotFound(f"条号“{label[:30]}”无法识别。")
    if version_id is not None:
        version = LawVersion.objects.select_related("law").filter(pk=version_id, law_id=law.id).first()
        if version is None:
            raise NotFound("没有这个版本。")
    else:
        version = version_for(law, on)
    number, suffix = parsed
    article = version.articles.filter(number=number, suffix=suffix).first()
    if article is None:
        raise NotFound(f"《{law.short_name}》没有{article_label(number, suffix)}（共{version.article_count}条）。")
    neighbours = {
        a.position: a for a in version.articles.filter(position__in=[article.position - 1, article.position + 1])
    }
    versions = list(LawVersion.objects.filter(law_id=law.id).order_by("-effective_from"))
    same = {a.version_id: a for a in Article.objects.filter(version__law_id=law.id, number=number, suffix=suffix)}
    return ArticlePage(
        law=law,
        version=version,
        article=article,
        paragraphs=paragraphs_of(article.text),
        previous=neighbours.get(article.position - 1),
        next=neighbours.get(article.position + 1),
        versions=[(v, same.get(v.pk)) for v in versions],
    )


def _result(law: LawInfo, a: Article) -> SearchResult:
    return SearchResult(law=law.short_name, law_title=law.title, label=a.label, heading=a.heading, text=a.text)


def statute_search(query: str, *, on: date | None = None) -> SearchOutcome:
    """Search by article number ("民诉法 第122条", "刑法264", "民法典/第五百七十七条") or by words ("违约责任",
    "民法典 定金"): words must all occur in the article; a leading law name narrows to that law."""
    query = query.strip()
    if not query:
        raise ApplicationError(
            "请输入检索词：法律名称加条号（如“民诉法 第122条”），或条文中的词语。", code="empty_query"
        )
    if len(query) > QUERY_MAX:
        raise ApplicationError(f"检索词过长（{len(query)}字），请精简到{QUERY_MAX}字以内。", code="query_too_long")
    on = on or timezone.localdate()
    cat = catalogue()
    law, rest = tidy_query_law(query.replace("/", " "))
    outcome = SearchOutcome(query=query, law=law)
    if law is not None:
        parsed = parse_article_label(rest) if rest else None
        if parsed is not None:
            version = law.version_on(on) or (law.versions[-1] if law.versions else None)
            article = (
                Article.objects.filter(version_id=version.id, number=parsed[0], suffix=parsed[1]).first()
                if version
                else None
            )
            if article is None:
                outcome.notice = f"《{law.short_name}》没有{article_label(*parsed)}。"
            else:
                outcome.exact = _result(law, article)
            return outcome
    terms = [t for t in rest.split() if t][:8]
    outcome.terms = terms
    if not terms:
        if law is not None:
            outcome.notice = f"请在“{law.short_name}”后输入条号或词语。"
        return outcome
    current = [v.id for info in ([law] if law else cat.laws) if (v := info.version_on(on))]
    condition = Q(version_id__in=current)
    for term in terms:
        condition &= Q(text__contains=term)
    rows = list(
        Article.objects.filter(condition)
        .select_related("version")
        .order_by("version_id", "position")[: RESULTS_MAX + 1]
    )
    by_id = {info.id: info for info in cat.laws}
    outcome.results = [_result(by_id[a.version.law_id], a) for a in rows[:RESULTS_MAX]]
    outcome.more = len(rows) > RESULTS_MAX
    if not rows:
        outcome.notice = "没有找到包含这些词语的现行条文。"
    return outcome


@dataclass
class ElementStatus:
    """One element of the case's cause and whether the dossier's OCR'd text mentions its evidence."""

    element: str
    evidence: tuple[str, ...]
    covered: bool
    matched: list[str]  # the keywords found
    citations: tuple[str, ...]


def element_checklist(case: Any) -> list[ElementStatus]:
    """The element guide's checklist for `case`'s cause, each element marked covered when a keyword of its evidence
    occurs in the text OCR read from the case file (a hint for the judge, not a finding). [] when the guide does not
    cover the cause. Two queries: the cause, the pages' text."""
    from smartcourt.dossier.selectors import page_list

    from .guide import cause_for

    cause_name = case.cause.name if getattr(case, "cause_id", None) else ""
    cause = cause_for(cause_name)
    if cause is None:
        return []
    text = "\n".join(page_list(case=case).exclude(ocr_text="").values_list("ocr_text", flat=True))
    out = []
    for element in cause.elements:
        matched = [k for k in element.keywords if k in text]
        out.append(
            ElementStatus(
                element=element.name,
                evidence=element.evidence,
                covered=bool(matched),
                matched=matched,
                citations=element.articles,
            )
        )
    return out

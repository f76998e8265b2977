"""Statute pages and the element guide. Public: laws are public, and the guide only explains them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from smartcourt.core.errors import ApplicationError
from smartcourt.core.params import int_param
from smartcourt.core.templatetags.statute_links import linked_citations
from smartcourt.courts.permissions import public

from . import guide, selectors
from .store import paragraphs_of


@public("the statutes are public texts (著作权法第五条): search and read them without signing in")
@require_safe
def statute_search(request: HttpRequest) -> HttpResponse:
    """Search statutes by words or by article number (法条检索)."""
    query = request.GET.get("q", "")
    context: dict[str, Any] = {"query": query[: selectors.QUERY_MAX], "outcome": None, "error": ""}
    if "q" in request.GET:
        try:
            context["outcome"] = selectors.statute_search(query)
        except ApplicationError as exc:
            context["error"] = str(exc.message)
    if context["outcome"] is None:
        context["laws"] = selectors.laws_list()
    status = 400 if context["error"] and query.strip() else 200
    return render(request, "knowledge/statute_search.html", context, status=status)


@public("the statutes are public texts (著作权法第五条)")
@require_safe
def law_detail(request: HttpRequest, law: str) -> HttpResponse:
    """A law's articles under their headings, as in force today (or in the version asked for)."""
    info = selectors.law_get(law)
    version_id = int_param(request.GET.get("version", ""), max_value=10**9)
    version = selectors.version_for(info)
    if version_id is not None:
        chosen = next((v for v in info.versions if v.id == version_id), None)
        if chosen is None:
            raise Http404
        version = version.__class__.objects.select_related("law").get(pk=chosen.id)
    articles = selectors.law_articles(version)
    return render(
        request,
        "knowledge/law_detail.html",
        {"law": info, "version": version, "articles": articles, "versions": info.versions},
    )


@public("the statutes are public texts (著作权法第五条): each article has its own stable address")
@require_safe
def article_detail(request: HttpRequest, law: str, article: str) -> HttpResponse:
    """One article (民法典/第五百七十七条): its text, its place in the law, its versions."""
    version_id = int_param(request.GET.get("version", ""), max_value=10**9)
    page = selectors.article_page(law, article, version_id=version_id)
    # The whole text linked at once (one query for every article it cites), then cut into 款 and 项 again.
    linked = linked_citations(page.article.text, on=page.version.effective_from, default_law=page.law.short_name)
    paragraphs = [
        (mark_safe(p), [mark_safe(i) for i in items])  # escaped and linked by linked_citations
        for p, items in paragraphs_of(str(linked))
    ]
    return render(request, "knowledge/article_detail.html", {"page": page, "paragraphs": paragraphs})


@public("the element guide explains the statutes; it reads no case")
@require_safe
def guide_index(request: HttpRequest) -> HttpResponse:
    """The causes the element guide covers (要素式审判指引)."""
    return render(request, "knowledge/guide_index.html", {"causes": guide.causes()})


@public("the element guide explains the statutes; it reads no case")
@require_safe
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One cause: the elements to prove, the typical evidence, the articles (validated against the store)."""
    cause = guide.cause_by_slug(slug)
    if cause is None:
        raise Http404
    articles = guide.cause_articles(cause)
    refs = dict(articles)
    elements = [(e, [(a, refs.get(a)) for a in e.articles]) for e in cause.elements]
    return render(request, "knowledge/guide_detail.html", {"cause": cause, "articles": articles, "elements": elements})

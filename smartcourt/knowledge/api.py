"""Statutes API, public (no login): `/api/v1/statutes/article`, `/citations`, `/search`.

`/citations` is what a drafting page calls as the judge types: every citation in the text, where it is, what it
names, and why it does not hold (no such law or article, not in force on `on`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import ApplicationError, NotFound
from smartcourt.core.statutes import article, find_citations
from smartcourt.courts.permissions import public

from . import selectors
from .store import article_url

router = Router(tags=["法律法规"])
TEXT_MAX = 50_000


class StatuteArticleOut(Schema):
    address: str = Field(..., examples=["民法典/第五百七十七条"])
    law: str
    law_title: str
    article: str
    text: str
    url: str
    in_force: bool


class StatuteRefOut(StatuteArticleOut):
    paragraph: int | None = None
    item: int | None = None


class StatuteCitationsIn(Schema):
    text: str = Field(..., max_length=TEXT_MAX, description="待识别的文本（不超过50000字）")
    on: str | None = Field(None, description="核对哪一天施行的法律（YYYY-MM-DD，默认今日）")
    default_law: str = Field("", max_length=100, description="文中“本法”及未指明法律的“第X条”所属法律")


class StatuteCitationOut(Schema):
    start: int
    end: int
    text: str
    valid: bool
    error: str = Field(..., description="不成立的原因（中文）；成立时为空")
    refs: list[StatuteRefOut]


class StatuteSearchOut(Schema):
    exact: StatuteArticleOut | None
    results: list[StatuteArticleOut]
    notice: str
    more: bool


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ApplicationError("日期格式应为 YYYY-MM-DD。", code="statutes.bad_date") from None


def _ref(ref: Any) -> dict[str, Any]:
    return {
        "address": ref.address,
        "law": ref.law,
        "law_title": ref.law_title,
        "article": ref.article,
        "text": ref.text,
        "url": ref.url,
        "in_force": ref.in_force,
        "paragraph": ref.paragraph,
        "item": ref.item,
    }


@router.get(
    "/article",
    auth=None,
    response={200: StatuteArticleOut, **errors(404)},
    summary="按地址取条文（如 民法典/第五百七十七条）",
    openapi_extra=refuses("日期不是 YYYY-MM-DD 时返回 400 statutes.bad_date"),
)
@public("the statutes are public texts (著作权法第五条)")
def article_get(
    request: HttpRequest,
    address: Annotated[
        str, Query(min_length=1, max_length=200, description="条文地址，如 民法典/第五百七十七条、民诉法/122")
    ],
    on: Annotated[str | None, Query(max_length=10, description="哪一天施行的文本（YYYY-MM-DD，默认今日）")] = None,
) -> dict:
    ref = article(address, on=_date(on))
    if ref is None:
        raise NotFound(f"法律法规库中没有“{address[:60]}”。")
    return _ref(ref)


@router.post(
    "/citations",
    auth=None,
    response=list[StatuteCitationOut],
    summary="识别、核对文本中的法条引用",
    openapi_extra=refuses("日期不是 YYYY-MM-DD 时返回 400 statutes.bad_date"),
)
@public("recognising citations in a text the caller sends: reads only the public statutes")
def citations_find(request: HttpRequest, payload: StatuteCitationsIn) -> list[dict[str, Any]]:
    matches = find_citations(payload.text, on=_date(payload.on), default_law=payload.default_law.strip())
    return [
        {
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "valid": m.valid,
            "error": m.error,
            "refs": [_ref(r) for r in m.refs],
        }
        for m in matches
    ]


@router.get(
    "/search",
    auth=None,
    response=StatuteSearchOut,
    summary="法条检索：法律名称加条号，或条文中的词语",
    openapi_extra=refuses("检索词全为空白时返回 400 empty_query"),
)
@public("the statutes are public texts (著作权法第五条)")
def statutes_search(
    request: HttpRequest,
    q: Annotated[str, Query(min_length=1, max_length=selectors.QUERY_MAX, description="法律名称加条号，或词语")],
) -> dict[str, Any]:
    outcome = selectors.statute_search(q)

    def out(r: selectors.SearchResult) -> dict[str, Any]:
        return {
            "address": r.address,
            "law": r.law,
            "law_title": r.law_title,
            "article": r.label,
            "text": r.text,
            "url": article_url(r.law, r.label),
            "in_force": True,  # the search reads the versions in force today
        }

    return {
        "exact": out(outcome.exact) if outcome.exact else None,
        "results": [out(r) for r in outcome.results],
        "notice": outcome.notice,
        "more": outcome.more,
    }


routers = [("statutes", router)]

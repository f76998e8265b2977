"""/api/v1/causes: search the cause-of-action tree (案由 / 罪名) by characters or pinyin — public."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema

from smartcourt.core.api_errors import refuses
from smartcourt.core.errors import ApplicationError, NotFound
from smartcourt.courts.permissions import public

from .selectors_causes import cause_get_by_code, cause_path, cause_search

router = Router(tags=["案由"])


class CauseOut(Schema):
    code: str
    name: str
    path: list[str]
    level: int
    kind: str
    selectable: bool
    articles: str
    source: str


def _out(c) -> dict:  # type: ignore[no-untyped-def]
    return {
        "code": c.code,
        "name": c.name,
        "path": cause_path(cause=c),
        "level": c.level,
        "kind": c.kind,
        "selectable": c.selectable,
        "articles": c.articles,
        "source": c.source,
    }


@router.get(
    "/search",
    response=list[CauseOut],
    auth=None,
    openapi_extra=refuses(
        "检索词全为空白时返回 400 causes.empty_query；kind 不是 civil、criminal、administrative 时返回 400 causes.unknown_kind"
    ),
    summary="检索案由、罪名（汉字、全拼或拼音首字母）",
)
@public("the cause-of-action catalogue, the same for everyone")
def search(
    request: HttpRequest,
    q: Annotated[
        str,
        Field(
            min_length=1,
            max_length=50,
            description="检索词：汉字、全拼或拼音首字母；全为空白时返回 400 causes.empty_query",
        ),
    ],
    kind: Annotated[
        str,
        Field(
            max_length=20,
            description="civil、criminal 或 administrative；省略为全部，其他值返回 400 causes.unknown_kind",
        ),
    ] = "",
    limit: Annotated[int, Field(ge=1, le=50)] = 20,
) -> list[dict]:
    if not q.strip():
        raise ApplicationError("请输入检索词（汉字、拼音或拼音首字母，如 mjjd）。", code="causes.empty_query")
    if kind and kind not in ("civil", "criminal", "administrative"):
        raise ApplicationError("案由类别应为 civil、criminal 或 administrative。", code="causes.unknown_kind")
    return [_out(c) for c in cause_search(q=q, kind=kind or None, limit=limit)]


@router.get("/{code}", response=CauseOut, auth=None, summary="案由详情")
@public("the cause-of-action catalogue, the same for everyone")
def detail(request: HttpRequest, code: str) -> dict:
    cause = cause_get_by_code(code=code)
    if cause is None:
        raise NotFound("没有这个案由编码。")
    return _out(cause)

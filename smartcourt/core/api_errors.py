"""The API's error body and the statuses it is documented under: every refusal is `{code, message[, extra]}`.

Routers name an error status their operation may answer beyond the ones every operation of its kind gets
(`smartcourt.api` documents 400 for any input, 401 and 403 where a credential is needed, 404 for a path id) with
`errors(409)`, e.g. `response={200: CaseRow, **errors(409)}`.

A request the schema allows is accepted — unless the operation says why not: a statute rule, a combination of
fields or the record's state that no JSON schema expresses. Such an operation carries `openapi_extra=refuses(…)`,
and its 400 answer's description gives the reason (tests/contract/test_api_schemathesis.py holds every other
operation to accepting whatever its schema allows).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema


class ErrorOut(Schema):
    """一次拒绝：稳定的错误码（客户端据此判断）与可直接展示的中文说明。"""

    code: str = Field(..., description="稳定的错误码，如 invalid_input、not_found、case.illegal_transition")
    message: str = Field(..., description="中文说明：哪里有误、如何处理")
    extra: dict[str, Any] | None = Field(None, description="补充信息，如出错的字段")


# What each status means on this API (the Chinese text is the OpenAPI description of the response).
ERROR_DESCRIPTIONS: dict[int, Any] = {
    400: _("请求有误：参数缺失、格式或取值不正确，或请求体无法解析（code 如 invalid_input）"),
    401: _("未登录，或 API 令牌无效、已撤销（code: not_authenticated）"),
    403: _("无权执行此操作：权限表未授予，或浏览器会话的 CSRF 校验未通过（code: forbidden、csrf_failed）"),
    404: _("记录不存在，或您无权查看（两者答复相同，不泄露记录是否存在）"),
    409: _("操作与记录的当前状态冲突，如状态不允许此项变更、格口已被占用（code 如 conflict、case.illegal_transition）"),
    413: _("请求内容过大（code: too_large）"),
    429: _("请求过于频繁，请稍后再试（code: too_many_requests）"),
}


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`{status: ErrorOut}` for an operation's `response=`: the error statuses it may answer besides the usual."""
    unknown = set(statuses) - set(ERROR_DESCRIPTIONS)
    if unknown:
        raise ValueError(f"no description for error status {sorted(unknown)}")
    return dict.fromkeys(statuses, ErrorOut)


REFUSES_KEY = "x-refuses-valid-input"


def refuses(reason: str) -> dict[str, str]:
    """`openapi_extra` of an operation that refuses some requests its schema allows, saying why (in Chinese)."""
    return {REFUSES_KEY: reason}

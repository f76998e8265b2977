"""The JSON API at /api/v1/: one NinjaAPI, routers discovered from each app's `api.routers`.

Every error leaves as `{"code": ..., "message": ...}` with a Chinese message and a 4xx status — bad input, an
unparsable body, a refusal — and the OpenAPI schema documents it: each operation lists the error statuses it may
answer (`CourtAPI.get_openapi_schema`), with the one `ErrorOut` body (smartcourt.core.api_errors).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from smartcourt.core.api_errors import ERROR_DESCRIPTIONS, REFUSES_KEY, ErrorOut
from smartcourt.core.discovery import app_modules
from smartcourt.core.errors import ApplicationError
from smartcourt.courts.auth import SessionAuth, TokenAuth

logger = logging.getLogger(__name__)

_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


class CourtAPI(NinjaAPI):
    """The NinjaAPI whose schema documents every operation's error answers, not only its success."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_error_responses(schema)
        return schema


def document_error_responses(schema: dict) -> None:
    """Add the error statuses each operation may answer, all with the `ErrorOut` body: 400 where it takes any
    input (parameters or a body), 401 and 403 where it needs a credential (a refused grant; a session's CSRF),
    404 where a path names a record; and whatever its router declared (`errors(409)` …). An operation that
    refuses some schema-valid requests (`refuses(…)`) has the reason in its 400 answer's description."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            statuses: set[int] = set()
            parameters = operation.get("parameters", [])
            if parameters or "requestBody" in operation:
                statuses.add(400)
            if operation.get("security"):
                statuses |= {401, 403}
            if any(p.get("in") == "path" for p in parameters):
                statuses.add(404)
            responses = operation.setdefault("responses", {})
            statuses |= {int(code) for code in responses if str(code).isdigit() and int(code) >= 400}
            if REFUSES_KEY in operation:
                statuses.add(400)
            for status in sorted(statuses):
                entry = responses.setdefault(status, {})
                entry["description"] = str(ERROR_DESCRIPTIONS[status])
                if status == 400 and REFUSES_KEY in operation:
                    entry["description"] += _("；此外：%(reason)s") % {"reason": operation[REFUSES_KEY]}
                entry["content"] = {"application/json": {"schema": _ERROR_REF}}


api = CourtAPI(
    title="smartcourt API",
    version="1",
    description="智慧法院平台接口。错误统一返回 {code, message}。",
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, code: str, message: str, extra: dict | None = None) -> HttpResponse:
    body: dict = {"code": code, "message": message}
    if extra:
        body["extra"] = extra
    return api.create_response(request, body, status=status)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _error(request, exc.status, exc.code, str(exc.message), exc.extra)


def _reason(err: dict) -> str:
    """One pydantic error in Chinese (the field is named by the caller)."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    reasons = {
        "missing": _("必填"),
        "int_parsing": _("应为整数"),
        "int_type": _("应为整数"),
        "int_from_float": _("应为整数"),
        "float_parsing": _("应为数字"),
        "decimal_parsing": _("应为数字"),
        "bool_parsing": _("应为 true 或 false"),
        "date_parsing": _("应为日期（YYYY-MM-DD）"),
        "date_from_datetime_parsing": _("应为日期（YYYY-MM-DD）"),
        "datetime_parsing": _("应为日期时间（ISO 8601）"),
        "string_type": _("应为文本"),
        "string_pattern_mismatch": _("格式不正确"),
        "enum": _("取值应为 %(expected)s 之一") % {"expected": ctx.get("expected", "")},
        "literal_error": _("取值应为 %(expected)s 之一") % {"expected": ctx.get("expected", "")},
        "greater_than_equal": _("不能小于 %(limit)s") % {"limit": ctx.get("ge", "")},
        "greater_than": _("应大于 %(limit)s") % {"limit": ctx.get("gt", "")},
        "less_than_equal": _("不能大于 %(limit)s") % {"limit": ctx.get("le", "")},
        "less_than": _("应小于 %(limit)s") % {"limit": ctx.get("lt", "")},
        "string_too_long": _("最多 %(limit)s 个字符") % {"limit": ctx.get("max_length", "")},
        "string_too_short": _("至少 %(limit)s 个字符") % {"limit": ctx.get("min_length", "")},
        "too_long": _("最多 %(limit)s 项") % {"limit": ctx.get("max_length", "")},
        "too_short": _("至少 %(limit)s 项") % {"limit": ctx.get("min_length", "")},
        "list_type": _("应为列表"),
        "dict_type": _("应为对象"),
        "model_attributes_type": _("应为对象"),
        "model_type": _("应为对象"),
        "uuid_parsing": _("应为 UUID"),
    }
    return str(reasons.get(kind, _("取值无效")))


def _describe_validation_errors(errors: list[dict]) -> tuple[str, list[dict]]:
    details = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "form", "file")]
        details.append({"field": ".".join(loc), "type": err.get("type", ""), "detail": _reason(err)})
    if any(d["type"] == "json_invalid" for d in details):
        return _("请求体不是有效的 JSON。"), details
    parts = [f"{d['field']}（{d['detail']}）" if d["field"] else d["detail"] for d in details[:5]]
    return _("请求参数有误：%(fields)s。") % {"fields": "；".join(parts)}, details


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    message, details = _describe_validation_errors(list(exc.errors))
    return _error(request, 400, "invalid_input", message, {"errors": details})


@api.exception_handler(MultiPartParserError)
def _multipart_error(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _error(
        request, 400, "invalid_input", _("请求体不是有效的 multipart/form-data（缺少分隔符 boundary 或格式有误）。")
    )


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "too_large", _("请求内容过大。"))


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    # Too many fields or files, a malformed header …: Django's own guards, answered as bad input.
    return _error(request, 400, "bad_request", _("请求有误，请检查后重试。"))


@api.exception_handler(UnicodeDecodeError)
def _undecodable(request: HttpRequest, exc: UnicodeDecodeError) -> HttpResponse:
    return _error(request, 400, "invalid_input", _("请求内容不是有效的 UTF-8 文本。"))


@api.exception_handler(DjangoValidationError)
def _django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    extra = exc.message_dict if hasattr(exc, "error_dict") else {"errors": exc.messages}
    return _error(request, 400, "invalid_input", "；".join(exc.messages), extra)


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", _("请先登录，或提供有效的 API 令牌。"))


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("您没有执行此操作的权限。"))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("记录不存在，或您无权查看。"))


_HTTP_ERRORS = {
    400: ("bad_request", _("请求有误，请检查后重试。")),
    401: ("not_authenticated", _("请先登录，或提供有效的 API 令牌。")),
    403: ("forbidden", _("请求被拒绝（CSRF 校验失败或权限不足），请刷新页面后重试。")),
    404: ("not_found", _("记录不存在，或您无权查看。")),
    405: ("method_not_allowed", _("不支持该请求方法。")),
    409: ("conflict", _("操作与当前状态冲突，请刷新后重试。")),
    413: ("too_large", _("请求内容过大。")),
    429: ("too_many_requests", _("请求过于频繁，请稍后再试。")),
}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(request, 400, "invalid_input", _("请求体不是有效的 JSON。"))
    code, message = _HTTP_ERRORS.get(exc.status_code, ("error", _("请求无法处理。")))
    return _error(request, exc.status_code, code, str(message))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    from smartcourt.core.views import outage, service_unavailable

    if outage(exc):  # the database or Redis is out: 503 {code, message}, as the pages' static 503 (docs/deploy.md)
        logger.error("API request during an outage: %s", exc)
        return service_unavailable(request)
    logger.exception("unhandled API error", exc_info=exc)
    if settings.DEBUG:
        raise exc
    return _error(request, 500, "server_error", _("服务器内部错误，已记录，请稍后重试。"))


def _discover_routers() -> None:
    for _config, module in app_modules("api"):
        for prefix, router in getattr(module, "routers", []):
            api.add_router(prefix, router)


_discover_routers()

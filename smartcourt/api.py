"""The JSON API at /api/v1/: one NinjaAPI, routers discovered from each app's `api.routers`.

Every error leaves as `{"code": ..., "message": ...}` with a Chinese message and a 4xx status.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from smartcourt.core.discovery import app_modules
from smartcourt.core.errors import ApplicationError
from smartcourt.courts.auth import SessionAuth, TokenAuth

logger = logging.getLogger(__name__)

api = NinjaAPI(
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


def _describe_validation_errors(errors: list[dict]) -> tuple[str, list[dict]]:
    details = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        details.append({"field": ".".join(loc), "type": err.get("type", ""), "detail": err.get("msg", "")})
    fields = "、".join(d["field"] for d in details if d["field"])
    if any(d["type"] == "json_invalid" for d in details):
        return _("请求体不是有效的 JSON。"), details
    return (_("请求参数有误：%(fields)s。") % {"fields": fields} if fields else _("请求参数有误。")), details


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    message, details = _describe_validation_errors(list(exc.errors))
    return _error(request, 400, "invalid_input", message, {"errors": details})


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
    logger.exception("unhandled API error", exc_info=exc)
    if settings.DEBUG:
        raise exc
    return _error(request, 500, "server_error", _("服务器内部错误，已记录，请稍后重试。"))


def _discover_routers() -> None:
    for _config, module in app_modules("api"):
        for prefix, router in getattr(module, "routers", []):
            api.add_router(prefix, router)


_discover_routers()

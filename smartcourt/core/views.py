"""Error pages and health check: every refusal explains itself in Chinese; the API path answers in JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcourt.core.access import public
from smartcourt.core.errors import ApplicationError


def flash_action(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    """Run a page form's service call and report it as a flash message: `success`, or the refusal's own Chinese
    message (ApplicationError). The caller redirects either way (post/redirect/get)."""
    try:
        action()
        messages.success(request, success)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or request.headers.get("accept", "").startswith("application/json")


def _error(request: HttpRequest, status: int, code: str, title: str, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(
            {"code": code, "message": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "core/error.html", {"status": status, "title": title, "message": message}, status=status)


def error_response(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    titles = {401: _("请先登录"), 403: _("无权访问"), 404: _("页面不存在"), 409: _("操作冲突")}
    return _error(request, exc.status, exc.code, titles.get(exc.status, _("请求无法处理")), str(exc.message))


def too_large(request: HttpRequest, message: str) -> HttpResponse:
    """413: a request body beyond its route's limit (refused unread, `RequestBodyLimitMiddleware`)."""
    # No "Connection: close" here: a hop-by-hop header is the server's to set (wsgiref refuses it from an app); the
    # server skips the unread body without keeping it.
    return _error(request, 413, "request.too_large", _("提交的内容过大"), message)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "csrf_failed",
        _("请求已失效"),
        _("页面安全校验（CSRF）未通过：页面可能已过期或请求来源不明。请刷新页面后重新提交。"),
    )


def lockout(request: HttpRequest, credentials: dict | None = None, *args: object, **kwargs: object) -> HttpResponse:
    # Locked by the account's failures (from any address) or by the address's (on any account): one message for both.
    message = _("登录失败次数过多，已临时锁定 15 分钟（按账户及网络地址计）。请稍后再试，或联系系统管理员解锁。")
    if _wants_json(request):
        return JsonResponse(
            {"code": "account_locked", "message": message}, status=429, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "courts/login.html", {"locked": True, "lock_message": message, "form": None}, status=429)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "bad_request", _("请求有误"), _("请求格式不正确，请检查后重试。"))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "forbidden", _("无权访问"), _("您没有访问此页面的权限。如有疑问请联系本院系统管理员。"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "not_found", _("页面不存在"), _("记录不存在，或您无权查看。"))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "server_error", _("服务器错误"), _("服务器内部错误，已记录，请稍后重试。"))


FAVICON = "img/favicon.ico"


@public("the site's icon: a static file")
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, where browsers look for it whatever the page says: the icon from the static files."""
    path = finders.find(FAVICON)  # the source file: present whether or not collectstatic has run
    if path:
        content = Path(str(path)).read_bytes()
    else:
        with staticfiles_storage.open(FAVICON) as icon:
            content = icon.read()
    response = HttpResponse(content, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@public("health check: answers only whether the database is up, no record")
def healthz(request: HttpRequest) -> HttpResponse:
    """Up (the database answers), with the codes of the deployment's warnings — a missing virus scanner is said,
    never skipped (the details are on the administrators' system status panel; this page is public)."""
    from smartcourt.core.intake.scan import scanner_warning

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    warnings = ["intake.no_virus_scanner"] if scanner_warning() else []
    return JsonResponse({"status": "ok", "warnings": warnings})

"""Error pages and health check: every refusal explains itself in Chinese; the API path answers in JSON."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcourt.core.access import public
from smartcourt.core.errors import ApplicationError

logger = logging.getLogger(__name__)


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
    """handler500. During an outage of the database or of Redis, a static Chinese 503 that needs neither (the site's
    error page has the menu, which reads the database); if the error page itself cannot be drawn, a static 500."""
    if outage(sys.exc_info()[1]):
        return service_unavailable(request)
    try:
        return _error(request, 500, "server_error", _("服务器错误"), _("服务器内部错误，已记录，请稍后重试。"))
    except Exception:
        logger.exception("the error page could not be drawn: static 500 instead")
        return _static_page(request, 500)


# Static error pages (templates/errors/): plain HTML, no template tag, no context, no database; nginx serves the
# same 503 file when gunicorn does not answer (deploy/nginx). Read once, at the first outage.
ERROR_PAGES = Path(__file__).resolve().parent.parent / "templates" / "errors"
RETRY_AFTER_SECONDS = 30


@lru_cache(maxsize=4)
def _static_page_bytes(status: int) -> bytes:
    return (ERROR_PAGES / f"{status}.html").read_bytes()


def outage(exc: BaseException | None) -> bool:
    """Whether `exc` says a backing service is out (the database or Redis unreachable, a connection lost), rather
    than a fault in the code."""
    from django.db import InterfaceError, OperationalError

    if isinstance(exc, OperationalError | InterfaceError):
        return True
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        return False
    return isinstance(exc, RedisConnectionError | RedisTimeoutError)


def _static_page(request: HttpRequest, status: int) -> HttpResponse:
    if _wants_json(request):  # the API keeps answering {code, message}
        message = _("服务暂时不可用，请稍后重试。") if status == 503 else _("服务器内部错误，已记录，请稍后重试。")
        code = "service_unavailable" if status == 503 else "server_error"
        response: HttpResponse = JsonResponse(
            {"code": code, "message": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(_static_page_bytes(status), status=status, content_type="text/html; charset=utf-8")
        # its own policy (django-csp leaves a response that has one): the page's one inline style, nothing else
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 while the database or Redis is out: the static page (or `{code, message}` JSON for the API)."""
    return _static_page(request, 503)


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

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "warnings": ["database.unreachable"]}, status=503)
    warnings = ["intake.no_virus_scanner"] if scanner_warning() else []
    return JsonResponse({"status": "ok", "warnings": warnings})


@public("readiness for monitoring and deploys: whether each part is ready, no record; details to operators only")
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """200 when every readiness probe (core.readiness: database, cache, queue not stalled, scheduler, ledger lag) is
    ready, else 503 naming the ones that are not. Why, and each probe's figures, only for the operators' networks
    (METRICS_ALLOWED_NETWORKS, as /metrics); everyone else sees the names and true/false."""
    from smartcourt.core.readiness import run_probes

    results = run_probes()
    ready = all(r.ok for r in results)
    body: dict[str, object] = {"status": "ready" if ready else "not_ready", "checks": {r.name: r.ok for r in results}}
    if operator_request(request):
        body["details"] = {r.name: r.detail for r in results if r.detail}
    response = JsonResponse(body, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


def operator_request(request: HttpRequest) -> bool:
    """From a network that may read operational figures (settings.METRICS_ALLOWED_NETWORKS, the client address as
    core.client_ip sees it behind the proxy), or bearing settings.METRICS_TOKEN."""
    import hmac
    import ipaddress

    from django.conf import settings

    from smartcourt.core.client_ip import client_ip

    token = getattr(settings, "METRICS_TOKEN", "")
    sent = request.headers.get("authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return False
    networks = getattr(settings, "METRICS_ALLOWED_NETWORKS", ["127.0.0.1/32", "::1/128"])
    return any(
        address.version == n.version and address in n
        for n in (ipaddress.ip_network(entry, strict=False) for entry in networks)
    )


@public("Prometheus metrics: answered only to the operators' networks or token (operator_request), 404 otherwise")
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format: django-prometheus' request counts and latency (every gunicorn worker's, in its
    multiprocess mode), and the readiness probes' gauges (queue depth, ledger lag …) read now. nginx refuses the path
    from outside too (deploy/nginx); this check is the second lock."""
    if not operator_request(request):
        return page_not_found(request)
    from smartcourt.core.metrics import exposition

    body, content_type = exposition()
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response

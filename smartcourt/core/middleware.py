"""The project's middleware: correlation ids, the court's language, request bodies beyond their route's limit
refused unread, staff's second factor (TOTP) before anything but the sign-in pages, refusals as 4xx pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# Only signing in (password, then the code or binding an authenticator) and out come before the second factor; the
# account's own pages (security, API tokens, who viewed my data) come after it. The API checks it in SessionAuth.
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/",
    "/static/",
    "/i18n/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/api/v1/",
    "/favicon.ico",
)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.grants_per_request = True  # read its grants once for this request (User.role_grants)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and user.requires_two_factor
            and not user.is_verified()
        ):
            if request.headers.get("accept", "").startswith("application/json"):
                return JsonResponse({"code": "two_factor_required", "message": _("请先完成双因素认证。")}, status=401)
            # Keep where the person was going (a scanned label's QR opens a bundle page), so the code step leads there.
            target = request.get_full_path()
            if request.method == "GET" and target != "/":
                return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': target})}")
            return redirect("accounts:otp")
        return self.get_response(request)


class ApplicationErrorMiddleware:
    """A refusal raised in a page view (NotFound, Forbidden, a rule's refusal) becomes its 4xx page, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from smartcourt.core.errors import ApplicationError
        from smartcourt.core.views import error_response

        if isinstance(exception, ApplicationError):
            return error_response(request, exception)
        return None


class CourtLanguageMiddleware:
    """Simplified Chinese unless the person chose another language (the language switch sets a cookie, and counts
    only while settings.LANGUAGE_SWITCH offers the switch).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a court system is Chinese by default
    whatever browser a clerk's workstation happens to ship with.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        # the cookie counts only while the switch is offered: nobody stays in a language they cannot switch back from
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "") if settings.LANGUAGE_SWITCH else ""
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class CorrelationIdMiddleware:
    """Each request is one action: every row it writes shares one correlation id, returned as `X-Correlation-ID`
    so a support call can quote it. Always generated here; an id sent by the client is ignored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from smartcourt.core.correlation import HEADER, correlation_scope

        with correlation_scope() as action_id:
            request.correlation_id = action_id  # type: ignore[attr-defined]
            response = self.get_response(request)
        response.headers[HEADER] = str(action_id)
        return response


class RequestBodyLimitMiddleware:
    """A body larger than its route takes (`core.request_limits`) is refused from its Content-Length with 413 —
    a Chinese page, or `{code, message}` JSON under /api/ — before any byte of it is read. Placed before anything
    that reads the body (CSRF reads POST in process_view, which runs only after every middleware's __call__)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from smartcourt.core.request_limits import smallest_body_bytes

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: an unreadable length is an empty body
        if length > smallest_body_bytes():
            refused = self._refusal(request, length)
            if refused is not None:
                return refused
        return self.get_response(request)

    @staticmethod
    def _refusal(request: HttpRequest, length: int) -> HttpResponse | None:
        from django.urls import Resolver404, resolve

        from smartcourt.core.intake.limits import size_label
        from smartcourt.core.request_limits import MB, body_limit_for
        from smartcourt.core.views import too_large

        try:
            view_name: str | None = resolve(request.path_info, getattr(request, "urlconf", None)).view_name
        except Resolver404:
            view_name = None
        body_limit, file_limit = body_limit_for(view_name)
        if length <= body_limit:
            return None
        message = _("提交的内容共 %(size).1f MB，超过此处 %(limit)s 的上限，未予接收。请压缩或拆分文件后分批上传。") % {
            "size": length / MB,
            "limit": size_label(file_limit),
        }
        return too_large(request, message)

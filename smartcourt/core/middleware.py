"""Staff must pass a second factor (TOTP) before anything but the sign-in pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/api/v1/", "/favicon.ico")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
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

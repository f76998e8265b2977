"""Sign-in (password → TOTP for staff), the workbench, and "who viewed my data"."""

from __future__ import annotations

import base64
import io
import re

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.errors import ApplicationError, NotAuthenticated, NotFound
from smartcourt.core.privacy import personal_data
from smartcourt.core.redirects import next_url
from smartcourt.core.selectors import personal_data_views_for_subjects
from smartcourt.core.services import AuditAction, audit_record

from .navigation import user_roles
from .permissions import public
from .selectors import user_is_person
from .selectors_staff import (
    api_token_get_own,
    api_tokens_of,
    totp_enrolled,
    totp_enrolment_code_find,
    totp_enrolment_code_get,
)
from .selectors_subjects import data_subjects_of
from .services import (
    api_token_create,
    api_token_revoke,
    password_change,
    totp_device_confirm,
    totp_device_start,
)
from .workbench import panels_for


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("用户名或密码不正确。连续失败 5 次将锁定 15 分钟。"),
        "inactive": gettext_lazy("该账户已停用，请联系系统管理员。"),
    }


@public("sign-in: anyone may try (django-axes locks after failures)")
class LoginView(auth_views.LoginView):
    """Password sign-in for everyone; staff continue to the TOTP step (StaffTwoFactorMiddleware)."""

    template_name = "courts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(actor=form.get_user(), action=AuditAction.AUTH_LOGIN, kind="auth", request=self.request)
        return response


class StaffLoginView(LoginView):
    """The staff entrance (法院工作人员入口, /staff/login/): user name, password, then the second factor."""


class LitigantLoginView(LoginView):
    """Sign-in for parties and lawyers (/login/): the phone number they registered with and the password."""

    template_name = "courts/login_litigant.html"


# Pages of the public side: a visitor sent to sign in on the way to one of them is a litigant, not court staff.
_LITIGANT_PAGES = re.compile(r"^/(portal/|filing/new/|filing/\d+/|service/inbox/|service/s/)")


class LoginRouterView(LoginView):
    """/accounts/login/, where every sign-in link used to point and LOGIN_URL still points: a page on the public side
    sends the visitor to the litigants' sign-in, anything else to the staff entrance, `next` kept. A form posted
    here (an old page) still signs in."""

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_authenticated:
            return super().get(request, *args, **kwargs)
        target = request.GET.get("next", "")
        name = "litigant_login" if _LITIGANT_PAGES.match(target) else "staff_login"
        url = reverse(name)
        return redirect(f"{url}?{urlencode({'next': target})}" if target else url)


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("6 位验证码"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": gettext_lazy("验证码为 6 位数字。"), "required": gettext_lazy("请输入验证码。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _demo_code(device: TOTPDevice) -> str | None:
    """In demo mode only: the code the demo login would read off its authenticator app."""
    if not settings.DEMO_MODE or not device.user.username.startswith("demo_"):
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return next_url(request, target, fallback=settings.LOGIN_REDIRECT_URL)


@public("the signed-in person's own second factor")
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in for staff: a TOTP code (throttled by django-otp after wrong codes)."""
    user = request.user
    if not user.requires_two_factor or user.is_verified():
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = django_otp.match_token(user, form.cleaned_data["token"].strip())
        if verified is not None:
            django_otp.login(request, verified)
            audit_record(actor=user, action=AuditAction.AUTH_TOTP_VERIFIED, kind="auth", request=request)
            return redirect(_next_url(request))
        audit_record(actor=user, action=AuditAction.AUTH_TOTP_FAILED, kind="auth", request=request)
        allowed, _info = device.verify_is_allowed()
        form.add_error("token", _("验证码不正确或已过期。") if allowed else _("尝试次数过多，请稍候再试。"))
    return render(
        request, "courts/otp_verify.html", {"form": form, "demo_code": _demo_code(device), "next": _next_url(request)}
    )


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("绑定码"),
        max_length=16,
        error_messages={"required": gettext_lazy("请输入系统管理员发放的绑定码。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
    )


_ENROLMENT_SESSION_KEY = "otp_enrolment_code"


@public("the signed-in person enrols their own authenticator")
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app (first sign-in of a staff member, or a new phone): the password is not enough —
    first the one-time enrolment code an administrator issued (绑定码), then the secret is shown, once, until the
    first code from the app confirms it. After that the secret is never shown again, anywhere."""
    user = request.user
    if not user_is_person(user):
        raise NotAuthenticated()
    if not user.requires_two_factor:
        return redirect(settings.LOGIN_REDIRECT_URL)
    enrolment = totp_enrolment_code_get(user=user, code_id=request.session.get(_ENROLMENT_SESSION_KEY))
    if enrolment is None:
        code_form = EnrolmentCodeForm(request.POST if request.POST.get("step") == "code" else None)
        if request.method == "POST" and code_form.is_valid():
            enrolment = totp_enrolment_code_find(user=user, code=code_form.cleaned_data["code"])
            if enrolment is not None:
                request.session[_ENROLMENT_SESSION_KEY] = enrolment.pk
                totp_device_start(user=user)
                return redirect("accounts:otp_setup")
            audit_record(actor=user, action=AuditAction.AUTH_TOTP_FAILED, kind="auth", request=request)
            code_form.add_error("code", _("绑定码不正确、已使用或已过期，请向系统管理员重新领取。"))
        return render(
            request,
            "courts/otp_enrol_code.html",
            {"form": code_form, "enrolled": totp_enrolled(user=user)},
            status=400 if code_form.errors else 200,
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            totp_device_confirm(device=device, enrolment_code=enrolment, request=request)
            request.session.pop(_ENROLMENT_SESSION_KEY, None)
            django_otp.login(request, device)
            messages.success(request, _("身份验证器已绑定，今后登录请输入其中显示的验证码。"))
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", _("验证码不正确，请确认手机时间准确后重试。"))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "courts/otp_setup.html",
        {
            "form": form,
            "secret": secret,
            "qr": _qr_data_uri(device.config_url),
            "demo_code": _demo_code(device),
        },
    )


@login_required
@personal_data
def workbench(request: HttpRequest) -> HttpResponse:
    """The landing page: the panels of every role the person holds."""
    roles = user_roles(request.user)
    panels = [{"panel": p, "context": p.context(request)} for p in panels_for(roles)]
    return render(request, "courts/workbench.html", {"panels": panels, "roles": roles})


@public("who viewed my personal data: only reads of the signed-in person's own data")
@login_required
@personal_data
def data_access(request: HttpRequest) -> HttpResponse:
    """Who viewed my personal data (个人信息保护法 Art. 44–45: the right to know and to consult)."""
    page = Paginator(personal_data_views_for_subjects(subjects=data_subjects_of(user=request.user)), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "courts/data_access.html", {"page": page})


@public("the signed-in person's own account security: their password, API tokens and authenticator")
@login_required
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """My account's security (账户安全): change the password (which ends every API token), list, issue and revoke my
    API tokens, and the state of my authenticator app (its secret is never shown here)."""
    user = request.user
    if not user_is_person(user):
        raise NotAuthenticated()
    errors: dict[str, str] = {}
    new_token: str | None = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "password":
                if request.POST.get("new_password") != request.POST.get("new_password2"):
                    raise ApplicationError(
                        _("两次输入的新密码不一致。"), code="courts.password_mismatch", extra={"field": "new_password2"}
                    )
                revoked = password_change(
                    user=user,
                    old_password=request.POST.get("old_password", ""),
                    new_password=request.POST.get("new_password", ""),
                    request=request,
                )
                update_session_auth_hash(request, user)  # this session stays signed in; other sessions end
                messages.success(request, _("密码已修改。已吊销 %(n)s 个 API 令牌，请按需重新创建。") % {"n": revoked})
                return redirect("accounts:security")
            if action == "token_create":
                days = (request.POST.get("lifetime_days") or "").strip()
                if days and not days.isdigit():
                    raise ApplicationError(
                        _("有效期应为整数天。"), code="courts.token_lifetime", extra={"field": "lifetime_days"}
                    )
                _token, new_token = api_token_create(
                    user=user, name=request.POST.get("name", ""), lifetime_days=int(days) if days else None
                )
            elif action == "token_revoke":
                token_id = request.POST.get("token", "")
                token = api_token_get_own(user=user, token_id=int(token_id)) if token_id.isdigit() else None
                if token is None:
                    raise NotFound()
                api_token_revoke(token=token, actor=user)
                messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
                return redirect("accounts:security")
        except ApplicationError as exc:
            field = str(exc.extra.get("field") or "form")
            errors[field] = str(exc.message)
            status = exc.status if exc.status >= 400 else 400
    return render(
        request,
        "courts/security.html",
        {
            "tokens": api_tokens_of(user=user),
            "now": timezone.now(),
            "new_token": new_token,
            "errors": errors,
            "post": request.POST if errors else {},
            "staff": user.requires_two_factor,
            "enrolled": totp_enrolled(user=user),
            "lifetime_days": settings.API_TOKEN_LIFETIME_DAYS,
        },
        status=status,
    )

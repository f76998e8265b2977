"""Sign-in (password → TOTP for staff), the workbench, and "who viewed my data"."""

from __future__ import annotations

import base64
import io

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.redirects import next_url
from smartcourt.core.selectors import personal_data_views_for_subjects
from smartcourt.core.services import AuditAction, audit_record

from .navigation import user_roles
from .permissions import public
from .selectors_subjects import data_subjects_of
from .services import totp_device_confirm, totp_device_start
from .workbench import panels_for


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("用户名或密码不正确。连续失败 5 次将锁定 15 分钟。"),
        "inactive": gettext_lazy("该账户已停用，请联系系统管理员。"),
    }


@public("sign-in: anyone may try (django-axes locks after failures)")
class LoginView(auth_views.LoginView):
    template_name = "courts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(actor=form.get_user(), action=AuditAction.AUTH_LOGIN, kind="auth", request=self.request)
        return response


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


@public("the signed-in person enrols their own authenticator")
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (first sign-in of a staff member)."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:otp")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            totp_device_confirm(device=device, request=request)
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
def workbench(request: HttpRequest) -> HttpResponse:
    """The landing page: the panels of every role the person holds."""
    roles = user_roles(request.user)
    panels = [{"panel": p, "context": p.context(request)} for p in panels_for(roles)]
    return render(request, "courts/workbench.html", {"panels": panels, "roles": roles})


@public("who viewed my personal data: only reads of the signed-in person's own data")
@login_required
def data_access(request: HttpRequest) -> HttpResponse:
    """Who viewed my personal data (个人信息保护法 Art. 44–45: the right to know and to consult)."""
    page = Paginator(personal_data_views_for_subjects(subjects=data_subjects_of(user=request.user)), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "courts/data_access.html", {"page": page})

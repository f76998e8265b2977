"""Public-side pages (诉讼服务): registration and real-name verification, my filings and cases, public progress
lookup and the 24-hour kiosk. (The SMS / e-mail outbox is core's one outbox page; /portal/outbox/ redirects there.)"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

import qrcode
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from smartcourt.cases.rules import identity as id_rules
from smartcourt.cases.selectors_causes import cause_get_by_code
from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.core.params import int_param
from smartcourt.courts.permissions import Action, Resource, permits, public
from smartcourt.courts.selectors import SYSTEM, court_get_by_code, court_list
from smartcourt.filing import selectors as filing_selectors
from smartcourt.filing import services as filing_services
from smartcourt.filing.forms import errors_by_field
from smartcourt.filing.payments import PROVIDERS as PAYMENT_PROVIDERS
from smartcourt.filing.rules import relief as relief_rules
from smartcourt.filing.rules.filing_input import PartyData

from . import selectors, services
from .models import LitigantAccount

if TYPE_CHECKING:
    from smartcourt.courts.models import Court


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@public("registration: anyone may register; a new account holds no grant")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Registration for parties and lawyers (phone number = login name)."""
    errors: dict[str, str] = {}
    kind = request.POST.get("kind") or request.GET.get("kind") or "party"
    courts = court_list().filter(level="basic")
    if request.method == "POST":
        code = request.POST.get("court", "")
        court = court_get_by_code(code=code) if code else courts.first()
        if request.POST.get("password") != request.POST.get("password2"):
            errors["password2"] = "两次输入的密码不一致。"
        elif request.POST.get("agree") != "on":
            errors["agree"] = "请阅读并同意平台用户协议与个人信息处理规则。"
        elif court is None:
            errors["court"] = "请选择常用法院。"
        else:
            try:
                user = services.litigant_register(
                    kind=kind,
                    full_name=request.POST.get("full_name", ""),
                    phone=request.POST.get("phone", ""),
                    password=request.POST.get("password", ""),
                    court=court,
                    licence_no=request.POST.get("licence_no", ""),
                    law_firm=request.POST.get("law_firm", ""),
                    email=request.POST.get("email", ""),
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("portal:verify")
            except ApplicationError as exc:
                errors = errors_by_field(exc)
    return render(
        request, "portal/register.html", {"errors": errors, "kind": kind, "courts": courts, "post": request.POST}
    )


@public("the signed-in person's own real-name verification")
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Real-name verification (在线诉讼规则 Art. 7): ID number + ID photo, then staff approval."""
    account = selectors.account_get(user=request.user)
    if account is None:
        raise Forbidden("工作人员账户无需实名认证。")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            account = services.identity_submit(
                user=request.user, id_number=request.POST.get("id_number", ""), photo=request.FILES.get("id_photo")
            )
            messages.success(request, "已提交，法院工作人员核验后通知您。")
            return redirect("portal:verify")
        except ApplicationError as exc:
            errors = errors_by_field(exc)
    return render(request, "portal/verify.html", {"account": account, "errors": errors, "post": request.POST})


@login_required
@require_http_methods(["GET", "POST"])
def verification_queue(request: HttpRequest) -> HttpResponse:
    if not permits(user=request.user, resource=Resource.IDENTITY, action=Action.VIEW):
        raise Forbidden()
    if request.method == "POST":
        account_id = int_param(request.POST.get("account"), min_value=1)  # "abc" was a ValueError, a 500
        account = LitigantAccount.objects.filter(pk=account_id).first() if account_id is not None else None
        if account is None:
            raise Http404
        try:
            services.identity_review(
                account=account,
                actor=request.user,
                approve=request.POST.get("approve") == "yes",
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, "已处理。")
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        return redirect("portal:verification_queue")
    return render(
        request, "portal/verification_queue.html", {"accounts": selectors.verification_queue(user=request.user)}
    )


@login_required
@require_GET
def id_photo(request: HttpRequest, account_id: int) -> HttpResponse:
    if not permits(user=request.user, resource=Resource.IDENTITY, action=Action.VIEW):
        raise Forbidden()
    account = LitigantAccount.objects.filter(pk=account_id).first()
    if account is None or not account.id_photo:
        raise Http404
    from smartcourt.core.services import personal_data_read_record

    personal_data_read_record(
        actor=request.user, subject=f"user:{account.user_id}", target=account, reason="实名认证核验", request=request
    )
    data = account.id_photo.read()
    return HttpResponse(data, content_type="image/png" if data.startswith(b"\x89PNG") else "image/jpeg")


@login_required
@require_GET
def my_filings(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/my_filings.html", {"filings": filing_selectors.filing_list_for_filer(user=request.user)[:100]}
    )


@login_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/my_cases.html", {"cases": selectors.my_cases(user=request.user)[:100]})


@login_required
@require_http_methods(["GET", "POST"])
def filing_detail(request: HttpRequest, filing_id: int) -> HttpResponse:
    """A filer's view of one filing: status, the clock, a correction notice, the fee notice and how to pay."""
    filing = filing_selectors.filing_get_for_user(filing_id=filing_id, user=request.user)
    errors: dict[str, str] = {}
    notice = filing_selectors.fee_notice_for_filing(filing=filing)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "pay" and notice is not None:
                filing_services.payment_report(
                    notice=notice,
                    actor=request.user,
                    provider=request.POST.get("provider", "bank_transfer"),
                    reference=request.POST.get("reference", ""),
                    amount=request.POST.get("amount", ""),
                )
                messages.success(request, "已提交交费凭证，待法院确认到账。")
            elif action == "relief":
                filing_services.fee_relief_apply(
                    filing=filing,
                    actor=request.user,
                    ground=request.POST.get("ground", ""),
                    statement=request.POST.get("statement", ""),
                )
                messages.success(request, "已提交司法救助申请。")
            elif action == "authorise":
                lawyer = selectors.lawyer_find(licence_no=request.POST.get("licence_no", ""))
                if lawyer is None:
                    raise services.AccountInputError("未找到该执业证号的已认证律师。", field="licence_no")
                filing_services.authorisation_grant(
                    filing=filing,
                    party_user=request.user,
                    lawyer=lawyer,
                    authority=request.POST.get("authority", "一般授权"),
                )
                messages.success(request, f"已委托{lawyer.get_full_name()}律师。")
            elif action == "withdraw":
                filing_services.filing_withdraw(filing=filing, actor=request.user)
                messages.success(request, "已撤回立案申请。")
            return redirect("portal:filing_detail", filing.pk)
        except ApplicationError as exc:
            errors = errors_by_field(exc)
    provider = PAYMENT_PROVIDERS["bank_transfer"]
    return render(
        request,
        "portal/filing_detail.html",
        {
            "filing": filing,
            "events": filing_selectors.filing_public_events(filing=filing),
            "evidence": filing_selectors.filing_evidence(filing=filing),
            "correction": filing_selectors.correction_open(filing=filing),
            "notice": notice,
            "instructions": provider.instructions(notice) if notice else None,
            "grounds": relief_rules.GROUNDS,
            "reliefs": filing.fee_reliefs.all(),
            "authorisations": filing.authorisations.filter(revoked_at__isnull=True).select_related("lawyer"),
            "errors": errors,
            "submitted": request.GET.get("submitted") == "1",
            "is_filer": filing.filer_id == request.user.pk,
            "lookup_url": request.build_absolute_uri(reverse("portal:lookup") + f"?ref={filing.reference}"),
        },
        status=400 if errors else 200,
    )


@public("progress by reference and verification code: the code is the credential; answers one filing's progress")
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Public progress lookup: reference (or case number) + verification code; no login."""
    ref = (request.POST.get("ref") or request.GET.get("ref") or "").strip()
    code = (request.POST.get("code") or "").strip()
    filing = None
    error = ""
    if request.method == "POST":
        filing = filing_selectors.filing_lookup_public(reference=ref, code=code)
        if filing is None:
            error = "未查到：请核对立案申请号和查询码（查询码见提交回执）。"
    return render(
        request,
        "portal/lookup.html",
        {
            "ref": ref,
            "filing": filing,
            "error": error,
            "events": filing_selectors.filing_public_events(filing=filing) if filing else [],
        },
    )


# ---------------------------------------------------------------- kiosk (24-hour terminal)


@public("the kiosk's start page: a public terminal in the litigation service centre")
@require_GET
def kiosk_start(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/kiosk_start.html", {"courts": court_list().filter(level="basic")})


@public("the filing kiosk: a public terminal; what it files goes to filing review")
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, court_code: str) -> HttpResponse:
    """One full-screen form: identity (typed ID number, checked at once), defendant, claim, court, a document upload."""
    kiosk_court = court_get_by_code(code=court_code)
    if kiosk_court is None:
        raise Http404
    errors: dict[str, str] = {}
    post = request.POST
    causes = filing_selectors.common_causes()
    if request.method == "POST":
        check = id_rules.validate_resident_id(post.get("id_number", ""))
        if not check.ok:
            errors["id_number"] = check.message
        else:
            try:
                receipt = _kiosk_file(request, kiosk_court)
                return redirect("portal:kiosk_receipt", receipt)
            except ApplicationError as exc:
                errors = errors_by_field(exc)
    return render(
        request,
        "portal/kiosk.html",
        {
            "kiosk_court": kiosk_court,
            "errors": errors,
            "post": post,
            "causes": causes,
            "courts": court_list().filter(level="basic"),
        },
    )


def _kiosk_file(request: HttpRequest, kiosk_court: Court) -> str:
    """All of the kiosk's writes, in one transaction: nothing is stored when any step is refused."""
    from django.db import transaction

    post = request.POST
    with transaction.atomic():
        filing = filing_services.filing_draft_create(filer=None, channel=filing_services.FilingChannel.KIOSK)
        cause = cause_get_by_code(code=post.get("cause", ""))
        filing_services.filing_basics_set(filing=filing, actor=SYSTEM, type_code="民初", cause=cause)
        parties = [
            PartyData(
                "plaintiff",
                "natural",
                post.get("name", ""),
                post.get("id_number", ""),
                "",
                post.get("phone", ""),
                post.get("address", ""),
            ),
            PartyData(
                "defendant",
                post.get("defendant_kind", "natural"),
                post.get("defendant_name", ""),
                "",
                "",
                "",
                post.get("defendant_address", ""),
            ),
        ]
        filing_services.filing_parties_set(filing=filing, actor=SYSTEM, parties=parties, filer_index=0)
        filing_services.filing_claims_set(
            filing=filing, actor=SYSTEM, claims=[filing_services.ClaimIn(post.get("claim", ""), post.get("amount", ""))]
        )
        court_id = int_param(post.get("court"), min_value=1)
        court = court_list().filter(pk=court_id).first() if court_id is not None else None
        filing_services.filing_court_set(filing=filing, actor=SYSTEM, court=court)
        filing_services.filing_facts_set(filing=filing, actor=SYSTEM, facts=post.get("facts", ""))
        for n, upload in enumerate(request.FILES.getlist("files")[:10], start=1):
            filing_services.evidence_add(filing=filing, actor=SYSTEM, upload=upload, title=f"自助终端提交材料{n}")
        filing = filing_services.filing_kiosk_submit(
            filing=filing, kiosk_court=kiosk_court, signature_name=post.get("name", "")
        )
        request.session["kiosk_receipt"] = {"ref": filing.reference, "code": filing.verification_code}
    return filing.reference


@public("the kiosk receipt: printed by reference, one filing's receipt only")
@require_GET
def kiosk_receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The printed receipt (书面凭证, 登记立案规定 Art. 2) with a QR code to follow progress."""
    shown = request.session.get("kiosk_receipt") or {}
    if shown.get("ref") != reference:
        raise Http404  # the code is shown once, to the terminal that filed it
    filing = filing_selectors.filing_lookup_public(reference=reference, code=shown["code"])
    if filing is None:
        raise Http404
    url = request.build_absolute_uri(reverse("portal:lookup") + f"?ref={filing.reference}")
    return render(
        request,
        "portal/kiosk_receipt.html",
        {"filing": filing, "code": shown["code"], "qr": _qr_data_uri(url), "url": url},
    )

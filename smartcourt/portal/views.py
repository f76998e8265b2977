"""Public-side pages (诉讼服务): registration and real-name verification, my filings and cases, public progress
lookup and the 24-hour kiosk. (The SMS / e-mail outbox is core's one outbox page; /portal/outbox/ redirects there.)"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from smartcourt.cases import selectors as case_selectors
from smartcourt.cases import services as case_services
from smartcourt.cases.rules import identity as id_rules
from smartcourt.cases.rules import representation as rep_rules
from smartcourt.cases.selectors import case_public_progress
from smartcourt.cases.selectors_causes import cause_get_by_code
from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.core.links import id_path
from smartcourt.core.params import int_param
from smartcourt.core.privacy import personal_data
from smartcourt.core.services import personal_data_read_record
from smartcourt.courts.noticeboard import hearing_notices_upcoming
from smartcourt.courts.permissions import Action, Resource, allows, permits, public
from smartcourt.courts.selectors import SYSTEM, court_get_by_code, court_list, user_is_person
from smartcourt.filing import selectors as filing_selectors
from smartcourt.filing import services as filing_services
from smartcourt.filing.forms import errors_by_field
from smartcourt.filing.payments import PROVIDERS as PAYMENT_PROVIDERS
from smartcourt.filing.rules import relief as relief_rules
from smartcourt.filing.rules.filing_input import PartyData

from . import selectors, services
from .models import KioskDevice

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import Court


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


REGISTERED_MESSAGE = gettext_lazy(
    "注册申请已提交。请用手机号和密码登录，然后完成实名认证。如该手机号此前已注册过，原账户不变，我们已向该手机号发送短信提醒。"
)


@public("registration: anyone may register; a new account holds no grant")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Registration for parties and lawyers (phone number = login name). The answer never says whether the number
    was registered before (`portal.services.litigant_register`): both go to the sign-in page with one message."""
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
                services.litigant_register(
                    kind=kind,
                    full_name=request.POST.get("full_name", ""),
                    phone=request.POST.get("phone", ""),
                    password=request.POST.get("password", ""),
                    court=court,
                    licence_no=request.POST.get("licence_no", ""),
                    law_firm=request.POST.get("law_firm", ""),
                    email=request.POST.get("email", ""),
                )
                # One answer whether or not the number was registered before (its owner got an SMS instead); the
                # litigants' own entrance, not /accounts/login/ (which only routes old links to one of the doors).
                messages.success(request, REGISTERED_MESSAGE)
                return redirect(f"{reverse('litigant_login')}?{urlencode({'next': reverse('portal:verify')})}")
            except ApplicationError as exc:
                errors = errors_by_field(exc)
    return render(
        request, "portal/register.html", {"errors": errors, "kind": kind, "courts": courts, "post": request.POST}
    )


@public("the signed-in person's own real-name verification")
@login_required
@require_http_methods(["GET", "POST"])
@personal_data
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
@require_GET
@personal_data
def verification_queue(request: HttpRequest) -> HttpResponse:
    """实名认证审核: the applicants registered with the courts where the table lets `request.user` verify, identity
    numbers and phones masked; each opens on its own page."""
    if not permits(user=request.user, resource=Resource.IDENTITY, action=Action.VIEW):
        raise Forbidden("实名认证审核仅限申请人注册法院的立案人员使用。")
    return render(request, "portal/verification_queue.html", {"rows": selectors.verification_rows(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def verification_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    """One applicant: the full identity number and the ID photo, and the decision (在线诉讼规则 Art. 7)."""
    user = request.user
    if not user_is_person(user):  # login_required lets only a signed-in person through
        raise Forbidden()
    account = selectors.verification_get_for_user(account_id=account_id, user=user)
    if request.method == "POST":
        try:
            services.identity_review(
                account=account,
                actor=user,
                approve=request.POST.get("approve") == "yes",
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, f"已处理{account.user.full_name}的实名认证申请。")
            return redirect("portal:verification_queue")
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
            return redirect("portal:verification_detail", account.pk)
    # 个人信息保护法: the full number is read here, and the read is logged (the list shows it masked)
    personal_data_read_record(
        actor=user,
        subject=f"user:{account.user_id}",
        target=account,
        reason="实名认证核验：查阅身份证号",
        request=request,
    )
    return render(request, "portal/verification_detail.html", {"account": account})


@login_required
@require_GET
@personal_data
def id_photo(request: HttpRequest, account_id: int) -> HttpResponse:
    """The applicant's ID photo, to those who may verify them only; every view is logged; no cache keeps it."""
    user = request.user
    if not user_is_person(user):  # login_required lets only a signed-in person through
        raise Forbidden()
    account = selectors.verification_get_for_user(account_id=account_id, user=user)
    content, content_type = selectors.id_photo_content(account=account)
    personal_data_read_record(
        actor=user,
        subject=f"user:{account.user_id}",
        target=account,
        reason="实名认证核验：查看证件照片",
        request=request,
    )
    response = HttpResponse(content, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_GET
@personal_data
def my_filings(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/my_filings.html", {"filings": filing_selectors.filing_list_for_filer(user=request.user)[:100]}
    )


def _my_case_rows(cases: list[Case], filings: dict[int, int]) -> list[dict[str, str]]:
    """Each case's card as the text it shows: five links a card, reversed once a page (`id_path`), and the labels
    translated once a page, not per card (issue 15). A link the person may not follow is empty: the filing where
    the table does not let them open it, the authorisation where they are not a party."""
    links = {
        name: id_path(view)
        for name, view in (
            ("detail", "cases:detail"),
            ("process", "portal:case_process"),
            ("dossier", "dossier:viewer"),
            ("filing", "portal:filing_detail"),
            ("authorise", "portal:case_representation"),
        )
    }
    procedures, states = case_selectors.case_labels("procedure"), case_selectors.case_labels("state")
    rows = []
    for case in cases:
        filing_id = filings.get(case.pk)
        rows.append(
            {
                "number": case.number,
                "title": case.title,
                "court": case.court.name,
                "procedure": procedures.get(case.procedure, case.procedure),
                "state": states.get(case.state, case.state),
                "filed": case.filed_on.isoformat(),
                "detail": links["detail"](case.pk),
                "process": links["process"](case.pk),
                "dossier": links["dossier"](case.pk),
                "filing": links["filing"](filing_id) if filing_id else "",
                "authorise": links["authorise"](case.pk) if case.user_is_party else "",  # type: ignore[attr-defined]
            }
        )
    return rows


@login_required
@require_GET
@personal_data
def my_cases(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_is_person(user):  # login_required: a signed-in person
        raise Forbidden()
    cases = list(selectors.my_cases_listed(user=user)[:100])
    ids = [c.pk for c in cases]
    # the filing behind a case, where the table lets this person open it (the filer, a lawyer authorised on it):
    # a lawyer authorised after registration or a defendant sees the case, not the plaintiff's filing
    filings = dict(filing_selectors.filing_visible_to(user=user).filter(case_id__in=ids).values_list("case_id", "pk"))
    return render(
        request,
        "portal/my_cases.html",
        {
            "rows": _my_case_rows(cases, filings),
            # a lawyer sees the powers of attorney naming them, before the court accepts one
            "powers": list(case_selectors.powers_of_attorney_of_lawyer(user=user)[:20]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_representation(request: HttpRequest, case_id: int) -> HttpResponse:
    """委托诉讼代理人 on a registered case: a party submits a power of attorney (授权委托书) naming a verified lawyer;
    the court reviews it and, once accepted, the lawyer sees the case and its dossier (民事诉讼法 Art. 62)."""
    user = request.user
    if not user_is_person(user):  # login_required: a signed-in person
        raise Forbidden()
    case = case_selectors.case_get_for_user(case_id=case_id, user=user)
    parties = list(case_selectors.case_parties_of_user(case=case, user=user))
    if not parties:
        raise Forbidden("只有本案当事人本人可以委托诉讼代理人。")
    errors: dict[str, str] = {}
    if request.method == "POST":
        party = next((p for p in parties if str(p.pk) == request.POST.get("party")), parties[0])
        upload = request.FILES.get("document")
        lawyer = selectors.lawyer_find(licence_no=request.POST.get("licence_no", ""))
        if lawyer is None:
            errors["licence_no"] = "未找到该执业证号的已认证律师：请律师先在本平台注册并完成实名认证。"
        elif upload is None:
            errors["document"] = f"请上传由您签名或者盖章的授权委托书（{rep_rules.POWER_OF_ATTORNEY}）。"
        elif (upload.size or 0) > case_services.power_of_attorney_max_bytes():
            errors["document"] = (
                f"授权委托书文件超过{case_services.power_of_attorney_max_bytes() // 1048576} MB，请压缩后上传。"
            )
        else:
            try:
                case_services.power_of_attorney_submit(
                    party=party,
                    actor=user,
                    lawyer=lawyer,
                    matters=request.POST.get("matters", ""),
                    special_powers=request.POST.getlist("special_powers"),
                    document=upload.read(),
                    document_name=upload.name or "",
                )
            except ApplicationError as exc:
                errors = errors_by_field(exc)
            else:
                messages.success(
                    request,
                    f"已向法院提交委托{lawyer.get_full_name()}律师的授权委托书，法院审查接受后律师即可查阅本案。",
                )
                return redirect("portal:case_representation", case.pk)
    return render(
        request,
        "portal/case_representation.html",
        {
            "case": case,
            "parties": parties,
            "powers": case_selectors.powers_of_attorney_for_case(case=case, user=user),
            "representatives": [r for p in parties for r in p.representatives.all()],
            "special_powers": rep_rules.SPECIAL_POWERS,
            "chosen_powers": request.POST.getlist("special_powers") if request.method == "POST" else [],
            "errors": errors,
            "form": request.POST if errors else {},
            "today": timezone.localdate(),
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
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
            # the correction (补正) is written in the wizard, the filer's and their lawyer's alone (FILING/CHANGE)
            "can_change": allows(user=request.user, resource=Resource.FILING, action=Action.CHANGE, obj=filing),
            "lookup_url": request.build_absolute_uri(reverse("portal:lookup") + f"?ref={filing.reference}"),
        },
        status=400 if errors else 200,
    )


@public("the public home page: links and upcoming public hearings only")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public front page (诉讼服务首页): file a case, follow it, the calculators, verification, the kiosk, upcoming
    public hearings when there are any, and the way in for litigants and for court staff."""
    return render(request, "portal/home.html", {"hearing_notices": hearing_notices_upcoming(limit=6)})


@public("progress by reference and verification code: the code is the credential; answers one filing's progress")
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Public progress lookup: the filing reference or the case number, plus the 查询码; no login. After acceptance
    it follows the case: stage, next steps, the judge where the openness rules allow (cases.rules.disclosure)."""
    ref = (request.POST.get("ref") or request.GET.get("ref") or "").strip()
    code = (request.POST.get("code") or "").strip()
    filing = None
    progress = None
    error = ""
    status = 200
    if request.method == "POST":
        if not ref or not code:
            error = "请填写案号（或立案申请号）和查询码。"
            status = 400
        else:
            try:
                filing = services.progress_lookup(reference=ref, code=code, request=request)
            except services.LookupThrottled as exc:
                error, status = str(exc.message), exc.status
            else:
                if filing is None:
                    error = "未查到：请核对案号（或立案申请号）和查询码。查询码见立案回执或网上立案的申请详情页。"
                elif filing.case is not None:
                    progress = case_public_progress(case=filing.case, participant_verified=True)
    return render(
        request,
        "portal/lookup.html",
        {
            "ref": ref,
            "filing": filing,
            "progress": progress,
            "error": error,
            "events": filing_selectors.filing_public_events(filing=filing) if filing else [],
        },
        status=status,
    )


# ---------------------------------------------------------------- kiosk (24-hour terminal)


def _kiosk_device(request: HttpRequest) -> KioskDevice | None:
    """The registered terminal this request comes from: its device key in the `X-Kiosk-Key` header (a terminal
    application) or in the cookie set when staff registered this browser; None for any other visitor."""
    key = request.headers.get(settings.KIOSK_KEY_HEADER) or request.COOKIES.get(settings.KIOSK_COOKIE_NAME)
    return selectors.kiosk_device_for_key(key=key)


def _kiosk_refused(request: HttpRequest, status: int = 403) -> HttpResponse:
    return render(request, "portal/kiosk_unregistered.html", status=status)


def _kiosk_cookie_set(response: HttpResponse, request: HttpRequest, key: str) -> HttpResponse:
    response.set_cookie(
        settings.KIOSK_COOKIE_NAME,
        key,
        max_age=settings.KIOSK_COOKIE_DAYS * 24 * 3600,
        path=reverse("portal:kiosk_start"),  # sent to the kiosk's pages only
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


@public("the kiosk's start page: a public terminal in the litigation service centre")
@require_GET
def kiosk_start(request: HttpRequest) -> HttpResponse:
    """A registered terminal opens its court's form; any other visitor (the home page links here) learns where the
    court's terminals stand and what to do instead: an answer, not a refusal. The form itself refuses them (403)."""
    device = _kiosk_device(request)
    if device is None:
        return _kiosk_refused(request, status=200)
    return redirect("portal:kiosk", device.court.code)


@public("the filing kiosk: a public terminal; what it files goes to filing review")
@require_http_methods(["GET", "POST"])
@personal_data
def kiosk(request: HttpRequest, court_code: str) -> HttpResponse:
    """One full-screen form: identity (typed ID number, checked at once), defendant, claim, court, a document upload.
    Only a registered terminal of the court files here (its device key); the court is the terminal's own."""
    device = _kiosk_device(request)
    if device is None:
        return _kiosk_refused(request)
    kiosk_court = device.court
    if court_code != kiosk_court.code:
        return redirect("portal:kiosk", kiosk_court.code)  # a terminal stands in one court
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
                services.kiosk_device_used(device=device)
                return redirect("portal:kiosk_receipt", receipt)
            except ApplicationError as exc:
                errors = errors_by_field(exc)
    return render(
        request,
        "portal/kiosk.html",
        {
            "kiosk_court": kiosk_court,
            "device": device,
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
@personal_data
def kiosk_receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The printed receipt (书面凭证, 登记立案规定 Art. 2) with a QR code to follow progress."""
    if _kiosk_device(request) is None:
        return _kiosk_refused(request)
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


@public("a terminal presents its device key: the key is the credential checked here, and it opens only the kiosk")
@require_http_methods(["GET", "POST"])
def kiosk_activate(request: HttpRequest) -> HttpResponse:
    """Put a terminal's device key into this browser (a key issued with `manage.py kiosk_register` or on the
    terminals page): the key is checked, then kept in a cookie sent to the kiosk's pages only."""
    error = ""
    if request.method == "POST":
        key = (request.POST.get("key") or "").strip()
        device = selectors.kiosk_device_for_key(key=key)
        if device is not None:
            return _kiosk_cookie_set(redirect("portal:kiosk_start"), request, key)
        error = "设备密钥无效或该终端已停用，请核对后重新输入。"
    return render(request, "portal/kiosk_activate.html", {"error": error}, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def kiosk_devices(request: HttpRequest) -> HttpResponse:
    """The court's self-service terminals (自助立案终端): register one (this browser, or a key for a terminal
    application), stop one. Registering this browser signs the administrator out: a terminal keeps no staff session."""
    user = request.user
    if not user_is_person(user):
        raise Forbidden()
    if not selectors.kiosk_devices_page_allowed(user=user):
        raise Forbidden()
    courts = list(selectors.kiosk_courts(user=user))
    error = ""
    new_key = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("register_browser", "register_key"):
                court = next((c for c in courts if str(c.pk) == request.POST.get("court")), None)
                if court is None:
                    raise services.KioskRefused("请选择本院。")
                _device, key = services.kiosk_device_register(
                    court=court, name=request.POST.get("name", ""), actor=user
                )
                if action == "register_browser":
                    logout(request)
                    return _kiosk_cookie_set(redirect("portal:kiosk_start"), request, key)
                new_key = key
            elif action == "revoke":
                device_id = request.POST.get("device", "")
                found = (
                    selectors.kiosk_device_get_for_user(device_id=int(device_id), user=user)
                    if device_id.isdigit()
                    else None
                )
                if found is None:
                    raise Http404
                services.kiosk_device_revoke(device=found, actor=user)
                messages.success(request, f"终端“{found.name}”已停用。")
                return redirect("portal:kiosk_devices")
        except ApplicationError as exc:
            error = str(exc.message)
    return render(
        request,
        "portal/kiosk_devices.html",
        {
            "devices": selectors.kiosk_device_list(user=user),
            "courts": courts,
            "error": error,
            "new_key": new_key,
            "header": settings.KIOSK_KEY_HEADER,
        },
        status=400 if error else 200,
    )

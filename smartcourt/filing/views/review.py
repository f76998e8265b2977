"""Filing review pages (立案审查) for filing officers: the queue with each 7-day clock, the decision page,
cross-region forwarding, fee confirmation, judicial-aid decisions and the triage hit-rate page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.core.params import int_param
from smartcourt.core.privacy import personal_data
from smartcourt.courts.permissions import Action
from smartcourt.courts.selectors import division_list
from smartcourt.legaltime.selectors import deadline_due

from .. import services
from ..forms import errors_by_field
from ..models import FeeNotice, FeeRelief, FilingState, Payment, Refund, Track
from ..rules import relief as relief_rules
from ..rules import triage as triage_rules
from ..selectors import filing as sel


def _require_reviewer(request: HttpRequest) -> None:
    """Reviewers hold FILING/REVIEW court-wide somewhere (the table's filing officers)."""
    if not sel.filing_review_courts(user=request.user):
        raise Forbidden("立案审查仅限立案人员使用。")


@login_required
@require_GET
@personal_data
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    items = sel.review_queue(user=request.user)
    return render(
        request,
        "filing/review/queue.html",
        {
            "items": items,
            "received": sel.received_for_forwarding(user=request.user).filter(state=FilingState.RECEIVED),
            "pending_fees": sel.fee_notices_pending_confirmation(user=request.user),
            "pending_reliefs": FeeRelief.objects.filter(
                state=FeeRelief.State.PENDING, filing__in=sel.filing_visible_to(user=request.user, action=Action.REVIEW)
            ).select_related("filing"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@personal_data
def review_detail(request: HttpRequest, filing_id: int) -> HttpResponse:
    _require_reviewer(request)
    filing = sel.filing_get_for_user(filing_id=filing_id, user=request.user, action=Action.REVIEW)
    errors: dict[str, str] = {}
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                division = None
                division_id = int_param(request.POST.get("division"), min_value=1)
                if division_id is not None:
                    division = division_list(court=filing.court).filter(pk=division_id).first()
                case = services.filing_accept(
                    filing=filing,
                    actor=request.user,
                    track=request.POST.get("track", ""),
                    override_reason=request.POST.get("override_reason", ""),
                    division=division,
                )
                messages.success(request, f"已立案，案号{case.number}；已通知当事人并发出交纳诉讼费用通知书。")
                return redirect("filing:review_queue")
            if decision == "correct":
                lines = [line.strip(" 　-·•") for line in (request.POST.get("items") or "").splitlines()]
                items = [{"field": "other", "message": line} for line in lines if line]
                for key in request.POST.getlist("defect"):
                    items.insert(0, {"field": key, "message": DEFECTS.get(key, key)})
                days = request.POST.get("due_days") or "15"
                services.filing_request_correction(
                    filing=filing, actor=request.user, items=items, due_days=int_param(days) or 0
                )
                messages.success(request, "已一次性告知当事人补正，审查期限暂停计算。")
                return redirect("filing:review_queue")
            if decision == "reject":
                services.filing_reject(filing=filing, actor=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, "已作出不予受理裁定并通知当事人。")
                return redirect("filing:review_queue")
            errors["decision"] = "请选择审查结果。"
        except ApplicationError as exc:
            errors = errors_by_field(exc)
            filing.refresh_from_db()
    clock = deadline_due(rule="civil.filing_review", start=filing.clock_started_on) if filing.clock_started_on else None
    return render(
        request,
        "filing/review/detail.html",
        {
            "filing": filing,
            "errors": errors,
            "clock": clock,
            "events": sel.filing_events(filing=filing),
            "evidence": sel.filing_evidence(filing=filing),
            "tracks": Track.choices,
            "divisions": division_list(court=filing.court).filter(kind__in=["civil", "commercial", "tribunal"])
            if filing.court
            else [],
            "defects": DEFECTS.items(),
            "post": request.POST,
            "corrections": filing.corrections.order_by("-created_at"),
        },
        status=400 if errors else 200,
    )


DEFECTS = {
    "id_copy": "请上传原告身份证明（身份证正反面）复印件（登记立案规定第六条第（一）项）。",
    "defendant_info": "被告信息不足以与他人相区别，请补充被告的身份证号或统一社会信用代码、准确住所（登记立案规定第六条第（三）项）。",
    "claims_unclear": "诉讼请求不明确，请写明具体请求事项和金额（民事诉讼法第一百二十二条第（三）项）。",
    "evidence_missing": "请补充与诉讼请求相关的证据材料，如借条、合同、转账记录（登记立案规定第六条第（五）项）。",
    "authorisation": "委托代理人起诉的，请提交授权委托书和代理人身份证明（登记立案规定第六条第（二）项）。",
}


@login_required
@require_POST
def forward(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = sel.filing_get_for_user(filing_id=filing_id, user=request.user)
    try:
        services.filing_forward(filing=filing, actor=request.user, note=request.POST.get("note", ""))
        messages.success(request, f"已转交{filing.court.name}，该院自收到之日起七日内审查。")
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("filing:cross_region")


@login_required
@require_GET
@personal_data
def cross_region(request: HttpRequest) -> HttpResponse:
    """跨域立案: what my court received for other courts (to check and forward) and what became of it."""
    _require_reviewer(request)
    return render(
        request, "filing/review/cross_region.html", {"filings": sel.received_for_forwarding(user=request.user)[:100]}
    )


@login_required
@require_POST
def payment_confirm(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = Payment.objects.select_related("notice__filing").filter(pk=payment_id).first()
    if payment is None:
        raise Forbidden()
    try:
        services.payment_confirm(
            payment=payment,
            actor=request.user,
            received=request.POST.get("received") == "yes",
            note=request.POST.get("note", ""),
        )
        messages.success(request, "已记录到账确认结果。")
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("filing:review_queue")


@login_required
@require_POST
def refund(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = FeeNotice.objects.filter(pk=notice_id).first()
    if notice is None:
        raise Forbidden()
    try:
        item = services.refund_record(
            notice=notice, actor=request.user, reason=request.POST.get("reason", ""), note=request.POST.get("note", "")
        )
        messages.success(request, f"已登记退费{item.amount}元。")
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("filing:review_detail", notice.filing_id)


@login_required
@require_POST
def relief_decide(request: HttpRequest, relief_id: int) -> HttpResponse:
    relief = FeeRelief.objects.select_related("filing").filter(pk=relief_id).first()
    if relief is None:
        raise Forbidden()
    try:
        services.fee_relief_decide(
            relief=relief,
            actor=request.user,
            grant=request.POST.get("grant") == "yes",
            reason=request.POST.get("reason", ""),
            reduced_amount=request.POST.get("reduced_amount", ""),
        )
        messages.success(request, "已作出司法救助决定并通知申请人。")
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("filing:review_queue")


@login_required
@require_GET
def triage_stats(request: HttpRequest) -> HttpResponse:
    """繁简分流 suggestions against the officers' decisions: the hit rate, per track, and recent overrides; for filing
    officers and for those who supervise trials court-wide (trial management, presidents)."""
    if not sel.triage_stats_courts(user=request.user):
        raise Forbidden("繁简分流统计仅限立案人员和审判管理人员查看。")
    return render(
        request,
        "filing/review/triage_stats.html",
        {
            "stats": sel.triage_stats(user=request.user),
            "thresholds": triage_rules.SMALL_CLAIMS_THRESHOLDS,
        },
    )


__all__ = ["Refund", "relief_rules"]

"""Paper-custody pages, mounted at /paper-files/: where every paper file is, a bundle's page with its custody
history, the phone scan page a label's QR code opens, label sheets, borrowing, and the keeper's locker map."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcourt.cases.selectors import case_visible_to
from smartcourt.core.errors import ApplicationError, Forbidden, NotFound
from smartcourt.core.params import filter_values, int_param, int_params
from smartcourt.core.privacy import personal_data
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, grant_courts
from smartcourt.courts.selectors import user_get

from . import selectors, services
from .forms import (
    BorrowForm,
    CheckInForm,
    CheckOutForm,
    DecideForm,
    LockerForm,
    PaperFileFilterForm,
    RegisterForm,
    ShelfForm,
)
from .labels import label_sheet_pdf
from .models import BorrowingState, BundleKind, BundleStatus, LocationKind, PaperBundle
from .rules.borrowing import STAFF_MAX_DAYS, borrowing_default_due
from .rules.labels import label_code_display


def _scan_url(request: HttpRequest, bundle: PaperBundle) -> str:
    return request.build_absolute_uri(reverse("paper_files:scan", args=[bundle.label_code]))


def _back(request: HttpRequest, bundle: PaperBundle) -> HttpResponse:
    if request.POST.get("back") == "scan":
        return redirect("paper_files:scan", label_code=bundle.label_code)
    return redirect("paper_files:detail", bundle_id=bundle.pk)


def _run(request: HttpRequest, bundle: PaperBundle, action: Callable[[], object], success: str) -> HttpResponse:
    flash_action(request, action, success)
    return _back(request, bundle)


@login_required
@personal_data
def paper_file_list(request: HttpRequest) -> HttpResponse:
    """Where every paper file is (纸质卷宗在哪里): court-wide, filterable by case number, place and status."""
    form = PaperFileFilterForm(request.GET or None)
    data = filter_values(request, form)
    filters = selectors.PaperFileFilters(
        case_number=data.get("q") or "",
        status=data.get("status") or "",
        location=data.get("location"),
        location_kind=data.get("kind") or "",
    )
    qs = selectors.paper_file_list(user=request.user, filters=filters)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    manage_courts = list(selectors.paper_file_courts_for(user=request.user, action=Action.CHANGE))
    return render(
        request,
        "custody/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.paper_file_counts(user=request.user),
            "can_register": bool(manage_courts),
            "can_see_locations": bool(
                grant_courts(user=request.user, resource=Resource.PAPER_FILE, action=Action.VIEW)
            ),
            "today": timezone.localdate(),
        },
    )


@login_required
def paper_file_register(request: HttpRequest) -> HttpResponse:
    """Register a paper bundle received at the counter or bound from the file (纸质卷宗登记)."""
    courts = selectors.paper_file_courts_for(user=request.user, action=Action.CHANGE)
    if not courts.exists():
        raise NotFound()
    form = RegisterForm(request.POST or None, initial={"case_number": request.GET.get("case", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = (
            case_visible_to(user=request.user)
            .filter(number=data["case_number"].strip(), court__in=courts)
            .select_related("court")
            .first()
        )
        if case is None:
            form.add_error("case_number", _("未找到该案号的案件，或该案不属于您可管理的法院。"))
        else:
            try:
                bundle = services.paper_file_register(
                    case=case,
                    kind=data["kind"],
                    title=data["title"],
                    actor=request.user,
                    volume_no=data["volume_no"],
                    pages=data.get("pages"),
                    received_from=data.get("received_from") or "",
                    note=data.get("note") or "",
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(
                    request, _("已登记，标签码 %(code)s。请打印标签贴于卷宗后入柜。") % {"code": bundle.label_code}
                )
                return redirect("paper_files:detail", bundle_id=bundle.pk)
    return render(request, "custody/register.html", {"form": form, "kinds": BundleKind.choices})


def _action_context(request: HttpRequest, bundle: PaperBundle) -> dict:
    user = request.user
    can_change = selectors.paper_file_may(user=user, bundle=bundle, action=Action.CHANGE)
    today = timezone.localdate()
    current = selectors.borrowing_current(bundle=bundle)
    approved = list(selectors.borrowing_approved_for(bundle=bundle)) if can_change else []
    candidates = selectors.handover_candidates(bundle=bundle) if can_change else []
    approved_ids = {b.borrower_id for b in approved}
    mine_open = bundle.borrowings.filter(
        borrower=user, state__in=[BorrowingState.REQUESTED, BorrowingState.APPROVED, BorrowingState.LENT]
    ).exists()
    return {
        "bundle": bundle,
        "label_display": label_code_display(bundle.label_code),
        "can_change": can_change,
        "can_supervise": selectors.paper_file_may(user=user, bundle=bundle, action=Action.SUPERVISE),
        "current": current,
        "overdue": current is not None and current.is_overdue(today),
        "approved": approved,
        "candidates": [c for c in candidates if c.pk not in approved_ids],
        "free_cells": list(selectors.location_free_cells(court=bundle.court)) if can_change else [],
        "shelves": list(selectors.location_list(court=bundle.court, kind=LocationKind.FILE_ROOM_SHELF))
        if can_change
        else [],
        "default_due": borrowing_default_due(today=today, is_representative=False),
        "borrow_default_due": borrowing_default_due(
            today=today, is_representative=selectors.user_is_representative(user=user, court=bundle.court)
        ),
        "max_days": STAFF_MAX_DAYS,
        "today": today,
        "may_request": not mine_open and bundle.status != BundleStatus.REGISTERED,
        "status_in_custody": bundle.status in (BundleStatus.IN_LOCKER, BundleStatus.IN_FILE_ROOM),
    }


@login_required
@personal_data
def paper_file_detail(request: HttpRequest, bundle_id: int) -> HttpResponse:
    bundle = selectors.paper_file_get_for_user(bundle_id=bundle_id, user=request.user)
    ctx = _action_context(request, bundle)
    ctx["history"] = selectors.paper_file_history(bundle=bundle)
    ctx["borrowings"] = selectors.borrowing_list_for_bundle(bundle=bundle)
    ctx["scan_url"] = _scan_url(request, bundle)
    return render(request, "custody/detail.html", ctx)


@login_required
@personal_data
def paper_file_scan(request: HttpRequest, label_code: str) -> HttpResponse:
    """The page a label's QR code opens on a phone: where the bundle is, and big buttons to check it in or out."""
    bundle = selectors.paper_file_get_by_label(label_code=label_code, user=request.user)
    ctx = _action_context(request, bundle)
    ctx["last_event"] = selectors.paper_file_history(bundle=bundle).last()
    return render(request, "custody/scan.html", ctx)


@login_required
@personal_data
def paper_file_lookup(request: HttpRequest) -> HttpResponse:
    """A typed label code (when the QR is worn) goes to the scan page."""
    code = request.GET.get("code", "")
    try:
        bundle = selectors.paper_file_get_by_label(label_code=code, user=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("paper_files:list")
    return redirect("paper_files:scan", label_code=bundle.label_code)


@login_required
@require_POST
def paper_file_check_in(request: HttpRequest, bundle_id: int) -> HttpResponse:
    bundle = selectors.paper_file_get_for_user(bundle_id=bundle_id, user=request.user, action=Action.CHANGE)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择存放位置。"))
        return _back(request, bundle)
    try:
        location = selectors.location_get(court=bundle.court, location_id=form.cleaned_data["location"])
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return _back(request, bundle)
    returning = bundle.status == BundleStatus.BORROWED
    return _run(
        request,
        bundle,
        lambda: services.paper_file_check_in(
            bundle=bundle, location=location, actor=request.user, note=form.cleaned_data.get("note") or ""
        ),
        (_("已归还并存入 %(loc)s。") if returning else _("已存入 %(loc)s。")) % {"loc": location},
    )


@login_required
@require_POST
def paper_file_check_out(request: HttpRequest, bundle_id: int) -> HttpResponse:
    bundle = selectors.paper_file_get_for_user(bundle_id=bundle_id, user=request.user, action=Action.CHANGE)
    form = CheckOutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择接收人；归还期限须为有效日期。"))
        return _back(request, bundle)
    handed_to = user_get(user_id=form.cleaned_data["handed_to"], active_only=True)
    if handed_to is None:
        messages.error(request, _("所选接收人不存在。"))
        return _back(request, bundle)
    return _run(
        request,
        bundle,
        lambda: services.paper_file_check_out(
            bundle=bundle,
            actor=request.user,
            handed_to=handed_to,
            due_on=form.cleaned_data.get("due_on"),
            note=form.cleaned_data.get("note") or "",
        ),
        _("已取出交 %(who)s。") % {"who": handed_to.get_full_name()},
    )


@login_required
@require_POST
def borrowing_request(request: HttpRequest, bundle_id: int) -> HttpResponse:
    bundle = selectors.paper_file_get_for_user(bundle_id=bundle_id, user=request.user)
    form = BorrowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写借阅事由和有效的归还期限。"))
        return _back(request, bundle)
    return _run(
        request,
        bundle,
        lambda: services.borrowing_request(
            bundle=bundle,
            borrower=request.user,
            reason=form.cleaned_data["reason"],
            due_on=form.cleaned_data["due_on"],
        ),
        _("借阅申请已提交，等待审批。"),
    )


@login_required
@require_POST
def borrowing_decide(request: HttpRequest, borrowing_id: int) -> HttpResponse:
    borrowing = selectors.borrowing_get_for_user(borrowing_id=borrowing_id, user=request.user)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审批结果。"))
        return _back(request, borrowing.bundle)
    approve = form.cleaned_data["decision"] == "approve"
    return _run(
        request,
        borrowing.bundle,
        lambda: services.borrowing_decide(
            borrowing=borrowing, actor=request.user, approve=approve, note=form.cleaned_data.get("note") or ""
        ),
        _("已批准借阅。") if approve else _("已不予批准。"),
    )


@login_required
@require_POST
def borrowing_cancel(request: HttpRequest, borrowing_id: int) -> HttpResponse:
    borrowing = selectors.borrowing_get_for_user(borrowing_id=borrowing_id, user=request.user)
    return _run(
        request,
        borrowing.bundle,
        lambda: services.borrowing_cancel(borrowing=borrowing, actor=request.user),
        _("借阅申请已撤回。"),
    )


@login_required
@personal_data
def borrowing_queue(request: HttpRequest) -> HttpResponse:
    """Borrowing requests waiting for my decision, my own borrowings, and the overdue ones I look after."""
    return render(
        request,
        "custody/borrowings.html",
        {
            "pending": selectors.borrowing_pending_for_approver(user=request.user),
            "mine": selectors.borrowing_list_for_borrower(user=request.user),
            "overdue": selectors.borrowing_overdue_for_keeper(user=request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@personal_data
def labels_pdf(request: HttpRequest) -> HttpResponse:
    """The label sheet (A4) for the chosen bundles (?id=…&id=…) or for every bundle of one case (?case=…)."""
    qs = selectors.paper_file_visible_to(user=request.user, action=Action.CHANGE).select_related("case", "court")
    ids = int_params(request.GET.getlist("id"))
    case = int_param(request.GET.get("case"), min_value=1)
    if ids:
        qs = qs.filter(pk__in=ids)
    elif case is not None:
        qs = qs.filter(case_id=case)
    else:
        qs = qs.none()
    bundles = list(qs.order_by("case__number", "kind", "volume_no", "id")[:240])
    if not bundles:
        messages.error(request, _("请先勾选要打印标签的卷宗（须为您可管理的卷宗）。"))
        return redirect("paper_files:list")
    pdf = label_sheet_pdf(bundles=bundles, url_for=lambda b: _scan_url(request, b))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="paper-file-labels.pdf"'
    return response


@login_required
def locations(request: HttpRequest) -> HttpResponse:
    """The keeper's map of lockers (云柜, cell by cell) and file-room shelves (档案室), with forms to add them."""
    courts = list(selectors.paper_file_courts_for(user=request.user, action=Action.VIEW))
    if not courts:  # the page is no secret: say who it is for (the list page links it only for them)
        raise Forbidden(_("云柜与档案室的位置图仅供本院纸质卷宗管理人员查看；本人案件的纸质卷宗位置见案件页面。"))
    court_id = request.GET.get("court") or request.POST.get("court") or ""
    court = next((c for c in courts if str(c.pk) == court_id), courts[0])
    can_manage = selectors.paper_file_court_may(user=request.user, court=court, action=Action.CHANGE)
    locker_form, shelf_form = LockerForm(prefix="locker"), ShelfForm(prefix="shelf")
    if request.method == "POST" and can_manage:
        try:
            if "locker-unit" in request.POST:
                locker_form = LockerForm(request.POST, prefix="locker")
                if locker_form.is_valid():
                    d = locker_form.cleaned_data
                    services.locker_create(
                        court=court, unit=d["unit"], cells=d["cells"], site=d.get("site") or "", actor=request.user
                    )
                    messages.success(request, _("已添加 %(u)s 号云柜。") % {"u": d["unit"]})
                    return redirect(f"{reverse('paper_files:locations')}?court={court.pk}")
            else:
                shelf_form = ShelfForm(request.POST, prefix="shelf")
                if shelf_form.is_valid():
                    d = shelf_form.cleaned_data
                    services.location_create(
                        court=court,
                        kind=LocationKind.FILE_ROOM_SHELF,
                        unit=d["unit"],
                        position=d["position"],
                        site=d.get("site") or "",
                        actor=request.user,
                    )
                    messages.success(request, _("已添加档案室架位。"))
                    return redirect(f"{reverse('paper_files:locations')}?court={court.pk}")
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
    return render(
        request,
        "custody/locations.html",
        {
            "court": court,
            "courts": courts,
            "lockers": selectors.location_lockers(court=court),
            "shelves": selectors.location_shelves(court=court),
            "can_manage": can_manage,
            "locker_form": locker_form,
            "shelf_form": shelf_form,
        },
    )

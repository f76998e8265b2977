"""Dossier pages: the viewer (阅卷: catalogue on the left, pdf.js page display, search in OCR text), scanning
(扫描) upload, the clerk's review queue (编目), export; file bytes only through permission-checked views, each
read of a document or page logged (audit kind READ), never from public MEDIA URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from smartcourt.core.errors import ApplicationError, NotFound
from smartcourt.core.intake.sniff import SCAN_KINDS, accept_attribute
from smartcourt.core.intake.store import blob_read
from smartcourt.core.links import id_path
from smartcourt.core.privacy import personal_data
from smartcourt.core.services import AuditAction, AuditKind, audit_record
from smartcourt.courts.permissions import Action

from . import selectors, services
from .models import DossierPage, OcrState
from .rules import catalogue

if TYPE_CHECKING:
    from smartcourt.courts.models import User

ACCEPT = accept_attribute(SCAN_KINDS)  # what the scanning desk's picker offers is what the dossier takes
MAX_BATCH_FILES = 50


def _read_logged(request: HttpRequest, *, action: AuditAction, target, case, extra: dict | None = None) -> None:  # type: ignore[no-untyped-def]
    """Every view of a dossier document or page is logged: who, when, which case, from where (阅卷留痕)."""
    audit_record(
        actor=request.user,
        action=action,
        target=target,
        kind=AuditKind.READ,
        data_subject=f"case:{case.pk}",
        reason=f"阅卷：{case.number}",
        request=request,
        extra={"case": case.number, **(extra or {})},
    )


def _file_response(content: bytes, *, content_type: str, filename: str, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _verify_url() -> str:
    try:
        return reverse("ledger:verify")
    except NoReverseMatch:  # the ledger's public page is not installed
        return ""


@login_required
@never_cache
@personal_data
def viewer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    entries, pages = selectors.viewer_catalogue(case=case)
    titles = {e.document.pk: e.document.title for e in entries}
    page_file = id_path("dossier:page_file", case.pk)  # one reversal for the dossier's every page
    ocr_labels = {value: str(label) for value, label in OcrState.choices}  # translated once, not once a page
    page_data = [
        {
            "n": p.global_number,
            "id": p.pk,
            "doc": p.document_id,
            "docTitle": titles.get(p.document_id, ""),
            "inDoc": p.number,
            "type": "pdf" if p.content_type == "application/pdf" else "image",
            "url": page_file(p.pk),
            "ocr": ocr_labels.get(p.ocr_state, p.ocr_state),
            "ledger": "已存证" if p.ledger_status == "recorded" else "存证入账中",
            "sha256": p.sha256,
        }
        for p in pages
    ]
    can_change = selectors.dossier_can(user=request.user, case=case, action=Action.CHANGE)
    audit_record(
        actor=request.user, action=AuditAction.DOSSIER_VIEWED, target=case, kind=AuditKind.READ,
        data_subject=f"case:{case.pk}", reason=f"阅卷：{case.number}", request=request,
    )  # fmt: skip
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "dossier/viewer.html",
        {
            "case": case,
            "entries": entries,
            "page_data": page_data,
            "page_total": len(pages),
            "can_change": can_change,
            "exports": list(selectors.export_list(case=case)[:5]) if can_change else [],
            "categories": catalogue.CHOICES,
            "threshold": services.review_threshold(),
            "q": q,
            "hits": selectors.dossier_search(case=case, q=q) if q else None,
            "pending_ocr": sum(1 for p in pages if p.ocr_state == "pending"),
            "poll_seconds": OCR_POLL_SECONDS,
            "start": request.GET.get("page", ""),
            "order_basis": catalogue.ORDER_BASIS,
            "verify_url": _verify_url(),
        },
    )


OCR_POLL_SECONDS = 5


@login_required
@require_GET
@never_cache
def ocr_status(request: HttpRequest, case_id: int) -> HttpResponse:
    """The viewer polls this (htmx, every few seconds) while pages wait for OCR: the count while some do; once none
    does, `HX-Refresh` reloads the viewer with the text, categories and catalogue order OCR settled."""
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=cast("User", request.user))  # login_required
    pending = selectors.ocr_pending_count(case=case)
    if not pending:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request, "dossier/_ocr_status.html", {"case": case, "pending_ocr": pending, "poll_seconds": OCR_POLL_SECONDS}
    )


@login_required
@require_GET
@personal_data
def search(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    q = request.GET.get("q", "").strip()
    return render(
        request, "dossier/_search_hits.html", {"case": case, "q": q, "hits": selectors.dossier_search(case=case, q=q)}
    )


@login_required
@require_GET
@personal_data
def page_file(request: HttpRequest, case_id: int, page_id: int) -> HttpResponse:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    page = selectors.page_get(case=case, page_id=page_id)
    _read_logged(
        request, action=AuditAction.DOSSIER_PAGE_READ, target=page, case=case, extra={"page": page.global_number}
    )
    ext = page.storage_name.rsplit(".", 1)[-1]
    return _file_response(
        blob_read(page.storage_name),
        content_type=page.content_type,
        filename=f"{case.number}-第{page.global_number}页.{ext}",
        attachment=request.GET.get("download") == "1",
    )


@login_required
@require_GET
@personal_data
def page_image(request: HttpRequest, case_id: int, page_id: int) -> HttpResponse:
    """The page as the OCR saw it (200-dpi PNG) — thumbnails in the review queue; logged like any page read."""
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    page = selectors.page_get(case=case, page_id=page_id)
    if not page.image_name:
        raise NotFound()
    _read_logged(
        request, action=AuditAction.DOSSIER_PAGE_READ, target=page, case=case, extra={"page": page.global_number}
    )
    ext = page.image_name.rsplit(".", 1)[-1]
    content_type = {"png": "image/png", "jpg": "image/jpeg"}.get(ext, page.content_type)
    return _file_response(
        blob_read(page.image_name), content_type=content_type, filename=f"{case.number}-第{page.global_number}页.{ext}"
    )


@login_required
@require_GET
@personal_data
def document_file(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    document = selectors.document_get(case=case, document_id=document_id)
    _read_logged(request, action=AuditAction.DOSSIER_DOCUMENT_READ, target=document, case=case)
    ext = document.storage_name.rsplit(".", 1)[-1]
    return _file_response(
        blob_read(document.storage_name),
        content_type=document.content_type,
        filename=f"{document.title}.{ext}",
        attachment=request.GET.get("download") == "1",
    )


@login_required
@require_GET
@personal_data
def export_file(request: HttpRequest, case_id: int, export_id: int) -> HttpResponse:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    export = selectors.export_get(case=case, export_id=export_id)
    _read_logged(request, action=AuditAction.DOSSIER_EXPORT_READ, target=export, case=case)
    return _file_response(
        blob_read(export.storage_name),
        content_type="application/pdf",
        filename=services.export_filename(export),
        attachment=True,
    )


@login_required
@require_POST
def export_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    try:
        export = services.dossier_export_create(case=case, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("dossier:viewer", case.pk)
    messages.success(
        request,
        f"已导出电子卷宗（{export.document_count}份文件，共{export.page_count}页）并已存证，SHA-256 见导出记录。",
    )
    return redirect(reverse("dossier:viewer", args=[case.pk]) + f"?export={export.pk}#exports")


@login_required
@never_cache
@personal_data
def scan(request: HttpRequest, case_id: int) -> HttpResponse:
    """Scanning (扫描): a clerk files a batch of scanned files for one case; each file becomes one document."""
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    error = ""
    if request.method == "POST":
        uploaded = request.FILES.getlist("files")
        if len(uploaded) > MAX_BATCH_FILES:
            error = f"一次最多上传{MAX_BATCH_FILES}个文件。"
        else:
            try:
                documents = services.dossier_scan_batch_add(
                    case=case, uploads=[(f.name, f.read()) for f in uploaded], actor=request.user
                )
            except ApplicationError as exc:
                error = str(exc.message)
            else:
                pages = sum(d.page_count for d in documents)
                messages.success(request, f"已归档{len(documents)}份扫描文件，共{pages}页；文字识别与自动编目已开始。")
                return redirect("dossier:viewer", case.pk)
    return render(
        request,
        "dossier/scan.html",
        {"case": case, "error": error, "accept": ACCEPT, "max_files": MAX_BATCH_FILES},
        status=400 if error else 200,
    )


@login_required
@personal_data
def scanning(request: HttpRequest) -> HttpResponse:
    """The clerk's scanning desk: the cases they may file into, found by case number or title."""
    q = request.GET.get("q", "").strip()
    cases = selectors.dossier_cases_for_user(user=request.user, action=Action.CHANGE).select_related("court")
    if q:
        cases = cases.filter(Q(number__icontains=q) | Q(title__icontains=q))
    page = Paginator(cases.order_by("-filed_on", "-id"), 20).get_page(request.GET.get("page"))
    return render(request, "dossier/scanning.html", {"page": page, "q": q})


@login_required
@never_cache
@personal_data
def review_queue(request: HttpRequest) -> HttpResponse:
    """编目审核: documents the classifier placed below the confidence threshold, for the clerk to confirm or fix."""
    queue = selectors.review_queue(user=request.user)
    page = Paginator(queue, 20).get_page(request.GET.get("page"))
    first_pages = {
        p.document_id: p for p in DossierPage.objects.filter(document__in=[d.pk for d in page.object_list], number=1)
    }
    rows = [
        {"document": d, "first_page": first_pages.get(d.pk), "reasons": catalogue.reasons_shown(d.category_reasons)}
        for d in page.object_list
    ]
    return render(
        request,
        "dossier/review_queue.html",
        {"page": page, "rows": rows, "categories": catalogue.CHOICES, "threshold": services.review_threshold()},
    )


@login_required
@require_POST
def category_correct(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    document = selectors.document_get(case=case, document_id=document_id)
    category = request.POST.get("category", "")
    try:
        document = services.dossier_category_correct(
            document=document, category=category, actor=request.user, note=request.POST.get("note", "")[:200]
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, f"“{document.title}”已编为“{catalogue.label(document.category)}”。")
    back = request.POST.get("next", "")
    if back == "queue":
        return redirect("dossier:review_queue")
    return redirect("dossier:viewer", case.pk)


@login_required
@require_POST
def document_rename(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    """A clerk renames a catalogue entry (on the viewer's catalogue); audited and on the case timeline."""
    user = cast("User", request.user)  # login_required
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=user, action=Action.CHANGE)
    document = selectors.document_get(case=case, document_id=document_id)
    old = document.title
    try:
        document = services.dossier_document_rename(
            document=document,
            title=request.POST.get("title", ""),
            actor=user,
            note=request.POST.get("note", ""),
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        if document.title != old:
            messages.success(request, f"“{old}”已更名为“{document.title}”。")
    return redirect("dossier:viewer", case.pk)

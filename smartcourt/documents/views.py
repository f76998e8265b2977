"""Court document pages: a document's page (state, review, actions), drafting beside the file (左看右写), the diff of
two versions, the reviewer's queue, the court's template versions with their preview, and the public check of a
signed PDF. Thin: a selector, a service, a template."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartcourt.cases.selectors import case_get_for_user, case_parties
from smartcourt.core import statutes
from smartcourt.core.access import public
from smartcourt.core.errors import ApplicationError, NotFound
from smartcourt.core.intake.store import blob_read
from smartcourt.core.privacy import personal_data
from smartcourt.core.views import flash_action
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts, permits
from smartcourt.courts.selectors import user_is_person

from . import selectors, services
from .kinds import KINDS
from .models import Document, DocumentState, DocumentTemplate
from .rules import effect as E
from .rules import signoff as RV
from .sources import draft_source_text, draft_sources

if TYPE_CHECKING:
    from smartcourt.courts.models import User

MAX_VERIFY_BYTES = 30 * 1024 * 1024


def _person(request: HttpRequest) -> User:
    if not user_is_person(request.user):
        raise PermissionDenied
    return request.user


def _back(document_id: int) -> HttpResponse:
    return redirect("documents:detail", document_id)


def _json_error(exc: ApplicationError, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"code": exc.code, "message": str(exc.message)}, status=status, json_dumps_params={"ensure_ascii": False}
    )


# --- generation ------------------------------------------------------------------------------------------------------


@login_required
@require_POST
def generate(request: HttpRequest, case_id: int) -> HttpResponse:
    """Generate a document of a kind for the case (the case page's documents tab); the PDF is made in the worker."""
    from .tasks import document_pdf_task

    user = _person(request)
    case = case_get_for_user(case_id=case_id, user=user)
    kind = request.POST.get("kind", "")
    recipient = None
    if request.POST.get("recipient"):
        recipient = case_parties(case=case).filter(pk=request.POST.get("recipient", "")).first()
    spec = KINDS.get(kind)
    if spec is None:
        messages.error(request, _("请选择文书种类。"))
        return redirect(f"{reverse('cases:detail', args=[case.pk])}?tab=documents")
    if spec.to_party and recipient is None:
        messages.error(request, _("请选择受送达人（该文书逐一发给当事人）。"))
        return redirect(f"{reverse('cases:detail', args=[case.pk])}?tab=documents")
    wanted = [k for k in sorted(spec.extra_fields) if k != "recipient_name"]
    extra = {k: str(request.POST.get(k, "")).strip() for k in wanted if str(request.POST.get(k, "")).strip()}
    try:
        doc = services.document_generate(
            actor=user, case=case, kind=kind, extra=extra, recipient=recipient, convert=False
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect(f"{reverse('cases:detail', args=[case.pk])}?tab=documents")
    if spec.drafted:
        return redirect("documents:draft", doc.pk)
    document_pdf_task.enqueue(document_id=doc.pk)
    messages.success(request, _("文书已生成，PDF 正在后台转换。"))
    return _back(doc.pk)


# --- a document's page --------------------------------------------------------------------------------------------


@login_required
@require_GET
@personal_data
def detail(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user)
    spec = KINDS[doc.kind]
    step = services.signoff_current_step(doc) if doc.state == DocumentState.IN_REVIEW else None
    steps = list(
        doc.signoff_steps.select_related("reviewer", "version")
        .prefetch_related("comments")
        .order_by("round", "position")
    )
    versions = list(selectors.versions(document=doc))
    can_change = services.may(user, doc, Action.CHANGE)
    is_reviewer = step is not None and step.reviewer_id == user.pk
    coverage = None
    if is_reviewer or (can_change and spec.drafted):
        coverage = selectors.reading_coverage(case=doc.case, user_id=doc.case.judge_id)
    effective_from = None
    if doc.state == DocumentState.SERVED and doc.served_at and spec.takes_effect:
        from django.utils import timezone

        effective_from = E.effective_from(kind=spec, served_on=timezone.localtime(doc.served_at).date())
    return render(request, "documents/detail.html", {
        "doc": doc, "case": doc.case, "spec": spec, "step": step, "steps": steps, "versions": versions,
        "can_change": can_change, "is_reviewer": is_reviewer, "coverage": coverage, "capacities": RV.CAPACITIES,
        "effective_from": effective_from,
        "can_sign": can_change and not doc.signed_storage_name and doc.job not in ("queued", "running")
        and (not spec.drafted or doc.state == DocumentState.APPROVED), "effect_basis": E.basis_text(spec),
        "review_body": (step.version.body if step and step.version else doc.body),
    })  # fmt: skip


@login_required
@require_GET
@personal_data
def document_file(request: HttpRequest, document_id: int, what: str) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user)
    names = {"docx": doc.docx_storage_name, "pdf": doc.pdf_storage_name, "signed": doc.signed_storage_name}
    name = names.get(what, "")
    if not name:
        raise NotFound(_("该文件尚未生成。"))
    ext = "docx" if what == "docx" else "pdf"
    ctype = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if ext == "docx"
        else "application/pdf"
    )
    response = HttpResponse(blob_read(name), content_type=ctype)
    from urllib.parse import quote

    suffix = "（签章）" if what == "signed" else ""
    response["Content-Disposition"] = (
        f"inline; filename*=UTF-8''{quote(f'{doc.case.number}-{doc.title}{suffix}.{ext}')}"
    )
    return response


@login_required
@require_POST
def make_pdf(request: HttpRequest, document_id: int) -> HttpResponse:
    """Convert a generated document to PDF in the worker (the demo seeds DOCX only)."""
    from .tasks import document_pdf_task

    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    if doc.docx_storage_name and not doc.pdf_storage_name:
        Document.objects.filter(pk=doc.pk).update(error="")
        document_pdf_task.enqueue(document_id=doc.pk)
        messages.success(request, _("PDF 正在后台转换，请稍后刷新。"))
    return _back(doc.pk)


# --- drafting beside the file (左看右写) ---------------------------------------------------------------------------


@login_required
@require_GET
@personal_data
def draft(request: HttpRequest, document_id: int) -> HttpResponse:
    from smartcourt.dossier.selectors import page_list

    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    case = doc.case
    can_read_dossier = allows(user=user, resource=Resource.DOSSIER, action=Action.VIEW, obj=case)
    pages = (
        list(
            page_list(case=case).only(
                "pk", "global_number", "number", "ocr_text", "ocr_state", "image_name", "document_id"
            )
        )
        if can_read_dossier
        else []
    )
    try:
        statutes.statute_provider()
        statutes_message = ""
    except statutes.StatutesUnavailable as exc:
        statutes_message = str(exc)
    last_comments = []
    returned = doc.signoff_steps.filter(state="returned").order_by("-round").first()
    if returned is not None:
        last_comments = list(returned.comments.all())
    return render(request, "documents/draft.html", {
        "doc": doc, "case": case, "pages": pages, "can_read_dossier": can_read_dossier,
        "sources": draft_sources(), "statutes_message": statutes_message, "editable": doc.state in (DocumentState.DRAFT, DocumentState.RETURNED),
        "versions": list(selectors.versions(document=doc)), "returned": returned, "last_comments": last_comments,
        "committee_choices": [("", _("不提交")), ("judges_meeting", RV.CAPACITIES["judges_meeting"]), ("committee", RV.CAPACITIES["committee"])],
    })  # fmt: skip


@login_required
@require_POST
def autosave(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    try:
        services.draft_autosave(actor=user, document=doc, body=request.POST.get("body", ""))
    except ApplicationError as exc:
        return _json_error(exc, 409 if isinstance(exc, services.DocumentStateError) else 400)
    return JsonResponse({"saved": True})


@login_required
@require_GET
def insert(request: HttpRequest, document_id: int) -> HttpResponse:
    """The text of a draft source (parties, claims …) or of a cited article, for the editor to insert."""
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    if "address" in request.GET:
        try:
            return JsonResponse({"text": services.citation_insert_text(request.GET["address"])})
        except statutes.StatutesUnavailable as exc:
            return JsonResponse(
                {"code": "statutes.unavailable", "message": str(exc)},
                status=409,
                json_dumps_params={"ensure_ascii": False},
            )
        except ApplicationError as exc:
            return _json_error(exc)
    text = draft_source_text(request.GET.get("source", ""), doc.case)
    if text is None:
        return JsonResponse(
            {"code": "documents.source", "message": "没有这项材料。"},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(
        {"text": text or "", "message": "" if text else "本案暂无该项材料。"}, json_dumps_params={"ensure_ascii": False}
    )


@login_required
@require_POST
def check(request: HttpRequest, document_id: int) -> HttpResponse:
    """The citations of the text that do not hold (flagged on the page before submission)."""
    user = _person(request)
    selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    try:
        issues = services.citations_check(request.POST.get("body", ""))
    except statutes.StatutesUnavailable as exc:
        return JsonResponse(
            {"code": "statutes.unavailable", "message": str(exc)}, status=409, json_dumps_params={"ensure_ascii": False}
        )
    return JsonResponse(
        {"issues": [{"text": i.text, "error": i.error} for i in issues]}, json_dumps_params={"ensure_ascii": False}
    )


@login_required
@require_POST
def version_save(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    flash_action(
        request,
        lambda: services.draft_version_save(
            actor=user, document=doc, body=request.POST.get("body", ""), note=request.POST.get("note", "")
        ),
        _("已保存版本。"),
    )
    return redirect("documents:draft", doc.pk)


@login_required
@require_POST
def submit(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    body = request.POST.get("body")
    try:
        if body is not None:
            services.draft_autosave(actor=user, document=doc, body=body)
        services.signoff_submit(actor=user, document=doc, to_committee=request.POST.get("to_committee", ""))
    except (ApplicationError, statutes.StatutesUnavailable) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
        return redirect("documents:draft", doc.pk)
    messages.success(request, _("已提交阅核。"))
    return _back(doc.pk)


@login_required
@require_GET
@personal_data
def diff(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user)
    versions = list(selectors.versions(document=doc))
    by_no = {v.number: v for v in versions}

    def num(name: str, default: int) -> int:
        try:
            return int(request.GET.get(name, default))
        except ValueError:
            return default

    b = by_no.get(num("b", versions[-1].number if versions else 0))
    a = by_no.get(num("a", b.number - 1 if b else 0))
    rows = selectors.version_diff(a.body if a else "", b.body if b else doc.body)
    return render(
        request,
        "documents/diff.html",
        {"doc": doc, "case": doc.case, "versions": versions, "a": a, "b": b, "rows": rows},
    )


# --- review (阅核) ---------------------------------------------------------------------------------------------------


@login_required
@require_POST
def signoff_decide(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user)
    approve = request.POST.get("decision") == "approve"
    passages = request.POST.getlist("passage")
    texts = request.POST.getlist("comment")
    offsets = request.POST.getlist("offset")
    comments = []
    for i, (p, t) in enumerate(zip(passages, texts, strict=False)):
        if p.strip() or t.strip():
            off = offsets[i] if i < len(offsets) else ""
            comments.append(services.CommentIn(passage=p, text=t, offset=int(off) if off.isdigit() else None))
    flash_action(
        request,
        lambda: services.signoff_decide(
            actor=user, document=doc, approve=approve, opinion=request.POST.get("opinion", ""), comments=comments
        ),
        _("已阅核同意。") if approve else _("已退回修改。"),
    )
    return _back(doc.pk)


@login_required
@require_GET
@personal_data
def signoff_queue(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    if not permits(user=user, resource=Resource.DOCUMENT, action=Action.APPROVE):
        raise PermissionDenied
    steps = selectors.signoff_queue_current(user=user)
    return render(request, "documents/signoff_queue.html", {"steps": steps, "capacities": RV.CAPACITIES})


# --- seal, service, effect -----------------------------------------------------------------------------------------


@login_required
@require_POST
def sign(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    flash_action(
        request,
        lambda: services.document_sign_request(actor=user, document=doc),
        _("已提交签章：正在后台生成 PDF、加盖电子院印并签章，完成后哈希存证并归入电子卷宗。"),
    )
    return _back(doc.pk)


@login_required
@require_GET
def job(request: HttpRequest, document_id: int) -> HttpResponse:
    """The background signing's state for the document's page (polled while it shows 签章中)."""
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user)
    return JsonResponse(
        {"job": doc.job, "label": doc.get_job_display() if doc.job else "", "step": doc.job_step,
         "progress": doc.job_progress, "state": doc.state, "error": doc.error if doc.job == "failed" else ""},
        json_dumps_params={"ensure_ascii": False},
    )  # fmt: skip


@login_required
@require_POST
def serve(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    flash_action(request, lambda: services.document_serve(actor=user, document=doc), _("已交付送达。"))
    return _back(doc.pk)


@login_required
@require_POST
def take_effect(request: HttpRequest, document_id: int) -> HttpResponse:
    user = _person(request)
    doc = selectors.document_get_for_user(document_id=document_id, user=user, action=Action.CHANGE)
    flash_action(request, lambda: services.document_take_effect(actor=user, document=doc), _("已登记生效。"))
    return _back(doc.pk)


# --- templates --------------------------------------------------------------------------------------------------


def _template_courts(user: User) -> list[int]:
    return sorted(grant_courts(user=user, resource=Resource.DOCUMENT_TEMPLATE, action=Action.CHANGE))


@login_required
@personal_data
def templates(request: HttpRequest) -> HttpResponse:
    """The court's template versions per kind (文书模板): the stock one, the court's own, upload of a new version."""
    from smartcourt.courts.selectors import court_list_by_ids

    user = _person(request)
    court_ids = _template_courts(user)
    if not court_ids:
        raise PermissionDenied
    courts = list(court_list_by_ids(court_ids=court_ids))
    court = courts[0]
    wanted = request.GET.get("court", "")
    court = next((c for c in courts if str(c.pk) == wanted), court)
    assert court is not None
    if request.method == "POST":
        upload = request.FILES.get("file")
        kind = request.POST.get("kind", "")
        if upload is None:
            messages.error(request, _("请选择模板文件（.docx）。"))
        elif (upload.size or 0) > 5 * 1024 * 1024:
            messages.error(request, _("模板文件过大（不超过5MB）。"))
        else:
            content = upload.read()
            flash_action(
                request,
                lambda: services.template_upload(
                    actor=user, court=court, kind=kind, content=content, note=request.POST.get("note", "")
                ),
                _("已上传新版本。"),
            )
        return redirect(f"{reverse('documents:templates')}?court={court.pk}")
    for k in KINDS:
        services.template_stock(kind=k)
    rows = []
    versions = list(DocumentTemplate.objects.filter(court__isnull=True) | DocumentTemplate.objects.filter(court=court))
    for spec in KINDS.values():
        mine = sorted(
            (v for v in versions if v.kind == spec.code),
            key=lambda v: (v.court_id is not None, v.version),
            reverse=True,
        )
        rows.append({"spec": spec, "versions": mine, "fields": sorted(spec.fields)})
    return render(request, "documents/templates.html", {"rows": rows, "court": court, "courts": courts})


def _template_for(user: User, template_id: int) -> DocumentTemplate:
    courts = _template_courts(user)
    tpl = DocumentTemplate.objects.filter(pk=template_id).first()
    if not courts or tpl is None or (tpl.court_id is not None and tpl.court_id not in courts):
        raise NotFound()
    return tpl


@login_required
@require_GET
def template_preview(request: HttpRequest, template_id: int) -> HttpResponse:
    user = _person(request)
    tpl = _template_for(user, template_id)
    as_pdf = request.GET.get("format") != "docx"
    content = services.template_preview(template=tpl, pdf=as_pdf)
    ctype = "application/pdf" if as_pdf else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = (
        f"inline; filename=template-{tpl.kind}-v{tpl.version}.{'pdf' if as_pdf else 'docx'}"
    )
    return response


@login_required
@require_GET
def template_download(request: HttpRequest, template_id: int) -> HttpResponse:
    user = _person(request)
    tpl = _template_for(user, template_id)
    response = HttpResponse(
        blob_read(tpl.storage_name),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename=template-{tpl.kind}-v{tpl.version}.docx"
    return response


# --- public check ---------------------------------------------------------------------------------------------------


@public("anyone may check a signed court document: the signature and the ledger proof of the file they hold")
def verify(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = _("请选择要核验的 PDF 文书。")
        elif (upload.size or 0) > MAX_VERIFY_BYTES:
            context["error"] = _("文件过大（不超过30MB）。")
        else:
            result = selectors.verify_pdf(upload.read())
            context["result"] = result
            context["filename"] = upload.name
    return render(request, "documents/verify.html", context, status=400 if context.get("error") else 200)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


__all__ = ["Document"]

"""/api/v1/dossier: a case's documents, pages and catalogue; upload (multipart), category correction, export —
the same selectors and services as the pages, so the permission table decides alike. Bad input → 4xx JSON."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import ApplicationError
from smartcourt.core.params import Id
from smartcourt.core.privacy import personal_data
from smartcourt.core.services import AuditAction
from smartcourt.courts.permissions import Action, public

from . import selectors, services
from .models import DocumentSource
from .rules import catalogue

if TYPE_CHECKING:
    from smartcourt.courts.models import User

router = Router(tags=["电子卷宗"])
router.add_decorator(personal_data, mode="view")  # answers name parties, cases or the caller: never cached
MAX_UPLOAD_FILES = 50


class DocumentOut(Schema):
    id: int
    seq: int
    title: str
    category: str
    category_label: str
    category_confidence: float
    category_source: str
    needs_review: bool
    source: str
    origin_ref: str
    filename: str
    sha256: str
    content_type: str
    size: int
    page_count: int
    first_page: int | None
    last_page: int | None
    ocr_state: str
    file_url: str
    created_at: datetime


class PageOut(Schema):
    id: int
    document: int
    number: int
    global_number: int | None
    sha256: str
    content_type: str
    ocr_state: str
    ocr_error: str
    ocr_confidence: float | None
    ocr_engine: str
    ledger_status: str
    file_url: str


class PageTextOut(PageOut):
    ocr_text: str
    ocr_lines: list[dict[str, Any]]


class CatalogueRow(Schema):
    seq: int
    title: str
    category: str
    category_label: str
    pages: str


class HitOut(Schema):
    page: int | None
    page_id: int
    document: int
    snippet: str


class CorrectIn(Schema):
    category: str = Field(..., json_schema_extra={"enum": [code for code, _label in catalogue.CHOICES]})
    note: str = ""


class RenameIn(Schema):
    title: str = Field(..., description="新的文件名称（连续空白合并为一个空格；为空时 400 dossier.empty_title）")
    note: str = ""


class ExportOut(Schema):
    id: int
    sha256: str
    size: int
    page_count: int
    document_count: int
    file_url: str
    created_at: datetime


class CategoryOut(Schema):
    code: str
    label: str


def _document_out(entry: selectors.CatalogueEntry) -> dict[str, Any]:
    d = entry.document
    return {
        "id": d.pk, "seq": entry.seq, "title": d.title, "category": d.category, "category_label": entry.category_label,
        "category_confidence": d.category_confidence, "category_source": d.category_source,
        "needs_review": entry.needs_review, "source": d.source, "origin_ref": d.origin_ref, "filename": d.filename,
        "sha256": d.sha256, "content_type": d.content_type, "size": d.size, "page_count": d.page_count,
        "first_page": entry.first, "last_page": entry.last, "ocr_state": d.ocr_state,
        "file_url": reverse("dossier:document_file", args=[d.case_id, d.pk]), "created_at": d.created_at,
    }  # fmt: skip


def _page_out(p, with_text: bool = False) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    out = {
        "id": p.pk, "document": p.document_id, "number": p.number, "global_number": p.global_number,
        "sha256": p.sha256, "content_type": p.content_type, "ocr_state": p.ocr_state, "ocr_error": p.ocr_error,
        "ocr_confidence": p.ocr_confidence, "ocr_engine": p.ocr_engine, "ledger_status": p.ledger_status,
        "file_url": reverse("dossier:page_file", args=[p.case_id, p.pk]),
    }  # fmt: skip
    if with_text:
        out.update(ocr_text=p.ocr_text, ocr_lines=p.ocr_lines)
    return out


def _export_out(x) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "id": x.pk, "sha256": x.sha256, "size": x.size, "page_count": x.page_count,
        "document_count": x.document_count, "created_at": x.created_at,
        "file_url": reverse("dossier:export_file", args=[x.case_id, x.pk]),
    }  # fmt: skip


@router.get("/categories", response=list[CategoryOut], summary="卷宗目录类别（标准排列顺序）")
@public("the dossier catalogue's categories (standard order), the same for everyone signed in")
def categories(request: HttpRequest) -> list[dict[str, str]]:
    return [{"code": code, "label": label} for code, label in catalogue.CHOICES]


@router.get(
    "/cases/{case_id}/documents",
    response=list[DocumentOut],
    summary="案件电子卷宗文件（按卷宗目录顺序）",
    url_name="dossier_documents",  # the upload below shares the path and its body limit (apps.py)
)
def documents(request: HttpRequest, case_id: Id) -> list[dict[str, Any]]:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    return [_document_out(e) for e in selectors.catalogue_entries(case=case)]


@router.get("/cases/{case_id}/catalogue", response=list[CatalogueRow], summary="卷宗目录（序号、文件名称、页号）")
def catalogue_rows(request: HttpRequest, case_id: Id) -> list[dict[str, Any]]:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    return [
        {"seq": e.seq, "title": e.document.title, "category": e.document.category,
         "category_label": e.category_label, "pages": e.pages}
        for e in selectors.catalogue_entries(case=case)
    ]  # fmt: skip


@router.get("/cases/{case_id}/pages", response=list[PageOut], summary="卷宗各页（卷宗连续页号）")
def pages(request: HttpRequest, case_id: Id) -> list[dict[str, Any]]:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    return [_page_out(p) for p in selectors.page_list(case=case)]


@router.get("/cases/{case_id}/pages/{page_id}", response=PageTextOut, summary="一页的识别文字与文字行坐标")
def page_text(request: HttpRequest, case_id: Id, page_id: Id) -> dict[str, Any]:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    page = selectors.page_get(case=case, page_id=page_id)
    from .views import _read_logged

    _read_logged(request, action=AuditAction.DOSSIER_PAGE_TEXT_READ, target=page, case=case)
    return _page_out(page, with_text=True)


@router.get(
    "/cases/{case_id}/search",
    response=list[HitOut],
    openapi_extra=refuses("检索词全为空白时返回 400 dossier.empty_query"),
    summary="在卷宗识别文字中检索",
)
def search(
    request: HttpRequest,
    case_id: Id,
    q: Annotated[
        str, Query(min_length=1, max_length=100, description="检索词；全为空白时返回 400 dossier.empty_query")
    ],
) -> list[dict[str, Any]]:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user)
    if not catalogue.normalise(q):
        raise ApplicationError("请输入检索词。", code="dossier.empty_query")
    return [
        {"page": h.page.global_number, "page_id": h.page.pk, "document": h.page.document_id, "snippet": h.snippet}
        for h in selectors.dossier_search(case=case, q=q)
    ]


@router.post(
    "/cases/{case_id}/documents",
    response={201: list[DocumentOut], **errors(409, 413)},
    openapi_extra=refuses(
        "每个文件须通过卷宗入库检查（按内容识别的类型、大小、可读，core.intake）；source 为 scan 或 upload；一次最多 50 个文件"
    ),
    summary="上传卷宗文件（可多个，合计不超过单个文件的上限）",
    url_name="dossier_documents",
)
def upload(
    request: HttpRequest,
    case_id: Id,
    files: list[UploadedFile] = File(..., min_length=1, max_length=MAX_UPLOAD_FILES),  # noqa: B008
    source: str = Form("scan", description="scan（扫描）或 upload（上传）"),
) -> Status:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    if source not in (DocumentSource.SCAN, DocumentSource.UPLOAD):
        raise ApplicationError("来源只能是 scan（扫描）或 upload（上传）。", code="dossier.invalid_source")
    if len(files) > MAX_UPLOAD_FILES:
        raise ApplicationError(f"一次最多上传{MAX_UPLOAD_FILES}个文件。", code="dossier.too_many_files")
    uploads = [(f.name or "未命名文件", f.read()) for f in files]
    if source == DocumentSource.SCAN:
        added = services.dossier_scan_batch_add(case=case, uploads=uploads, actor=request.user)
    else:
        added = [
            services.dossier_document_add(
                case=case, title="", content=content, filename=name, source=source, actor=request.user
            )
            for name, content in uploads
        ]
    ids = {d.pk for d in added}
    return Status(201, [_document_out(e) for e in selectors.catalogue_entries(case=case) if e.document.pk in ids])


@router.post(
    "/cases/{case_id}/documents/{document_id}/category",
    response={200: DocumentOut, **errors(409)},
    summary="更正编目类别",
)
def correct(request: HttpRequest, case_id: Id, document_id: Id, payload: CorrectIn) -> dict[str, Any]:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    document = selectors.document_get(case=case, document_id=document_id)
    services.dossier_category_correct(
        document=document, category=payload.category, actor=request.user, note=payload.note
    )
    entry = next(e for e in selectors.catalogue_entries(case=case) if e.document.pk == document.pk)
    return _document_out(entry)


@router.post(
    "/cases/{case_id}/documents/{document_id}/title",
    response=DocumentOut,
    summary="修改卷宗目录文件名称",
    openapi_extra=refuses(
        "名称只有空白（dossier.empty_title）或合并空白后仍超过长度上限（dossier.title_too_long）时返回 400"
    ),
)
def rename(request: HttpRequest, case_id: Id, document_id: Id, payload: RenameIn) -> dict[str, Any]:
    user = cast("User", request.user)  # the API authenticates every operation
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=user, action=Action.CHANGE)
    document = selectors.document_get(case=case, document_id=document_id)
    services.dossier_document_rename(document=document, title=payload.title, actor=user, note=payload.note)
    entry = next(e for e in selectors.catalogue_entries(case=case) if e.document.pk == document.pk)
    return _document_out(entry)


@router.post(
    "/cases/{case_id}/export",
    response={201: ExportOut, **errors(409)},
    summary="导出整卷 PDF（目录、书签、页号，存证）",
)
def export(request: HttpRequest, case_id: Id) -> Status:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    return Status(201, _export_out(services.dossier_export_create(case=case, actor=request.user)))


@router.post(
    "/cases/{case_id}/pages/{page_id}/ocr-retry",
    openapi_extra=refuses("只有识别失败的页面可以重新识别（dossier.not_failed）"),
    response={200: PageOut, **errors(409)},
    summary="重新识别一页（识别失败时）",
)
def ocr_retry(request: HttpRequest, case_id: Id, page_id: Id) -> dict[str, Any]:
    case = selectors.dossier_case_get_for_user(case_id=case_id, user=request.user, action=Action.CHANGE)
    page = selectors.page_get(case=case, page_id=page_id)
    services.dossier_page_ocr_retry(page=page, actor=request.user)
    page.refresh_from_db()
    return _page_out(page)


@router.get("/review-queue", response=list[DocumentOut], summary="待审核编目（低置信度）")
def review(request: HttpRequest) -> list[dict[str, Any]]:
    out = []
    for d in selectors.review_queue(user=request.user)[:200]:
        entry = next(e for e in selectors.catalogue_entries(case=d.case) if e.document.pk == d.pk)
        out.append(_document_out(entry))
    return out


routers = [("/dossier", router)]

"""/api/v1: court documents — a case's documents, one document's metadata with links to its files, its signed PDF,
and the public check of a signed PDF (signature and ledger), the same selectors as the pages, so the permission
table decides alike (DOCUMENT/VIEW on the case: the court's staff; a party gets served documents through service).
Every refusal is `{code, message}` in Chinese with a 4xx status."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from smartcourt.core.api_errors import errors, refuses
from smartcourt.core.errors import ApplicationError, NotFound
from smartcourt.core.intake.store import blob_read
from smartcourt.core.params import Id
from smartcourt.core.privacy import personal_data
from smartcourt.courts.permissions import public

from . import selectors
from .kinds import KINDS

if TYPE_CHECKING:
    from smartcourt.courts.models import User

    from .models import Document

router = Router(tags=["裁判文书与诉讼文书"])
cases_router = Router(tags=["裁判文书与诉讼文书"])
router.add_decorator(personal_data, mode="view")  # titles and files name the parties: never cached
cases_router.add_decorator(personal_data, mode="view")
MAX_VERIFY_BYTES = 30 * 1024 * 1024


class VerifyInputError(ApplicationError):
    code = "documents.verify_input"
    message = "请上传要核验的 PDF 文书。"


class VerifyTooLarge(ApplicationError):
    status, code, message = 413, "documents.too_large", "文件过大（不超过30MB）。"


class CourtDocumentLinks(Schema):
    self: str
    page: str
    pdf: str | None  # the signed PDF (签章文书), once signed
    ledger: str | None  # the ledger's record of the signed file's hash


class CourtDocumentOut(Schema):
    id: int
    case_id: int
    case_number: str
    kind: str
    kind_label: str
    title: str
    state: str
    state_label: str
    signing: str  # "" | queued | running | failed (签章任务)
    signing_step: str
    signing_progress: int
    error: str
    recipient: str | None
    template_version: int | None
    signed_sha256: str
    signed_at: datetime | None
    served_at: datetime | None
    effective_on: date | None
    created_at: datetime
    links: CourtDocumentLinks


class DocumentSignatureOut(Schema):
    ok: bool
    signer: str
    signed_at: str
    timestamp: str
    problems: list[str]


class DocumentLedgerOut(Schema):
    found: bool
    index: int | None
    proof: str  # the ledger's public page for this hash


class VerifiedDocumentOut(Schema):
    court: str
    case_number: str
    title: str


class DocumentVerifyOut(Schema):
    ok: bool  # both the signature and the ledger hold
    sha256: str
    signature: DocumentSignatureOut
    ledger: DocumentLedgerOut
    document: VerifiedDocumentOut | None
    problems: list[str]


def _caller(request: HttpRequest) -> User:
    return cast("User", request.user)  # the API authenticates every operation but verify


def _out(request: HttpRequest, d: Document) -> dict[str, Any]:
    signed = bool(d.signed_storage_name)
    return {
        "id": d.pk, "case_id": d.case_id, "case_number": d.case.number, "kind": d.kind,
        "kind_label": KINDS[d.kind].label if d.kind in KINDS else d.kind, "title": d.title, "state": d.state,
        "state_label": d.get_state_display(), "signing": d.job, "signing_step": d.job_step,
        "signing_progress": d.job_progress, "error": d.error,
        "recipient": d.recipient.person.name if d.recipient is not None else None,
        "template_version": d.template.version if d.template is not None else None,
        "signed_sha256": d.signed_sha256, "signed_at": d.signed_at, "served_at": d.served_at,
        "effective_on": d.effective_on, "created_at": d.created_at,
        "links": {
            "self": reverse("api-v1:document_get", args=[d.pk]),
            "page": reverse("documents:detail", args=[d.pk]),
            "pdf": reverse("api-v1:document_pdf", args=[d.pk]) if signed else None,
            "ledger": f"{reverse('ledger:verify')}?sha256={d.signed_sha256}" if signed else None,
        },
    }  # fmt: skip


@cases_router.get(
    "/{case_id}/documents/", response=list[CourtDocumentOut], summary="案件的文书（生成、起草、签章、送达）"
)
def case_documents(request: HttpRequest, case_id: Id) -> list[dict[str, Any]]:
    rows = selectors.case_documents_for_user(case_id=case_id, user=_caller(request))
    return [_out(request, d) for d in rows]


@router.get(
    "/{document_id}/",
    response=CourtDocumentOut,
    summary="文书详情（状态、签章进度、签章文件链接）",
    url_name="document_get",
)
def document_get(request: HttpRequest, document_id: Id) -> dict[str, Any]:
    doc = selectors.document_get_for_user(document_id=document_id, user=_caller(request))
    return _out(request, doc)


@router.get(
    "/{document_id}/pdf",
    response={200: None, **errors(404)},
    openapi_extra={
        **refuses("文书尚未签章时没有签章 PDF（404 documents.not_signed）"),
        "responses": {
            200: {
                "description": "签章文书（PAdES 签名的 PDF）",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    },
    summary="签章文书 PDF",
    url_name="document_pdf",
)
def document_pdf(request: HttpRequest, document_id: Id) -> HttpResponse:
    from urllib.parse import quote

    doc = selectors.document_get_for_user(document_id=document_id, user=_caller(request))
    if not doc.signed_storage_name:
        raise NotFound("该文书尚未签章，没有签章 PDF。", code="documents.not_signed")
    response = HttpResponse(blob_read(doc.signed_storage_name), content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(f'{doc.case.number}-{doc.title}.pdf')}"
    return response


@router.post(
    "/verify",
    auth=None,
    response={200: DocumentVerifyOut, **errors(413)},
    openapi_extra=refuses("file 须为 PDF 文件（不超过30MB）"),
    summary="核验签章文书（签名与存证账本）",
)
@public("anyone may check a signed court document: the signature and the ledger proof of the file they hold")
def verify(request: HttpRequest, file: UploadedFile = File(...)) -> dict[str, Any]:  # noqa: B008
    if (file.size or 0) > MAX_VERIFY_BYTES:
        raise VerifyTooLarge()
    content = file.read()
    if not content.startswith(b"%PDF"):
        raise VerifyInputError("上传的文件不是 PDF。")
    result = selectors.verify_pdf(content)
    doc = result.document
    return {
        "ok": result.ok, "sha256": result.sha256,
        "signature": {"ok": result.signature.ok, "signer": result.signature.signer,
                      "signed_at": result.signature.signed_at, "timestamp": result.signature.timestamp,
                      "problems": list(result.signature.problems)},
        "ledger": {"found": result.ledger_found, "index": result.ledger_index,
                   "proof": f"{reverse('ledger:verify')}?sha256={result.sha256}"},
        "document": {"court": doc.case.court.name, "case_number": doc.case.number, "title": doc.title}
        if doc is not None else None,
        "problems": list(result.problems),
    }  # fmt: skip


routers = [("cases", cases_router), ("documents", router)]

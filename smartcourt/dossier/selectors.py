"""Reads of the electronic dossier, every one through the permission table (Resource.DOSSIER, scoped on the case):
a case whose dossier the user may not see is NotFound when the case itself is hidden, Forbidden otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from smartcourt.cases.selectors import case_visible_to
from smartcourt.core.errors import ApplicationError, Forbidden, NotFound
from smartcourt.courts.permissions import Action, Resource

from .models import CategorySource, DossierDocument, DossierExport, DossierPage, OcrState
from .rules import catalogue

if TYPE_CHECKING:
    from collections.abc import Iterable

    from smartcourt.cases.models import Case
    from smartcourt.courts.models import User


def dossier_cases_for_user(*, user: User, action: Action = Action.VIEW) -> QuerySet[Case]:
    return case_visible_to(user=user, action=action, resource=Resource.DOSSIER)


def dossier_case_get_for_user(*, case_id: int, user: User, action: Action = Action.VIEW) -> Case:
    """The case whose dossier `user` may read (VIEW) or file into and catalogue (CHANGE)."""
    # one row or none by its key: no ORDER BY (`.first()` would order by the list's -filed_on, -id: ~0.5 ms of
    # compiling on every dossier request, issue 15)
    found = list(
        dossier_cases_for_user(user=user, action=action)
        .select_related("court", "judge", "clerk")
        .filter(pk=case_id)
        .order_by()[:1]
    )
    if found:
        return found[0]
    if case_visible_to(user=user).filter(pk=case_id).exists():
        raise Forbidden(
            "您可以查看该案件，但无权" + ("查阅其电子卷宗。" if action == Action.VIEW else "编辑其电子卷宗。")
        )
    raise NotFound()


def dossier_can(*, user: User, case: Case, action: Action) -> bool:
    return dossier_cases_for_user(user=user, action=action).filter(pk=case.pk).exists()


def document_list(*, case: Case) -> QuerySet[DossierDocument]:
    """The case's documents in volume order (卷宗目录)."""
    return DossierDocument.objects.filter(case=case).order_by("position", "id")


def document_get(*, case: Case, document_id: int) -> DossierDocument:
    document = DossierDocument.objects.filter(case=case, pk=document_id).first()
    if document is None:
        raise NotFound()
    return document


@dataclass(frozen=True)
class DocumentContent:
    """A filed document's stored bytes, checked against the SHA-256 that was anchored when it was filed."""

    document_id: int
    case_id: int
    title: str
    filename: str
    content_type: str
    sha256: str
    content: bytes


class DocumentContentMismatch(ApplicationError):
    status, code = 409, "dossier.content_mismatch"
    message = "卷宗文件的存储内容与存证哈希不一致，已停止使用该文件，请联系系统管理员核查。"


def document_content(*, document_id: int) -> DocumentContent:
    """For other apps' background work (no user: the caller has already decided to use this document), e.g.
    service serving the filed complaint: exactly the bytes the dossier anchored, or DocumentContentMismatch."""
    import hashlib

    from smartcourt.core.intake.store import blob_read

    document = DossierDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise NotFound()
    content = blob_read(document.storage_name)
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise DocumentContentMismatch(extra={"document": document.pk})
    return DocumentContent(
        document_id=document.pk,
        case_id=document.case_id,
        title=document.title,
        filename=document.filename,
        content_type=document.content_type,
        sha256=document.sha256,
        content=content,
    )


def page_list(*, case: Case) -> QuerySet[DossierPage]:
    return DossierPage.objects.filter(case=case).select_related("document").order_by("global_number", "id")


def page_get(*, case: Case, page_id: int) -> DossierPage:
    page = DossierPage.objects.filter(case=case, pk=page_id).select_related("document").first()
    if page is None:
        raise NotFound()
    return page


def export_list(*, case: Case) -> QuerySet[DossierExport]:
    return DossierExport.objects.filter(case=case).order_by("-created_at", "-id")


def export_get(*, case: Case, export_id: int) -> DossierExport:
    export = DossierExport.objects.filter(case=case, pk=export_id).first()
    if export is None:
        raise NotFound()
    return export


@dataclass(frozen=True)
class CatalogueEntry:
    seq: int
    document: DossierDocument
    first: int | None
    last: int | None

    @property
    def pages(self) -> str:
        if self.first is None:
            return ""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    @property
    def category_label(self) -> str:
        return catalogue.label(self.document.category)

    @property
    def reasons(self) -> list[str]:
        """Why the document sits in its category, as sentences (never a classifier's pattern)."""
        return catalogue.reasons_shown(self.document.category_reasons)

    @property
    def needs_review(self) -> bool:
        from .services import review_threshold

        d = self.document
        return d.category_source == CategorySource.CLASSIFIER and d.category_confidence < review_threshold()


def catalogue_entries(*, case: Case) -> list[CatalogueEntry]:
    """序号, document, page range in the case file's numbering — in volume order."""
    numbers = DossierPage.objects.filter(case=case).values_list("document_id", "global_number")
    return _entries(document_list(case=case), numbers)


def _entries(documents: Iterable[DossierDocument], numbers: Iterable[tuple[int, int | None]]) -> list[CatalogueEntry]:
    """The catalogue of `documents` (in volume order) with each one's page range from `numbers`, its pages'
    (document id, case-file page number)."""
    ranges: dict[int, tuple[int, int]] = {}
    for doc_id, n in numbers:
        if n is None:
            continue
        lo, hi = ranges.get(doc_id, (n, n))
        ranges[doc_id] = (min(lo, n), max(hi, n))
    return [CatalogueEntry(seq, d, *ranges.get(d.pk, (None, None))) for seq, d in enumerate(documents, start=1)]


# What the viewer shows of a page (its page_data): not the OCR text and lines, a page's largest columns (the lines
# are JSON, decoded per row), which the viewer never shows (the search reads the text on its own).
VIEWER_PAGE_COLUMNS = (
    "id",
    "document",
    "number",
    "global_number",
    "sha256",
    "content_type",
    "ocr_state",
    "ledger_status",
)


def viewer_catalogue(*, case: Case) -> tuple[list[CatalogueEntry], list[DossierPage]]:
    """The viewer's catalogue and pages (in the case file's numbering) in two queries, the documents and the
    pages: the catalogue's page ranges come from the pages read for the viewer (issue 15: they were a query of
    their own, and each page came with its OCR text and lines and its document's every column)."""
    pages = list(DossierPage.objects.filter(case=case).only(*VIEWER_PAGE_COLUMNS).order_by("global_number", "id"))
    return _entries(document_list(case=case), ((p.document_id, p.global_number) for p in pages)), pages


def ocr_pending_count(*, case: Case) -> int:
    """Pages of the case still waiting for OCR (the viewer refreshes itself when this reaches zero)."""
    return DossierPage.objects.filter(case=case, ocr_state=OcrState.PENDING).count()


def review_queue(*, user: User) -> QuerySet[DossierDocument]:
    """Documents the classifier placed with low confidence, in the cases whose dossier `user` may catalogue."""
    from .services import review_threshold

    return (
        DossierDocument.objects.filter(
            case__in=dossier_cases_for_user(user=user, action=Action.CHANGE),
            category_source=CategorySource.CLASSIFIER,
            category_confidence__lt=review_threshold(),
        )
        .exclude(ocr_state="pending")
        .select_related("case")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class SearchHit:
    page: DossierPage
    snippet: str


def dossier_search(*, case: Case, q: str, limit: int = 200) -> list[SearchHit]:
    """Pages of the case whose OCR text contains `q` (whitespace ignored on both sides, so "判决书" finds the
    spaced title "判　决　书"), in page order, each with a short snippet around the first hit."""
    needle = catalogue.normalise(q)[:100]
    if not needle:
        return []
    hits = []
    pattern = re.compile(r"\s*".join(re.escape(ch) for ch in needle), re.IGNORECASE)
    # icontains on the first character narrows the rows in SQL; the whitespace-tolerant match decides.
    for page in page_list(case=case).filter(ocr_text__icontains=needle[0]):
        match = pattern.search(page.ocr_text)
        if match is None:
            continue
        start, end = max(0, match.start() - 20), min(len(page.ocr_text), match.end() + 30)
        snippet = page.ocr_text[start:end].replace("\n", " ")
        hits.append(SearchHit(page, snippet))
        if len(hits) >= limit:
            break
    return hits

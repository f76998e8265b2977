"""Reads of court documents: a case's documents, a reviewer's queue, the reading coverage of the file, the diff of
two versions, and the public check of a signed PDF (signature and ledger)."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from smartcourt.core.errors import NotFound
from smartcourt.courts.permissions import Action, Resource

from . import signing
from .models import Document, DraftVersion, SignoffStep, SignoffStepState

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import User


def case_documents(*, case: Case) -> QuerySet[Document]:
    return (
        Document.objects.filter(case=case).select_related("author", "recipient__person").order_by("-created_at", "-id")
    )


def document_get(*, document_id: int) -> Document | None:
    """One document with its case, for a system reader (a hand-off receiver); no permission check."""
    return Document.objects.select_related("case", "case__court").filter(pk=document_id).first()


def document_get_for_user(*, document_id: int, user: User, action: Action = Action.VIEW) -> Document:
    """One document of a case `user` may see (or change) by the table; else NotFound. The table is asked first, so
    a missing id and a forbidden one answer alike."""
    from smartcourt.cases.selectors import case_visible_to

    visible = case_visible_to(user=user, action=action, resource=Resource.DOCUMENT)
    doc = (
        Document.objects.select_related("case", "case__court", "template")
        .filter(pk=document_id, case__in=visible.values("pk"))
        .first()
    )
    if doc is None:
        raise NotFound()
    return doc


def case_documents_for_user(*, case_id: int, user: User) -> QuerySet[Document]:
    """A case's documents for `user` (the API's list): NotFound when the table does not let them see the case's
    documents — a missing case and a forbidden one answer alike."""
    from smartcourt.cases.selectors import case_visible_to

    if not case_visible_to(user=user, action=Action.VIEW, resource=Resource.DOCUMENT).filter(pk=case_id).exists():
        raise NotFound()
    return (
        Document.objects.filter(case_id=case_id)
        .select_related("case", "recipient__person", "template")
        .order_by("-created_at", "-id")
    )


def signoff_queue(*, user: User) -> QuerySet[SignoffStep]:
    """The steps waiting for `user` whose turn it is (the first waiting step of its document)."""
    steps = (
        SignoffStep.objects.filter(reviewer=user, state=SignoffStepState.WAITING)
        .select_related("document", "document__case")
        .order_by("created_at")
    )
    return steps


def signoff_queue_current(*, user: User) -> list[SignoffStep]:
    out = []
    for step in signoff_queue(user=user):
        first = (
            SignoffStep.objects.filter(document_id=step.document_id, state=SignoffStepState.WAITING)
            .order_by("round", "position")
            .values_list("pk", flat=True)
            .first()
        )
        if first == step.pk:
            out.append(step)
    return out


def versions(*, document: Document) -> QuerySet[DraftVersion]:
    return document.versions.select_related("author").order_by("number")


@dataclass
class Coverage:
    total: int
    read: list[int]  # global page numbers the judge opened
    unread: list[int]

    @property
    def percent(self) -> int:
        return round(100 * len(self.read) / self.total) if self.total else 100


def reading_coverage(*, case: Case, user_id: int | None) -> Coverage:
    """Which dossier pages the judge has opened: the dossier logs every page read (audit kind READ,
    DOSSIER_PAGE_READ, target the page) — read here, nothing new recorded."""
    from smartcourt.core.selectors import personal_data_views_for_subjects
    from smartcourt.core.services import AuditAction
    from smartcourt.dossier.selectors import page_list

    pages = dict(page_list(case=case).values_list("pk", "global_number"))
    read_ids = set()
    if user_id is not None and pages:
        read_ids = {
            int(t)
            for t in personal_data_views_for_subjects(subjects=[f"case:{case.pk}"])
            .filter(action=AuditAction.DOSSIER_PAGE_READ, actor_id=user_id)
            .values_list("target_id", flat=True)
            if t.isdigit()
        }
    read = sorted(n or 0 for pk, n in pages.items() if pk in read_ids)
    unread = sorted(n or 0 for pk, n in pages.items() if pk not in read_ids)
    return Coverage(total=len(pages), read=read, unread=unread)


@dataclass
class DiffRow:
    left_no: int | None
    left: str
    right_no: int | None
    right: str
    tag: str  # equal | replace | delete | insert


def version_diff(old: str, new: str) -> list[DiffRow]:
    """Side by side, line by line (difflib.SequenceMatcher): unchanged, changed, removed and added lines."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [DiffRow(i1 + k + 1, a[i1 + k], j1 + k + 1, b[j1 + k], tag) for k in range(i2 - i1)]
            continue
        n = max(i2 - i1, j2 - j1)
        for k in range(n):
            li, rj = i1 + k, j1 + k
            rows.append(
                DiffRow(
                    li + 1 if li < i2 else None, a[li] if li < i2 else "",
                    rj + 1 if rj < j2 else None, b[rj] if rj < j2 else "", tag,
                )
            )  # fmt: skip
    return rows


@dataclass
class VerifyResult:
    sha256: str
    signature: signing.SignatureCheck
    ledger_found: bool = False
    ledger_index: int | None = None
    document: Document | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.signature.ok and self.ledger_found


def verify_pdf(content: bytes) -> VerifyResult:
    """The public check of an uploaded PDF: pyHanko's validation of the court's signature, and whether this exact
    file (its SHA-256) is anchored in the ledger as a signed court document."""
    from smartcourt.ledger.selectors import ledger_records_for_sha256

    sha = hashlib.sha256(content).hexdigest()
    result = VerifyResult(sha256=sha, signature=signing.pdf_validate(content))
    records = [r for r in ledger_records_for_sha256(sha256=sha) if r.kind == "documents.signed"]
    if records:
        result.ledger_found, result.ledger_index = True, records[0].index
        result.document = Document.objects.filter(signed_sha256=sha).select_related("case", "case__court").first()
    else:
        result.problems.append("存证账本中没有这个文件：它不是本院签发的文书原件，或签发后已被改动。")
    return result

"""Reads of publication: a person's tasks (the permission table on the case), the side-by-side view, and the
public portal's published judgments (search by words, court, cause, date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from smartcourt.cases.selectors import case_parties, case_visible_to
from smartcourt.core.errors import NotFound
from smartcourt.courts.permissions import Action, Resource

from ..models import PublicationState, PublicationTask
from .search import search_q
from .text import body_paragraphs

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from smartcourt.core.actors import Actor

TYPE_LABELS = {
    "name": "姓名",
    "id_number": "身份证号",
    "mobile": "手机号码",
    "landline": "固定电话",
    "bank_card": "银行账号",
    "plate": "车牌号码",
    "address": "住址",
    "email": "电子邮箱",
}


def publication_tasks_for_user(
    *, user: Actor | AnonymousUser | None, state: str = "", action: Action = Action.VIEW
) -> QuerySet[PublicationTask]:
    cases = case_visible_to(user=user, resource=Resource.PUBLICATION, action=action).values("pk")  # type: ignore[arg-type]
    qs = PublicationTask.objects.filter(case_id__in=cases).select_related("court")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("due_on", "id")


def publication_task_get(*, user: Actor | AnonymousUser | None, task_id: int) -> PublicationTask:
    task = publication_tasks_for_user(user=user).select_related("case", "reviewed_by", "decided_by").filter(pk=task_id)
    found = task.first()
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = ""  # "" plain, else the replacement's type
    label: str = ""


def diff_segments(task: PublicationTask) -> tuple[list[Segment], list[Segment]]:
    """The original and the anonymised text as segments, the replaced spans marked on both sides."""
    original: list[Segment] = []
    anonymised: list[Segment] = []
    pos = 0
    text = task.full_text
    for r in sorted(task.replacements, key=lambda r: r["start"]):
        start, end = int(r["start"]), int(r["end"])
        if start < pos or end > len(text):
            continue
        plain = text[pos:start]
        if plain:
            original.append(Segment(plain))
            anonymised.append(Segment(plain))
        label = TYPE_LABELS.get(r["type"], r["type"])
        original.append(Segment(text[start:end], r["type"], label))
        anonymised.append(Segment(r.get("replacement") or "××", r["type"], label))
        pos = end
    if pos < len(text):
        original.append(Segment(text[pos:]))
        anonymised.append(Segment(text[pos:]))
    return original, anonymised


def anonymised_edited(task: PublicationTask) -> bool:
    """Whether the reviewer corrected the text by hand (the right side then shows the corrected text)."""
    _orig, anon = diff_segments(task)
    return "".join(s.text for s in anon) != task.anonymised_text


# --- the public portal --------------------------------------------------------------------------------------------


def published_judgments(
    *,
    q: str = "",
    court_id: int | None = None,
    cause: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[PublicationTask]:
    qs = PublicationTask.objects.filter(state=PublicationState.PUBLISHED).select_related("court")
    if q.strip():
        qs = qs.filter(search_q(q) | Q(case_number__icontains=q.strip()))
    if court_id:
        qs = qs.filter(court_id=court_id)
    if cause.strip():
        qs = qs.filter(cause__icontains=cause.strip())
    if date_from:
        qs = qs.filter(effective_on__gte=date_from)
    if date_to:
        qs = qs.filter(effective_on__lte=date_to)
    return qs.defer("full_text", "parties", "replacements", "search_text").order_by("-published_at", "-id")


def published_get(*, task_id: int) -> PublicationTask:
    task = (
        PublicationTask.objects.filter(state=PublicationState.PUBLISHED, pk=task_id)
        .select_related("court")
        .defer("full_text", "parties", "replacements", "search_text")
        .first()
    )
    if task is None:
        raise NotFound()
    return task


def published_paragraphs(task: PublicationTask) -> list[str]:
    return body_paragraphs(task.anonymised_text, heading=(task.court.name, task.title, task.case_number))


def registry_from_case(*, case_id: int) -> list[Any]:
    """The case's party registry as publication needs it (`services.RegistryParty`): every party's name, role label,
    ID number, address and phone as the court holds them — for the caller that builds a `PublicationSource`."""
    from smartcourt.cases.selectors import case_get

    from .services import RegistryParty

    case = case_get(case_id=case_id)
    if case is None:
        return []
    out = []
    for party in case_parties(case=case):
        person = party.person
        out.append(
            RegistryParty(
                name=person.name,
                role=str(party.get_role_display()),
                id_number=person.id_number or "",
                address=party.service_address or person.address or "",
                phone=party.service_phone or person.phone or "",
                minor=bool(person.is_minor),
            )
        )
    return out


def signed_original_check(task: Any) -> dict[str, Any] | None:
    """pyHanko's validation of the signed original a published judgment came from (documents' public check: the
    court's PAdES signature and the ledger entry of that exact file), remembered per file hash — a file's check does
    not change. None when the task came without a signed original."""
    from django.core.cache import cache

    from smartcourt.core.intake.store import blob_exists, blob_read
    from smartcourt.documents.selectors import verify_pdf

    if not task.signed_pdf_sha256 or not task.signed_pdf_name or not blob_exists(task.signed_pdf_name):
        return None
    key = f"publication:signed-check:{task.signed_pdf_sha256}"
    found: dict[str, Any] | None = cache.get(key)
    if found is None:
        result = verify_pdf(blob_read(task.signed_pdf_name))
        found = {
            "ok": result.ok,
            "signer": result.signature.signer,
            "signed_at": result.signature.signed_at,
            "timestamp": result.signature.timestamp,
            "problems": [*result.signature.problems, *result.problems],
        }
        cache.set(key, found, None)
    return found

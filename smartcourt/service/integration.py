"""Calls into the ledger (存证) and the dossier (电子卷宗) through their published services only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.core.actors import Actor

    from .models import ServiceEvent

RECEIPT_KINDS = frozenset(
    {"receipt.delivered", "receipt.read", "receipt.post", "receipt.in_person", "notice.published", "served"}
)


def event_anchor(*, event: ServiceEvent) -> None:
    """Every attempt and receipt is a ledger leaf (joins the caller's transaction)."""
    from smartcourt.ledger.services import ledger_anchor

    kind = "service.receipt" if event.kind in RECEIPT_KINDS else "service.attempt"
    ledger_anchor(
        kind=kind,
        subject=f"case:{event.case_id}/service.task:{event.task_id}/service.event:{event.pk}",
        sha256=event.sha256,
        meta={"event": event.kind, "task": event.task_id, "occurred_at": event.occurred_at.isoformat()},
    )


def certificate_anchor(*, case: Case, task_id: int, sha256: str, storage_name: str, meta: dict[str, Any]) -> None:
    from smartcourt.ledger.services import ledger_anchor

    ledger_anchor(
        kind="service.certificate",
        subject=f"case:{case.pk}/service.certificate:{task_id}",
        sha256=sha256,
        storage_name=storage_name,
        meta=meta,
    )


def certificate_file(*, case: Case, task_id: int, title: str, content: bytes, actor: Actor) -> int:
    """File the 送达回证 into the case's dossier (idempotent by origin_ref); the dossier anchors its pages."""
    from smartcourt.dossier.services import dossier_document_add

    document = dossier_document_add(
        case=case,
        title=title,
        content=content,
        filename=f"service-certificate-{task_id}.pdf",
        source="generated",
        actor=actor,
        category="service_certificate",
        origin_ref=f"service.certificate:{task_id}",
    )
    return int(document.pk)


def dossier_document_content(*, document_id: int) -> tuple[bytes, str]:
    """A filed dossier document's bytes and SHA-256, exactly as anchored (the dossier refuses a file that changed)."""
    from smartcourt.dossier.selectors import document_content

    found = document_content(document_id=document_id)
    return found.content, found.sha256

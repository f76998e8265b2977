"""Background work of the dossier: OCR of one page per task, on the "ocr" queue."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task


@court_task(queue_name="ocr", max_attempts=3, backoff_seconds=30)
def page_ocr_task(*, page_id: int) -> None:
    """OCR one dossier page; a page that cannot be read is marked failed with its reason (the task still succeeds,
    so the worker takes the next page)."""
    from .services import dossier_page_ocr

    dossier_page_ocr(page_id=page_id)


@court_task(queue_name="default", max_attempts=5, backoff_seconds=60)
def filing_intake_task(*, filing_id: int, actor_id: int | None = None) -> None:
    """File an accepted filing's complaint and evidence into the new case's dossier (idempotent by origin_ref)."""
    from smartcourt.courts.models import User
    from smartcourt.filing.models import Filing

    from .services import dossier_filing_intake

    filing = Filing.objects.select_related("case").filter(pk=filing_id).first()
    if filing is None or filing.case is None:
        return
    from smartcourt.courts.selectors import SYSTEM

    actor = (User.objects.filter(pk=actor_id).first() if actor_id else None) or SYSTEM  # a hand-off without a person
    dossier_filing_intake(filing=filing, actor=actor)


@court_task(queue_name="default", max_attempts=5, backoff_seconds=30)
def ledger_status_sync_task(*, page_ids: list[int]) -> None:
    """Mark dossier pages whose ledger leaves are now in the tree as recorded (存证完成)."""
    from .services import dossier_ledger_status_sync

    dossier_ledger_status_sync(page_ids=page_ids)

"""Background work of the dossier: OCR of one page per task, on the "ocr" queue; ledger status sync."""

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
    """Kept only so intake tasks queued before the "filing.case_opened" hand-off still run (idempotent by origin_ref);
    new intakes arrive through `hooks.filing_case_opened`."""
    from .hooks import filing_case_opened

    filing_case_opened(filing_id=filing_id, actor_id=actor_id)


@court_task(queue_name="default", max_attempts=5, backoff_seconds=30)
def ledger_status_sync_task(*, page_ids: list[int]) -> None:
    """Mark dossier pages whose ledger leaves are now in the tree as recorded (存证完成)."""
    from .services import dossier_ledger_status_sync

    dossier_ledger_status_sync(page_ids=page_ids)


@court_task(queue_name="default", max_attempts=3, backoff_seconds=60)
def ledger_status_reconcile_task() -> int:
    """Settle every page still shown as 存证入账中 whose leaf is now in the ledger's tree (the `dossier.ledger_reconcile`
    schedule); returns how many were settled."""
    from .services import dossier_ledger_status_reconcile

    return dossier_ledger_status_reconcile()

"""Background work of the dossier: OCR of one page per task, on the "ocr" queue."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task


@court_task(queue_name="ocr", max_attempts=3, backoff_seconds=30)
def page_ocr_task(*, page_id: int) -> None:
    """OCR one dossier page; a page that cannot be read is marked failed with its reason (the task still succeeds,
    so the worker takes the next page)."""
    from .services import dossier_page_ocr

    dossier_page_ocr(page_id=page_id)

"""Background work of court documents: the LibreOffice conversion a user waits for."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task


@court_task(queue_name="default", max_attempts=3, backoff_seconds=30)
def document_pdf_task(*, document_id: int) -> None:
    """Convert a generated document to PDF; a failure is kept on the document with its Chinese reason."""
    from .services import document_pdf_produce

    document_pdf_produce(document_id=document_id)


@court_task(queue_name="default", max_attempts=3, backoff_seconds=30)
def document_sign_task(*, document_id: int) -> None:
    """Seal and sign a document (and serve it when asked) off the request: services.document_sign_run."""
    from .services import document_sign_run

    document_sign_run(document_id=document_id)

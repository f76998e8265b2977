"""Hand-off receivers of the portal (registered in `PortalConfig.ready()`, run by smartcourt.jobs.handoff after the
sender's commit, retried on failure and listed on /jobs/failed/ when they keep failing)."""

from __future__ import annotations


def document_took_effect(*, document_id: int) -> None:
    """Receiver of "documents.took_effect": a judgment or ruling that took effect opens its publication task
    (法释〔2016〕19号 Art. 7) with the signed PDF, the text and the case's party registry. A kind that is not published
    (a mediation statement, Art. 4(3)) opens nothing. Idempotent: the same document's text returns the same task."""
    from smartcourt.documents.selectors import document_get

    from .publication.services import publication_open_for_document

    document = document_get(document_id=document_id)
    if document is not None:
        publication_open_for_document(document)

"""Hand-off receivers of the dossier (registered in `DossierConfig.ready()`, run by smartcourt.jobs.handoff after the
sender's commit, retried on failure and listed on /jobs/failed/ when they keep failing)."""

from __future__ import annotations


def filing_case_opened(*, filing_id: int, case_id: int | None = None, actor_id: int | None = None) -> None:
    """Receiver of "filing.case_opened": the accepted filing's complaint and evidence become the case's first documents
    (idempotent by origin_ref; the complaint, once filed, hands on "dossier.complaint_filed" for service)."""
    from smartcourt.courts.selectors import actor_get

    from .services import dossier_filing_intake

    dossier_filing_intake(filing_id=filing_id, actor=actor_get(user_id=actor_id))


def pages_ocr_requested(*, page_ids: list[int]) -> None:
    """Receiver of "dossier.ocr_requested": put each page still waiting for OCR on the "ocr" queue, one task per page."""
    from .models import DossierPage, OcrState
    from .tasks import page_ocr_task

    waiting = DossierPage.objects.filter(pk__in=page_ids, ocr_state=OcrState.PENDING).order_by("pk")
    for page_id in waiting.values_list("pk", flat=True):
        page_ocr_task.enqueue(page_id=page_id)  # a broker error fails the hand-off, which is retried


def power_of_attorney_accepted(
    *, power_of_attorney_id: int, case_id: int | None = None, actor_id: int | None = None
) -> None:
    """Receiver of "case.power_of_attorney_accepted": the power of attorney (授权委托书) the court accepted is filed into
    the case's dossier under 当事人身份证明及授权委托书 (idempotent by origin_ref)."""
    from smartcourt.courts.selectors import actor_get

    from .services import dossier_power_of_attorney_intake

    dossier_power_of_attorney_intake(power_id=power_of_attorney_id, actor=actor_get(user_id=actor_id))

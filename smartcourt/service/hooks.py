"""Hand-off receivers of service (registered in `ServiceConfig.ready()`, run by smartcourt.jobs.handoff after the
sender's commit, retried on failure and listed on /jobs/failed/ when they keep failing)."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def complaint_copies_serve(*, case_id: int, document_id: int, filing_id: int, actor_id: int | None = None) -> None:
    """Receiver of "dossier.complaint_filed": send the complaint copy (起诉状副本及应诉通知书) to each defendant (民诉法
    Art. 128: within five days of registration). The copy is the dossier's filed complaint, byte for byte, so the
    file served is the file anchored. Runs right after the acceptance and the dossier's intake committed; a failure
    is retried. A defendant without any usable channel is left for the service centre (it shows in no queue until
    an address is recorded, so the case page offers the form). Idempotent by origin_ref."""
    from smartcourt.cases.selectors import case_get, case_parties
    from smartcourt.courts.selectors import actor_get

    from .integration import dossier_document_content
    from .services import ServiceInputError, service_task_create

    case = case_get(case_id=case_id)
    if case is None:
        return
    document, _sha256 = dossier_document_content(document_id=document_id)
    actor = actor_get(user_id=actor_id)
    for party in case_parties(case=case).filter(role="defendant"):
        try:
            with transaction.atomic():
                service_task_create(
                    case=case,
                    recipient=party,
                    document=document,
                    document_type="complaint_copy",
                    title="起诉状副本及应诉通知书",
                    actor=actor,
                    origin_ref=f"filing.accept:{filing_id}:party:{party.pk}",
                )
        except ServiceInputError as exc:
            logger.info("complaint copy for %s not served automatically: %s", party, exc.message)


def attempt_dispatch(*, attempt_id: int) -> None:
    """Receiver of "service.attempt_started": queue the electronic attempt's dispatch. The sending itself stays a task of its own,
    run outside any transaction that could roll back after a message left the court (see channels.py); it claims the
    attempt first, so a dispatch queued twice sends once. The link is read from the attempt (never in the payload:
    hand-off payloads are shown on the failed-jobs page and the link carries the recipient's token)."""
    from .tasks import service_attempt_dispatch_task

    service_attempt_dispatch_task.enqueue(attempt_id=attempt_id, link="")

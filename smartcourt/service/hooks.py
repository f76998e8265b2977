"""Hand-off receivers of service (registered in `ServiceConfig.ready()`, run by smartcourt.jobs.handoff after the
sender's commit, retried on failure and listed on /jobs/failed/ when they keep failing)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from smartcourt.courts.models import User

logger = logging.getLogger(__name__)


def _actor(actor_id: int | None) -> User | None:
    from smartcourt.courts.models import User

    return User.objects.filter(pk=actor_id).first() if actor_id else None


def complaint_copies_serve(*, case_id: int, document_id: int, filing_id: int, actor_id: int | None = None) -> None:
    """ "dossier.complaint_filed": send the complaint copy (起诉状副本及应诉通知书) to each defendant (民诉法
    Art. 128: within five days of registration). The copy is the dossier's filed complaint, byte for byte, so the
    file served is the file anchored. Runs right after the acceptance and the dossier's intake committed; a failure
    is retried. A defendant without any usable channel is left for the service centre (it shows in no queue until
    an address is recorded, so the case page offers the form). Idempotent by origin_ref."""
    from smartcourt.cases.models import Case

    from .integration import dossier_document_content
    from .services import ServiceInputError, service_task_create

    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return
    document, _sha256 = dossier_document_content(document_id=document_id)
    actor = _actor(actor_id)
    for party in case.parties.filter(role="defendant").select_related("person"):
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
    """ "service.attempt_started": queue the electronic attempt's dispatch. The sending itself stays a task of its own,
    run outside any transaction that could roll back after a message left the court (see channels.py); it claims the
    attempt first, so a dispatch queued twice sends once. The link is read from the attempt (never in the payload:
    hand-off payloads are shown on the failed-jobs page and the link carries the recipient's token)."""
    from .tasks import service_attempt_dispatch_task

    service_attempt_dispatch_task.enqueue(attempt_id=attempt_id, link="")

"""Service started by other apps' events: on filing acceptance the complaint copy goes to each defendant."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from smartcourt.courts.models import User
    from smartcourt.filing.models import Filing

logger = logging.getLogger(__name__)


def complaint_copies_serve(filing: Filing, actor: User) -> None:
    """Send the complaint copy (起诉状副本及应诉通知书) to each defendant (民诉法 Art. 128: within five days of
    registration), after the acceptance committed. A defendant without any usable channel is left for the service
    centre (it shows in no queue until an address is recorded, so the case page offers the form)."""
    from smartcourt.filing.complaint_pdf import complaint_pdf

    from .services import ServiceInputError, service_task_create

    case = filing.case
    if case is None:
        return
    document = complaint_pdf(filing, draft=False)
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
                    origin_ref=f"filing.accept:{filing.pk}:party:{party.pk}",
                )
        except ServiceInputError as exc:
            logger.info("complaint copy for %s not served automatically: %s", party, exc.message)

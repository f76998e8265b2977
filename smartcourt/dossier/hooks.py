"""What the dossier plugs into other apps: an accepted filing's complaint and evidence become dossier items."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def filing_accepted(filing, actor) -> None:  # type: ignore[no-untyped-def]
    """Runs after the acceptance commits: queue the intake (idempotent, so a retry never files twice)."""
    from .tasks import filing_intake_task

    try:
        filing_intake_task.enqueue(filing_id=filing.pk, actor_id=getattr(actor, "pk", None))
    except Exception:  # the acceptance stands whatever happens here; the task's own result records the failure
        logger.exception("dossier intake of filing %s could not be queued", filing.pk)

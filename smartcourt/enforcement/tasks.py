"""Background work of enforcement: one holder's answer about one debtor; the daily freeze-renewal reminders."""

from __future__ import annotations

from smartcourt.jobs.retry import court_task


@court_task(queue_name="default", max_attempts=5, backoff_seconds=30)
def inquiry_answer_task(*, batch_id: int, party_id: int, holder_kind: str) -> None:
    from .services_control import inquiry_answer

    inquiry_answer(batch_id=batch_id, party_id=party_id, holder_kind=holder_kind)


@court_task(queue_name="default", max_attempts=3, backoff_seconds=300)
def freeze_renewal_reminders_task() -> int:
    from .services_control import freeze_renewal_reminders

    return freeze_renewal_reminders()

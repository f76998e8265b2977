"""What every write of the case core shares: the input error and the one way onto the case timeline.

Re-exported by `cases.services` (other apps import `case_event_append` and `CaseInputError` from there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smartcourt.core.actors import actor_required, actor_user
from smartcourt.core.errors import ApplicationError
from smartcourt.core.timeline import event_time, vocabulary_member

from .models import CaseEvent, CaseEventType

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor

    from .models import Case


class CaseInputError(ApplicationError):
    code = "case.invalid_input"


def case_event_append(
    *,
    case: Case,
    type: CaseEventType,
    actor: Actor,
    summary: str,
    old: dict | None = None,
    new: dict | None = None,
    corrects: CaseEvent | None = None,
) -> CaseEvent:
    """Append one event to the case timeline (append-only; other apps import it from `cases.services`).

    `type` must be a `CaseEventType` (a string equal to a member's value is accepted). The event happens now — or,
    while the demo generator or an import replays history, at `core.timeline.recorded_at`'s instant — and carries
    the correlation id of the action writing it.
    SYSTEM's events have no user (shown as 系统); None is refused.
    """
    actor_required(actor)
    payload: dict[str, Any] = {}
    if old:
        payload["old"] = old
    if new:
        payload["new"] = new
    return CaseEvent.objects.create(
        case=case,
        type=vocabulary_member(CaseEventType, type),
        occurred_at=event_time(),
        actor=actor_user(actor),
        summary=summary[:300],
        payload=payload,
        corrects=corrects,
    )

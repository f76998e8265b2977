"""The trial-period clock (审限) of a case: its statutory rule, adjustments, and the due date with explanation."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Case


def case_trial_due_refresh(*, case: Case) -> None:
    """Recompute `case.trial_due_on` from the rules (caller saves)."""
    from .selectors import case_trial_period

    period = case_trial_period(case=case)
    case.trial_due_on = period.due if period is not None else None

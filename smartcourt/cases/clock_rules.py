"""Glue between a case's rows and the pure trial-period rules (rules/deadlines.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Case, TrialPeriodAdjustment


def trial_period_for_case(*, case: Case, adjustments: list[TrialPeriodAdjustment], today: date) -> Any:
    return None

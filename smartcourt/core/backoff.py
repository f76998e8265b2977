"""Exponential backoff between attempts, shared by the task retries (jobs.retry) and the outbox's resends."""

from __future__ import annotations

import random


def backoff_delay(
    attempt: int, base_seconds: float, cap_seconds: float = 3600, jitter: float = 0.2, rng: random.Random | None = None
) -> float:
    """Seconds to wait before attempt `attempt + 1`: base × 2^(attempt-1), capped, ± jitter so retries spread."""
    delay = min(cap_seconds, base_seconds * 2 ** (attempt - 1))
    spread = (rng or random).uniform(-jitter, jitter)
    return max(0.0, delay * (1 + spread))

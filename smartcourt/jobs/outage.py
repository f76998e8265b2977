"""Outages of the database or Redis seen by a long-lived worker: log once clearly, wait with backoff, say when it
is over. The worker never exits on them (a supervisor restart would lose the loaded OCR engine and, before this,
nothing restarted it at all: OCR, ledger recording and schedules stopped silently)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from smartcourt.core.backoff import backoff_delay

logger = logging.getLogger("smartcourt.jobs.worker")


def database_errors() -> tuple[type[BaseException], ...]:
    """What a lost or refused database connection raises through the ORM (not programming errors: a missing table
    must still stop the worker loudly)."""
    from django.db import InterfaceError, OperationalError

    return (OperationalError, InterfaceError)


def redis_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError, TimeoutError

    return (ConnectionError, TimeoutError)


class Outage:
    """One dependency's outage as one worker sees it. `failed(exc)` logs and sleeps (backoff with jitter, capped);
    `ok()` after a success ends the outage and logs how long it lasted."""

    def __init__(
        self,
        what: str,
        *,
        base_seconds: float = 0.5,
        cap_seconds: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self.base_seconds, self.cap_seconds = base_seconds, cap_seconds
        self.sleep, self.clock = sleep, clock
        self.attempts = 0
        self.since: float | None = None

    @property
    def active(self) -> bool:
        return self.since is not None

    def failed(self, exc: BaseException) -> float:
        """Record a failed attempt, log it, wait before the next one; returns the seconds waited."""
        self.attempts += 1
        if self.since is None:
            self.since = self.clock()
        delay = backoff_delay(self.attempts, self.base_seconds, cap_seconds=self.cap_seconds)
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        log = logger.error if self.attempts == 1 else logger.warning
        log(
            "%s unavailable (%s: %s); the worker keeps running and tries again in %.1f s (attempt %d, down %.0f s)",
            self.what,
            type(exc).__name__,
            first_line,
            delay,
            self.attempts,
            self.clock() - self.since,
        )
        self.sleep(delay)
        return delay

    def ok(self) -> float | None:
        """A successful attempt: ends the outage; returns its length in seconds (None if there was none)."""
        if self.since is None:
            return None
        lasted = self.clock() - self.since
        logger.warning(
            "%s reachable again after %.1f s (%d attempts); the worker resumes", self.what, lasted, self.attempts
        )
        self.since, self.attempts = None, 0
        return lasted

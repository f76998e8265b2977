"""Tasks with a retry policy: a failing task is enqueued again with exponential backoff, up to a limit.

    @court_task(queue_name="ocr", max_attempts=5, backoff_seconds=30)
    def page_ocr_task(*, page_id: int) -> None: ...

Each attempt is its own task result (so the failed-task page shows every failure); the attempt number travels in
the keyword argument `_attempt`. Each attempt is one action with its own correlation id (smartcourt.core.correlation),
shared by every row it writes. Works on every backend of Django's task API; where a backend cannot defer
(the immediate backend used in tests) the retry runs at once.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task as django_task

from smartcourt.core.backoff import backoff_delay
from smartcourt.core.correlation import correlation_scope

logger = logging.getLogger(__name__)
ATTEMPT_KWARG = "_attempt"


def court_task(
    *, queue_name: str = "default", max_attempts: int = 5, backoff_seconds: float = 10, priority: int = 0
) -> Callable[[Callable[..., Any]], Any]:
    def decorate(fn: Callable[..., Any]) -> Any:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                with correlation_scope():
                    return fn(*args, **kwargs)
            except Exception:
                if attempt >= max_attempts:
                    logger.error("task %s failed for good after %d attempts", fn.__qualname__, attempt)
                    raise
                delay = backoff_delay(attempt, backoff_seconds)
                again = the_task.using(priority=priority)
                if again.get_backend().supports_defer:
                    again = again.using(run_after=timezone.now() + timedelta(seconds=delay))
                logger.warning(
                    "task %s failed (attempt %d/%d), retrying in %.0f s", fn.__qualname__, attempt, max_attempts, delay
                )
                try:
                    again.enqueue(*args, **kwargs, **{ATTEMPT_KWARG: attempt + 1})
                except Exception:  # the retry of an immediate backend ran and failed: its own result says so
                    logger.exception("retry of %s failed", fn.__qualname__)
                raise

        the_task = django_task(queue_name=queue_name, priority=priority)(run)
        return the_task

    return decorate

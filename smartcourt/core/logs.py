"""Logging helpers for production's JSON logs (settings/prod.py): each line carries the correlation id of the action
that wrote it (core.correlation), the same id a response returns as X-Correlation-ID."""

from __future__ import annotations

import logging

from .correlation import scoped_correlation_id


class CorrelationIdFilter(logging.Filter):
    """Adds `correlation_id` to every record: the open action's id, or "" outside any (never a database query)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "correlation_id"):
            action = scoped_correlation_id()
            record.correlation_id = str(action) if action else ""
        return True

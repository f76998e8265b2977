"""The correlation id: one UUID shared by every row one action writes (the audit row, each timeline event).

An action is a request (`CorrelationIdMiddleware`), a task run (`smartcourt.jobs.retry.court_task`) or a management
command (`manage.py`); each opens a `correlation_scope()`, and services called inside it — however deeply nested —
inherit its id. Code running outside any scope (a shell, a test calling a service) still gets one id per database
transaction, so the rows one service call writes always agree:

    with correlation_scope() as action_id:
        case_transition(case=case, target="closed", actor=judge, closing_method="judgment")
    AuditLog.objects.filter(correlation_id=action_id)   # the audit row; CaseEvent likewise: the closing event

The id is generated here, never taken from a caller: a client cannot make its rows look like another action's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

HEADER = "X-Correlation-ID"

_current: ContextVar[uuid.UUID | None] = ContextVar("smartcourt_correlation_id", default=None)


@contextmanager
def correlation_scope(*, inherit: bool = False) -> Iterator[uuid.UUID]:
    """Open an action: rows written inside share the yielded id. With `inherit`, an enclosing action's id is kept."""
    outer = _current.get()
    action_id = outer if inherit and outer is not None else uuid.uuid4()
    token = _current.set(action_id)
    try:
        yield action_id
    finally:
        _current.reset(token)


def scoped_correlation_id() -> uuid.UUID | None:
    """The open scope's id, or None: never opens a transaction's id (logging asks this, core.logs)."""
    return _current.get()


def correlation_id() -> uuid.UUID:
    """The id of the action running now: the open scope's, else the current transaction's (one per transaction)."""
    scoped = _current.get()
    if scoped is not None:
        return scoped
    return _transaction_id()


def _transaction_id() -> uuid.UUID:
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return uuid.uuid4()  # autocommit: the row is its own transaction
    # Django replaces `run_on_commit` with a new list when a transaction commits or rolls back (and when a savepoint
    # rolls back), so the list identifies the transaction in progress without a hook of our own.
    bound: tuple[list[Any], uuid.UUID] | None = getattr(connection, "_smartcourt_correlation", None)
    if bound is not None and bound[0] is connection.run_on_commit:
        return bound[1]
    action_id = uuid.uuid4()
    connection._smartcourt_correlation = (connection.run_on_commit, action_id)  # type: ignore[attr-defined]
    return action_id

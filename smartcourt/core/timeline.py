"""What every append-only record shares: when it happened, and the closed vocabulary of what can happen.

- `event_time()` is the instant an append function stamps on its row: now, or — inside `recorded_at(dt)` — the
  historical instant a data import or the demo generator is replaying. Timelines are append-only, so history is
  written with its own time when created, never rewritten afterwards.
- `vocabulary_member(EnumType, value)` turns an event type or audit action into a member of its enum, refusing an
  unknown word, so a typo cannot reach a timeline that clients and auditors filter on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from enum import Enum
from typing import TypeVar

from django.utils import timezone

E = TypeVar("E", bound=Enum)

_recorded_at: ContextVar[datetime | None] = ContextVar("smartcourt_recorded_at", default=None)


class UnknownVocabulary(ValueError):
    """A programming error: an event type or audit action that its enum does not list."""


@contextmanager
def recorded_at(when: datetime) -> Iterator[datetime]:
    """Record the timeline events and audit rows written inside as having happened at `when`.

    Only for writing history that already happened — the demo generator (`smartcourt.demo`) and data imports from
    another court system — through the same services that record today's actions. `when` must be timezone-aware
    and not in the future: an import restores the past, it cannot pre-date what has not happened yet. Product code
    never uses it: an action in the system happens now.
    """
    if timezone.is_naive(when):
        raise ValueError("recorded_at needs a timezone-aware datetime")
    if when > timezone.now():
        raise ValueError(f"recorded_at({when.isoformat()}) is in the future: history can only be recorded in the past")
    token = _recorded_at.set(when)
    try:
        yield when
    finally:
        _recorded_at.reset(token)


def event_time() -> datetime:
    """The instant to stamp on an event or audit row: now, or the enclosing `recorded_at` instant."""
    return _recorded_at.get() or timezone.now()


def vocabulary_member(vocabulary: type[E], value: str) -> E:
    """`value` as a member of `vocabulary` (a member passes through; a string must equal a member's value)."""
    if isinstance(value, vocabulary):
        return value
    try:
        return vocabulary(value)
    except ValueError:
        raise UnknownVocabulary(
            f"{value!r} is not a {vocabulary.__name__}: add it to {vocabulary.__module__}.{vocabulary.__qualname__}"
        ) from None

"""Test helper: a PDF generator gives the same bytes for the same input, whenever it runs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

import time_machine
from django.utils import timezone

FIRST = datetime(2026, 12, 7, 9, 30, 0, 100_000, tzinfo=timezone.get_fixed_timezone(8 * 60))
SAME_SECOND = timedelta(milliseconds=600)  # for documents that print the time they were made
DAYS_LATER = timedelta(days=3)


def assert_renders_identically(render: Callable[[], bytes], *, apart: timedelta = DAYS_LATER) -> bytes:
    """Render at two instants `apart` (reportlab used to write the clock into the file's dates and /ID)."""
    with time_machine.travel(FIRST, tick=False):
        first = render()
    with time_machine.travel(FIRST + apart, tick=False):
        second = render()
    assert first.startswith(b"%PDF-")
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    return first

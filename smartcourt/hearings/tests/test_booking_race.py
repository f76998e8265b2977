"""Two courts booking the same lawyer at the same moment: the booking locks serialise them, one wins and the other is
refused with the conflict (PostgreSQL; SQLite serialises every write anyway)."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
import time_machine
from django.db import connection, connections

from smartcourt.hearings.models import Hearing
from smartcourt.hearings.services import HearingConflict, hearing_schedule

from .factories import SHANGHAI, at, booking, build_world

NOW = datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI)
DAY = date(2025, 11, 10)


@pytest.mark.django_db(transaction=True)
def test_the_same_lawyer_booked_at_once_in_two_courts_only_one_wins() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    with time_machine.travel(NOW, tick=False):
        world = build_world()
        barrier = threading.Barrier(2, timeout=60)
        outcomes: list[str] = []

        def book(side, case) -> None:  # type: ignore[no-untyped-def]
            try:
                barrier.wait()
                hearing_schedule(case=case, data=booking(side, at(DAY, 9), at(DAY, 11)), actor=side.judge)
                outcomes.append("booked")
            except HearingConflict:
                outcomes.append("conflict")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=book, args=(world.a, world.cases["a"])),
                   threading.Thread(target=book, args=(world.b, world.cases["b"]))]  # fmt: skip
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert sorted(outcomes) == ["booked", "conflict"]
    assert Hearing.objects.count() == 1

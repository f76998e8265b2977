"""The outage tracker of long-lived workers: backoff between attempts, one clear line at start and at the end."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError

from smartcourt.jobs.outage import Outage


def test_backoff_grows_to_its_cap_and_the_end_of_the_outage_is_logged(caplog):
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    outage = Outage("database", base_seconds=0.5, cap_seconds=4, sleep=sleep, clock=lambda: now[0])
    assert outage.ok() is None and not outage.active
    with caplog.at_level(logging.WARNING, logger="smartcourt.jobs.worker"):
        for _ in range(6):
            outage.failed(OperationalError("connection refused\nIs the server running?"))
        lasted = outage.ok()
    assert all(0.4 <= s <= 4.8 for s in slept) and max(slept) >= 3.2  # 0.5, 1, 2, 4, 4, 4 ± 20 % jitter
    assert lasted == pytest.approx(sum(slept))
    assert not outage.active and outage.attempts == 0
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "database unavailable (OperationalError: connection refused)" in errors[0].message
    assert "keeps running" in errors[0].message
    assert "database reachable again after" in caplog.records[-1].message

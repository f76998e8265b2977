"""Tasks used by the background-task tests (module-level, so worker processes can import them)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task

from smartcourt.jobs.retry import court_task


@task()
def record_task(path: str, marker: str, sleep_first: float = 0.0) -> str:
    """Append start/done lines to `path`; the first run sleeps (so a test can kill its worker mid-task)."""
    log = Path(path)
    starts = log.read_text().count("start") if log.exists() else 0
    with log.open("a") as f:
        f.write(f"start {marker} {os.getpid()}\n")
    if starts == 0 and sleep_first:
        time.sleep(sleep_first)
    with log.open("a") as f:
        f.write(f"done {marker}\n")
    return marker


@court_task(max_attempts=3, backoff_seconds=0.05)
def flaky_task(path: str, fail_times: int) -> int:
    """Fail the first `fail_times` calls, then succeed; returns the attempt that succeeded."""
    log = Path(path)
    calls = (log.read_text().count("call") if log.exists() else 0) + 1
    with log.open("a") as f:
        f.write(f"call {calls}\n")
    if calls <= fail_times:
        raise RuntimeError(f"故意失败 {calls}")
    return calls


@task()
def tick_task(path: str) -> int:
    """Append one line per run to `path` (the scheduler tests count runs); returns the runs so far."""
    log = Path(path)
    with log.open("a") as f:
        f.write("tick\n")
    return log.read_text().count("tick")


@task()
def db_record_task(path: str, marker: str) -> int:
    """Read the database, then append `done <marker>` to `path` (a task a database outage must not break for good)."""
    from smartcourt.jobs.models import ScheduleRun

    rows = ScheduleRun.objects.count()
    with Path(path).open("a") as f:
        f.write(f"done {marker}\n")
    return rows


@task()
def ocr_record_task(path: str, image: str) -> int:
    """OCR one page image, logging start and done (with the characters read) to `path`; returns the characters."""
    from smartcourt.dossier.ocr import recognise_path

    log = Path(path)
    with log.open("a") as f:
        f.write(f"start {os.getpid()}\n")
    chars = 0
    for _ in range(2):  # long enough that a kill right after "start" lands mid-OCR
        chars = len(recognise_path(image).text)
    with log.open("a") as f:
        f.write(f"done {chars}\n")
    return chars

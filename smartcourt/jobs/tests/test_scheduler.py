"""Periodic schedules: due / not due, one enqueue per due run across workers, discovery, the worker's loop."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from smartcourt.jobs import scheduler
from smartcourt.jobs.models import ScheduleRun
from smartcourt.jobs.scheduler import Schedule, schedule_claim_and_enqueue, schedules_run_due
from smartcourt.jobs.tests.tasks import tick_task
from smartcourt.jobs.worker import LeasedWorker


def _runs(path: Path) -> int:
    return path.read_text().count("tick") if path.exists() else 0


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- due / not due (pure) --------------------------------------------------------------------------------------


def test_interval_schedule_due_first_time_and_after_interval():
    s = Schedule(name="t", task=tick_task, every=timedelta(minutes=15))
    now = _utc(2026, 12, 2, 3, 0)
    assert s.is_due(None, now)
    assert not s.is_due(now - timedelta(minutes=14, seconds=59), now)
    assert s.is_due(now - timedelta(minutes=15), now)
    assert s.next_run(now, now) == now + timedelta(minutes=15)


def test_daily_schedule_is_local_time_08_00_beijing_is_00_00_utc():
    s = Schedule(name="t", task=tick_task, at=time(8, 0))
    last = _utc(2026, 12, 1, 0, 0, 5)  # 2026-12-01 08:00:05 Beijing
    assert not s.is_due(last, _utc(2026, 12, 1, 23, 59, 59))  # 07:59:59 Beijing on the 2nd
    assert s.is_due(last, _utc(2026, 12, 2, 0, 0))  # 08:00 Beijing on the 2nd
    assert s.next_run(last, _utc(2026, 12, 1, 12, 0)) == _utc(2026, 12, 2, 0, 0)
    # Ran today already: next is tomorrow 08:00 Beijing.
    assert s.next_run(_utc(2026, 12, 2, 0, 0, 1), _utc(2026, 12, 2, 1, 0)) == _utc(2026, 12, 3, 0, 0)
    # A daily schedule never seen before waits for its time, like cron.
    assert not s.is_due(None, _utc(2026, 12, 2, 5, 0))


def test_daily_schedule_missed_for_days_runs_once():
    s = Schedule(name="t", task=tick_task, at=time(2, 0))
    last = _utc(2026, 11, 25, 18, 0)  # 26 Nov 02:00 Beijing
    now = _utc(2026, 12, 2, 6, 0)
    assert s.is_due(last, now)
    assert not s.is_due(now, now + timedelta(hours=1))


def test_schedule_needs_exactly_one_of_every_or_at():
    with pytest.raises(ValueError):
        Schedule(name="t", task=tick_task)
    with pytest.raises(ValueError):
        Schedule(name="t", task=tick_task, every=timedelta(minutes=1), at=time(1, 0))
    with pytest.raises(ValueError):
        Schedule(name="t", task=tick_task, every=timedelta(0))


# --- claiming and enqueueing (database) ------------------------------------------------------------------------


@pytest.mark.django_db
def test_interval_schedule_enqueues_then_waits(tmp_path):
    log = tmp_path / "log"
    s = Schedule(name="test.tick", task=tick_task, every=timedelta(minutes=15), kwargs={"path": str(log)})
    with time_machine.travel(_utc(2026, 12, 2, 3, 0), tick=False):
        assert schedule_claim_and_enqueue(s)
        assert schedule_claim_and_enqueue(s) is None
    with time_machine.travel(_utc(2026, 12, 2, 3, 14), tick=False):
        assert schedule_claim_and_enqueue(s) is None
    with time_machine.travel(_utc(2026, 12, 2, 3, 15), tick=False):
        assert schedule_claim_and_enqueue(s)
    assert _runs(log) == 2
    row = ScheduleRun.objects.get(name="test.tick")
    assert row.runs == 2 and row.last_run_at == _utc(2026, 12, 2, 3, 15) and row.last_task_id


@pytest.mark.django_db
def test_daily_schedule_runs_at_08_00_beijing(tmp_path):
    log = tmp_path / "log"
    s = Schedule(name="test.daily", task=tick_task, at=time(8, 0), kwargs={"path": str(log)})
    with time_machine.travel(_utc(2026, 12, 1, 10, 0), tick=False):  # 18:00 Beijing: first seen, waits
        assert schedule_claim_and_enqueue(s) is None
    with time_machine.travel(_utc(2026, 12, 1, 23, 59), tick=False):  # 07:59 Beijing next day
        assert schedule_claim_and_enqueue(s) is None
    with time_machine.travel(_utc(2026, 12, 2, 0, 0, 10), tick=False):  # 08:00:10 Beijing
        assert schedule_claim_and_enqueue(s)
        assert schedule_claim_and_enqueue(s) is None
    with time_machine.travel(_utc(2026, 12, 2, 12, 0), tick=False):
        assert schedule_claim_and_enqueue(s) is None
    assert _runs(log) == 1


@pytest.mark.django_db
def test_stale_claimer_does_not_enqueue_again(tmp_path):
    """Sequential race: two workers read the row before either claims; only the first claim wins."""
    log = tmp_path / "log"
    s = Schedule(name="test.race", task=tick_task, every=timedelta(minutes=1), kwargs={"path": str(log)})
    ScheduleRun.objects.create(name="test.race")
    seen_by_both = ScheduleRun.objects.get(name="test.race")
    with mock.patch.object(scheduler, "_row", return_value=seen_by_both):
        first = schedule_claim_and_enqueue(s, worker="a")
        second = schedule_claim_and_enqueue(s, worker="b")
    assert first and second is None
    assert _runs(log) == 1
    row = ScheduleRun.objects.get(name="test.race")
    assert (row.runs, row.last_worker) == (1, "a")


@pytest.mark.django_db
def test_failed_enqueue_leaves_the_run_due(tmp_path):
    log = tmp_path / "log"
    broken = mock.Mock()
    broken.enqueue.side_effect = RuntimeError("queue down")
    s = Schedule(name="test.broken", task=broken, every=timedelta(minutes=1))
    with mock.patch.object(scheduler, "schedules_all", return_value=[s]):
        assert schedules_run_due() == []
    assert ScheduleRun.objects.get(name="test.broken").runs == 0
    ok = Schedule(name="test.broken", task=tick_task, every=timedelta(minutes=1), kwargs={"path": str(log)})
    with mock.patch.object(scheduler, "schedules_all", return_value=[ok]):
        assert schedules_run_due() == ["test.broken"]
    assert _runs(log) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_enqueue_each_due_run_once(tmp_path):
    """Real threads (own connections) claiming the same due run at once: exactly one enqueues it."""
    log = tmp_path / "log"
    s = Schedule(name="test.threads", task=tick_task, every=timedelta(hours=1), kwargs={"path": str(log)})
    ScheduleRun.objects.create(name="test.threads")
    workers = 6 if connection.vendor == "postgresql" else 3
    barrier = threading.Barrier(workers)
    results: list[str | None] = []
    errors: list[BaseException] = []

    def claim(i: int) -> None:
        from django.db import connection as conn

        try:
            barrier.wait(timeout=10)
            results.append(schedule_claim_and_enqueue(s, worker=f"w{i}"))
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len([r for r in results if r]) == 1
    assert _runs(log) == 1
    assert ScheduleRun.objects.get(name="test.threads").runs == 1


# --- discovery, commands, the worker --------------------------------------------------------------------------


def test_discovery_finds_the_apps_schedules():
    found = {s.name: s for s in scheduler.schedules_all()}
    assert {"service.tick", "ledger.flush", "ledger.audit", "custody.overdue_remind", "intake.sweep"} <= set(found)
    assert found["service.tick"].every == timedelta(minutes=15)
    assert found["ledger.flush"].every == timedelta(minutes=1)
    assert found["ledger.audit"].at == time(2, 0)
    assert found["custody.overdue_remind"].at == time(8, 0)
    assert found["intake.sweep"].at == time(3, 0)
    assert found["intake.sweep"].task_path == "smartcourt.core.intake.tasks.intake_sweep_task"
    assert found["service.tick"].task_path == "smartcourt.service.tasks.service_tick_task"


def test_rq_recover_is_scheduled_only_on_rq(settings):
    import importlib

    import smartcourt.jobs.schedule as jobs_schedule

    try:
        settings.TASK_BACKEND = "rq"
        names = [s.name for s in importlib.reload(jobs_schedule).schedules]
        assert names == ["jobs.handoff_relay", "intake.sweep", "core.outbox_relay", "jobs.rq_recover"]
        settings.TASK_BACKEND = "database"
        names = [s.name for s in importlib.reload(jobs_schedule).schedules]
        assert names == ["jobs.handoff_relay", "intake.sweep", "core.outbox_relay"]
    finally:
        importlib.reload(jobs_schedule)


def test_duplicate_schedule_names_are_refused():
    s = Schedule(name="dup", task=tick_task, every=timedelta(minutes=1))
    module = mock.Mock(schedules=[s, s])
    with (
        mock.patch.object(scheduler, "app_modules", return_value=[(None, module)]),
        pytest.raises(ValueError, match="dup"),
    ):
        scheduler.schedules_all()


@pytest.mark.django_db
def test_schedules_command_lists_last_and_next_run(tmp_path):
    s = Schedule(name="test.cmd", task=tick_task, every=timedelta(minutes=15), kwargs={"path": str(tmp_path / "l")})
    d = Schedule(name="test.cmd_daily", task=tick_task, at=time(8, 0))
    with (
        mock.patch.object(scheduler, "schedules_all", return_value=[s, d]),
        time_machine.travel(_utc(2026, 12, 2, 3, 0), tick=False),
    ):
        schedule_claim_and_enqueue(s)
        assert schedule_claim_and_enqueue(d) is None  # first seen: marked, not run
        out = StringIO()
        call_command("schedules", stdout=out)
    text = out.getvalue()
    assert "test.cmd" in text and "每 15 分钟" in text
    assert "2026-12-02 11:00:00" in text and "2026-12-02 11:15:00" in text  # last / next, Beijing time
    assert "每天 08:00" in text and "2026-12-03 08:00:00" in text
    daily = next(line for line in text.splitlines() if line.startswith("test.cmd_daily"))
    assert "—" in daily  # seen, never run


@pytest.mark.django_db
def test_run_scheduler_once(tmp_path):
    log = tmp_path / "log"
    s = Schedule(name="test.once", task=tick_task, every=timedelta(minutes=5), kwargs={"path": str(log)})
    with mock.patch.object(scheduler, "schedules_all", return_value=[s]):
        out = StringIO()
        call_command("run_scheduler", "--once", stdout=out)
    assert "test.once" in out.getvalue()
    assert _runs(log) == 1


def _worker(**kwargs) -> LeasedWorker:
    return LeasedWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
        **kwargs,
    )


@pytest.mark.django_db(transaction=True)
def test_worker_checks_the_schedules():
    called = threading.Event()
    with mock.patch.object(scheduler, "schedules_run_due", side_effect=lambda **kw: called.set() or []) as due:
        _worker(schedule_seconds=0.05).run()
        assert called.wait(5)
    assert due.call_args.kwargs["worker"] == "test-worker"


@pytest.mark.django_db(transaction=True)
def test_worker_without_scheduling_does_not_check():
    with mock.patch.object(scheduler, "schedules_run_due", return_value=[]) as due:
        _worker(schedule_seconds=None).run()
    assert not due.called

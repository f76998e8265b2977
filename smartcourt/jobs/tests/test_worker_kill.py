"""A worker killed with SIGKILL mid-task leaves the task to be picked up again — on the database backend
(django-tasks issue #46, fixed by leases) and on RQ (abandoned jobs requeued). Real worker processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from smartcourt.jobs.models import TaskRecovery
from smartcourt.jobs.tests.tasks import record_task

ROOT = Path(settings.BASE_DIR)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker(backend: str, *args: str, extra_env: dict | None = None) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartcourt.settings.test",
        "DATABASE_URL": _database_url(),
        "TASK_BACKEND": backend,
        "TEST_DB_NAME": "",
        **(extra_env or {}),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--schedule-seconds",
            "0",
            *args,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: RQ's forked work-horse dies too
    proc.wait(timeout=10)


def _wait(predicate: Callable[[], bool], timeout: float = 90) -> bool:  # a loaded CI machine starts workers slowly
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _count(log: Path, word: str) -> int:
    return log.read_text().count(word) if log.exists() else 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_database_backend_task_of_a_killed_worker_runs_again_exactly_once(tmp_path):
    log = tmp_path / "run.log"
    result = record_task.enqueue(str(log), "db", sleep_first=60)
    worker_a = _worker("database", "--lease-seconds", "2")
    try:
        assert _wait(lambda: _count(log, "start") == 1), "worker A never started the task"
        assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
    finally:
        _kill(worker_a)
    # Without leases the task would stay RUNNING forever; worker B takes it back once A's lease expires.
    worker_b = _worker("database", "--lease-seconds", "2")
    try:
        assert _wait(lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"), worker_b.stdout
    finally:
        _kill(worker_b)
    assert _count(log, "start") == 2 and _count(log, "done") == 1  # the killed run never finished
    assert TaskRecovery.objects.filter(task_id=str(result.id), action="requeued").count() == 1


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_rq_job_of_a_killed_worker_runs_again_exactly_once(tmp_path):
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 (make redis-up)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    from smartcourt.jobs.rq_recovery import rq_recover

    queue = f"test-{uuid.uuid4().hex[:12]}"
    rq_queues = {**settings.RQ_QUEUES, queue: {"URL": settings.REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}
    log = tmp_path / "run.log"
    with override_settings(RQ_QUEUES=rq_queues, TASKS=tasks):
        record_task.using(queue_name=queue).enqueue(str(log), "rq", sleep_first=60)
        worker_a = _worker("rq", "--queue-name", queue, extra_env={"RQ_EXTRA_QUEUE": queue})
        started = _wait(lambda: _count(log, "start") == 1)
        _kill(worker_a)
        assert started, f"RQ worker A never started the job: {worker_a.stdout.read()[-3000:]}"
        # RQ declares the job abandoned once its heartbeat (monitoring interval + 60 s) has expired; we look
        # 10 minutes ahead instead of waiting. The job is requeued, not left in the failed registry.
        assert rq_recover(queue_names=[queue], timestamp=time.time() + 600)
        worker_b = _worker("rq", "--queue-name", queue, extra_env={"RQ_EXTRA_QUEUE": queue})
        try:
            assert _wait(lambda: _count(log, "done") == 1), worker_b.stdout
        finally:
            _kill(worker_b)
        assert _count(log, "start") == 2 and _count(log, "done") == 1
        assert TaskRecovery.objects.filter(backend="rq", action="requeued").count() == 1
        import django_rq

        django_rq.get_queue(queue).delete(delete_jobs=True)

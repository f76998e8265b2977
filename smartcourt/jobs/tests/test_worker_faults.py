"""Faults a worker must live through (issue 15, ADR 0023), with real processes, each printing its recovery time:

- killed with SIGKILL in the middle of an OCR task: the task runs again and finishes exactly once (database and RQ
  backends);
- the database goes away and comes back while the worker runs: the worker keeps running and does a task enqueued
  after the recovery (database and RQ backends; on a PostgreSQL cluster of the test's own, never the machine's);
- Redis goes away and comes back under an RQ worker: the same (on a redis-server of the test's own).

No timing is asserted: the waits are generous polls, the recovery times are printed (`pytest -s` shows them).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageDraw, ImageFont

from smartcourt.jobs.models import TaskRecovery

from .procs import count, kill, manage, manage_env, postgres_cluster, redis_server, tail, wait_for, worker

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LINES = [
    "广东省深圳市福田区人民法院",
    "民事判决书",
    "原告：王芳，女，1980年5月3日出生，汉族，住广东省深圳市福田区人民路12号。",
    "被告：深圳恒达商贸有限公司，住所地广东省深圳市福田区建设路88号。",
    "原告向本院提出诉讼请求：判令被告支付货款1,347,512.48元及逾期付款利息。",
    "本院于2024年7月19日立案后，依法适用普通程序，公开开庭进行了审理。",
    "如不服本判决，可在判决书送达之日起十五日内提起上诉。",
]


def _page(path: Path) -> str:
    font = ImageFont.truetype(str(FONT), 40, index=2)
    img = Image.new("L", (1654, 160 + 90 * len(LINES) * 2), 248)
    d = ImageDraw.Draw(img)
    for i, t in enumerate(LINES * 2):
        d.text((140, 80 + 90 * i), t, font=font, fill=15)
    img.save(path)
    return str(path)


def _rq_settings(redis_url: str, queue: str = "default") -> dict:
    return {
        "RQ_QUEUES": {q: {"URL": redis_url, "DEFAULT_TIMEOUT": 600} for q in {"default", queue}},
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": sorted({"default", queue})}},
    }


# ------------------------------------------------------------------------------------------------ kill -9 mid-OCR
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not FONT.exists(), reason="fonts-noto-cjk is not installed")
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "ocr"]}})
def test_database_backend_ocr_task_of_a_killed_worker_finishes_exactly_once(tmp_path):
    from .tasks import ocr_record_task

    log, out = tmp_path / "run.log", tmp_path / "worker.log"
    result = ocr_record_task.using(queue_name="ocr").enqueue(str(log), _page(tmp_path / "page.png"))
    worker_a = worker("database", "--queue-name", "ocr", "--lease-seconds", "3", log=out)
    try:
        assert wait_for(lambda: count(log, "start") == 1), f"worker A never started the task: {tail(out)}"
    finally:
        kill(worker_a)  # mid-OCR: the task reads the page twice after writing "start"
    killed_at = time.monotonic()
    assert count(log, "done") == 0, "the OCR finished before the kill: nothing was tested"
    worker_b = worker("database", "--queue-name", "ocr", "--lease-seconds", "3", log=out)
    try:
        assert wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"), tail(out)
    finally:
        kill(worker_b)
    print(f"\n[recovery] database backend, worker killed mid-OCR: task done {time.monotonic() - killed_at:.1f} s later")
    assert count(log, "start") == 2 and count(log, "done") == 1
    assert DBTaskResult.objects.get(pk=result.id).return_value > 50
    assert TaskRecovery.objects.filter(task_id=str(result.id), action="requeued").count() == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not FONT.exists(), reason="fonts-noto-cjk is not installed")
def test_rq_ocr_job_of_a_killed_resident_worker_finishes_exactly_once(tmp_path):
    from smartcourt.jobs.rq_recovery import rq_recover

    from .tasks import ocr_record_task

    log, out = tmp_path / "run.log", tmp_path / "worker.log"
    with redis_server() as redis, override_settings(**_rq_settings(redis.url, "ocr")):
        env = {"REDIS_URL": redis.url}
        ocr_record_task.using(queue_name="ocr").enqueue(str(log), _page(tmp_path / "page.png"))
        worker_a = worker("rq", "--queue-name", "ocr", log=out, extra_env=env)
        try:
            assert wait_for(lambda: count(log, "start") == 1), f"RQ worker A never started the job: {tail(out)}"
        finally:
            kill(worker_a)  # the job runs in the worker process itself (no work horse): it dies with it
        killed_at = time.monotonic()
        assert count(log, "done") == 0, "the OCR finished before the kill: nothing was tested"
        # RQ declares the job abandoned once its heartbeat (monitoring interval + 60 s) has expired; we look 10
        # minutes ahead instead of waiting. The job is requeued, not left in the failed registry.
        assert rq_recover(queue_names=["ocr"], timestamp=time.time() + 600)
        worker_b = worker("rq", "--queue-name", "ocr", log=out, extra_env=env)
        try:
            assert wait_for(lambda: count(log, "done") == 1), tail(out)
        finally:
            kill(worker_b)
        print(f"\n[recovery] RQ, resident worker killed mid-OCR: job done {time.monotonic() - killed_at:.1f} s later")
        assert count(log, "start") == 2 and count(log, "done") == 1
        assert TaskRecovery.objects.filter(backend="rq", action="requeued").count() == 1


# ------------------------------------------------------------------------------------------------ database outage
def _enqueue_db_record(database: str, log: Path, marker: str, backend: str = "database", extra: dict | None = None):
    code = (
        "from smartcourt.jobs.tests.tasks import db_record_task; "
        f"print(db_record_task.enqueue({str(log)!r}, {marker!r}).id)"
    )
    return manage("shell", "-c", code, env=manage_env(backend, database, extra)).strip()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["database", "rq"])
def test_worker_outlives_a_database_outage(tmp_path, backend):
    """Before: `run_worker` exited 1 within a second of the database going away, and stayed down."""
    log, out = tmp_path / "run.log", tmp_path / "worker.log"
    with postgres_cluster() as pg:
        manage("migrate", "-v", "0", env=manage_env("database", pg.url))
        with redis_server() if backend == "rq" else _nothing() as redis:
            extra = {"REDIS_URL": redis.url} if redis else {}
            proc = worker(backend, "--lease-seconds", "3", log=out, database=pg.url, extra_env=extra)
            try:
                _enqueue_db_record(pg.url, log, "before", backend, extra)
                assert wait_for(lambda: count(log, "done before") == 1), f"no task done before the outage: {tail(out)}"
                pg.stop("fast")  # terminates every connection, refuses new ones
                if backend == "rq":  # a job that meets the outage breaks the worker's connection
                    _enqueue_db_record_rq_offline(redis.url, log)
                    assert wait_for(lambda: "failed" in tail(out, 20000) or "Error" in tail(out, 20000), 120)
                else:
                    assert wait_for(lambda: "database unavailable" in tail(out, 20000)), tail(out)
                time.sleep(3)  # a few reconnection attempts (the old worker had exited by now)
                assert proc.poll() is None, f"the worker exited during the outage: {tail(out)}"
                pg.start()
                back_at = time.monotonic()
                _enqueue_db_record(pg.url, log, "after", backend, extra)
                assert wait_for(lambda: count(log, "done after") == 1), f"no task done after the outage: {tail(out)}"
                print(
                    f"\n[recovery] {backend} backend, database restarted: a task enqueued after it done "
                    f"{time.monotonic() - back_at:.1f} s after the database was back"
                )
                assert proc.poll() is None
                if backend == "database":
                    assert "database reachable again" in tail(out, 20000)
            finally:
                kill(proc)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        pass


def _enqueue_db_record_rq_offline(redis_url: str, log: Path) -> None:
    """Enqueue on RQ from this process (the database is down, so no Django process can start a shell)."""
    with override_settings(**_rq_settings(redis_url)):
        from .tasks import db_record_task

        db_record_task.enqueue(str(log), "during")


# ------------------------------------------------------------------------------------------------ Redis outage
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_rq_worker_outlives_a_redis_outage(tmp_path):
    from .procs import database_url
    from .tasks import db_record_task

    log, out = tmp_path / "run.log", tmp_path / "worker.log"
    with redis_server() as redis, override_settings(**_rq_settings(redis.url)):
        proc = worker("rq", log=out, extra_env={"REDIS_URL": redis.url}, database=database_url())
        try:
            db_record_task.enqueue(str(log), "before")
            assert wait_for(lambda: count(log, "done before") == 1), f"no job done before the outage: {tail(out)}"
            redis.stop()
            assert wait_for(lambda: "Redis" in tail(out, 20000) and "connect" in tail(out, 20000)), tail(out)
            time.sleep(3)
            assert proc.poll() is None, f"the worker exited during the Redis outage: {tail(out)}"
            redis.start()
            back_at = time.monotonic()
            db_record_task.enqueue(str(log), "after")
            assert wait_for(lambda: count(log, "done after") == 1), f"no job done after the outage: {tail(out)}"
            print(
                f"\n[recovery] RQ, Redis restarted: a job enqueued after it done "
                f"{time.monotonic() - back_at:.1f} s after Redis was back"
            )
            assert proc.poll() is None
        finally:
            kill(proc)

"""The RQ side of `run_worker` (TASK_BACKEND=rq): a worker that runs jobs in its own long-lived process, and a loop
that keeps it working through Redis and database outages (ADR 0023).

RQ's default `Worker` forks a work horse per job: whatever the job loads dies with the horse, so every OCR job
loaded the rapidocr engine again (~2 s of a ~1–3 s page). `ResidentWorker` is RQ's `SimpleWorker` (the job runs in
the worker process; its timeout still fires through SIGALRM in the main thread), plus what the forking worker's
parent did while it waited: a heartbeat thread that keeps the job's StartedJobRegistry entry short-lived, so a
worker killed mid-job leaves a job that RQ declares abandoned — and `rq_recover` requeues — within
`job_monitoring_interval + 60` s, as before, not after the job's whole timeout. It also closes broken database
connections between jobs, as Django does between requests (a SimpleWorker keeps its connection across jobs; after
a database restart every later job would fail on the dead one).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import close_old_connections
from rq.worker import SimpleWorker, Worker, WorkerStatus

from .outage import Outage, database_errors, redis_errors

logger = logging.getLogger(__name__)


class ResidentWorker(SimpleWorker):
    # RQ waits at most this long between reconnection attempts while dequeuing (its default: 60 s)
    max_connection_wait_time = 15.0

    def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
        # The forking worker's TTL (monitoring interval + 60 s), not SimpleWorker's (the job's whole timeout + 60 s):
        # our heartbeat thread renews it while the job runs.
        return Worker.get_heartbeat_ttl(self, job, working_time)

    def _beat(self, job: Any, execution: Any, stop: threading.Event) -> None:
        while not stop.wait(max(1.0, self.job_monitoring_interval / 2)):
            try:
                self.maintain_heartbeats(job, execution)
            except redis_errors() as exc:  # the TTL has slack; the main loop notices a lasting outage
                logger.warning("RQ heartbeat for job %s failed: %s", job.id, exc)
            except Exception:
                logger.exception("RQ heartbeat for job %s failed", job.id)

    def execute_job(self, job: Any, queue: Any) -> None:
        close_old_connections()
        execution = self.prepare_execution(job)
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(job, execution, stop), name=f"rq-beat-{job.id}", daemon=True)
        beat.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            stop.set()
            beat.join(timeout=5)
            close_old_connections()
        self.set_state(WorkerStatus.IDLE)


def rq_work_forever(
    queue_names: list[str],
    *,
    logging_level: str = "INFO",
    with_scheduler: bool = True,
    burst: bool = False,
    worker_kwargs: dict[str, Any] | None = None,
) -> None:
    """Run a ResidentWorker; when RQ's loop gives up (a Redis timeout or an error it does not handle ends
    `Worker.work`) or Redis refuses the start, wait with backoff and start a new one in the same process — the
    loaded OCR engine is kept. Returns when the worker was asked to stop (SIGTERM / SIGINT) or, in burst mode,
    when the queues are empty."""
    import django_rq

    from .rq_recovery import rq_recover

    redis = Outage("Redis")
    recovered = False
    while True:
        worker = None
        try:
            if not recovered:
                try:
                    rq_recover(queue_names=queue_names)  # jobs abandoned by dead workers go back in their queue
                except database_errors() as exc:  # the jobs.rq_recover schedule does it again every 5 minutes
                    logger.warning("requeueing abandoned RQ jobs at start: database unavailable (%s)", exc)
                recovered = True
            worker = django_rq.get_worker(
                *queue_names,
                worker_class=ResidentWorker,  # type: ignore[arg-type]  # a SimpleWorker, not a Worker subclass
                job_class="django_tasks_rq.backend.Job",
                **(worker_kwargs or {}),
            )
            worker.connection.ping()
            redis.ok()
            worker.work(burst=burst, with_scheduler=with_scheduler, logging_level=logging_level)
        except redis_errors() as exc:
            redis.failed(exc)
            continue
        if burst or worker._stop_requested:
            return
        # RQ's work() returned on its own: it logged why ("Redis connection timeout", "unhandled exception").
        redis.failed(RuntimeError("RQ's worker loop ended; starting a new worker"))

"""RQ: take back jobs abandoned by a dead worker.

RQ notices a dead worker when its job's heartbeat in the StartedJobRegistry expires (job-monitoring interval + 60 s)
and then moves the job to the FailedJobRegistry as an AbandonedJobError — unless the job has retries left.
django-tasks-rq creates jobs without retries, so an abandoned job would stay failed: here each abandoned job is
put back in its queue, up to `max_attempts` lost workers (counted in job.meta).
"""

from __future__ import annotations

import logging

import django_rq
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry, StartedJobRegistry

from .models import TaskRecovery

logger = logging.getLogger(__name__)


def rq_recover(*, queue_names: list[str], max_attempts: int = 3, timestamp: float | None = None) -> list[str]:
    """Requeue abandoned jobs; `timestamp` lets a caller declare heartbeats older than it expired."""
    recovered: list[str] = []
    connection = django_rq.get_connection()
    for name in queue_names:
        queue = django_rq.get_queue(name)
        StartedJobRegistry(queue=queue).cleanup(timestamp=timestamp)
        failed = FailedJobRegistry(queue=queue)
        for job_id in failed.get_job_ids():
            try:
                job = Job.fetch(job_id, connection=connection)
            except NoSuchJobError:
                continue
            if "AbandonedJobError" not in (job.latest_result().exc_string if job.latest_result() else ""):
                continue
            lost = int(job.meta.get("lost_workers", 0)) + 1
            job.meta["lost_workers"] = lost
            job.save_meta()
            if lost > max_attempts:
                continue
            failed.requeue(job_id)
            TaskRecovery.objects.create(
                task_id=job_id,
                task_path=job.func_name or "",
                backend="rq",
                lost_worker_id=job.worker_name or "",
                action=TaskRecovery.Action.REQUEUED,
                attempts=lost,
            )
            recovered.append(job_id)
            logger.warning("RQ job %s requeued after its worker was lost (%d)", job_id, lost)
    return recovered

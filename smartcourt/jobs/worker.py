"""The database-backend worker with leases: django-tasks-db's Worker, plus a heartbeat per task, a reaper, and the
periodic scheduler (smartcourt/jobs/scheduler.py) checked every `schedule_seconds`."""

from __future__ import annotations

import logging
import threading

from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import scheduler
from .leases import Heartbeat, lease_release, lease_take, tasks_recover

logger = logging.getLogger(__name__)


class LeasedWorker(Worker):
    def __init__(
        self,
        *,
        lease_seconds: float = 30,
        max_attempts: int = 3,
        schedule_seconds: float | None = 30,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.schedule_seconds = schedule_seconds  # None: this worker does not enqueue periodic schedules
        self._reaper_stop = threading.Event()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        task_id = str(db_task_result.pk)
        lease_take(task_id=task_id, worker_id=self.worker_id, seconds=self.lease_seconds)
        heartbeat = Heartbeat(task_id=task_id, worker_id=self.worker_id, seconds=self.lease_seconds)
        heartbeat.start()
        try:
            super().run_task(db_task_result)
        finally:
            heartbeat.stop()
            lease_release(task_id=task_id)

    def _reap_forever(self) -> None:
        try:
            while not self._reaper_stop.wait(self.lease_seconds / 2):
                try:
                    tasks_recover(lease_seconds=self.lease_seconds, max_attempts=self.max_attempts)
                except Exception:
                    logger.exception("recovering stalled tasks failed; will try again")
        finally:
            connection.close()

    def run(self) -> None:
        tasks_recover(lease_seconds=self.lease_seconds, max_attempts=self.max_attempts)
        reaper = threading.Thread(target=self._reap_forever, name="task-reaper", daemon=True)
        reaper.start()
        if self.schedule_seconds:
            # A thread, not the claim loop: a long task must not delay the schedules; the claim of each due run is
            # a conditional UPDATE, so any number of workers may check at once.
            threading.Thread(
                target=scheduler.schedules_loop,
                args=(self._reaper_stop,),
                kwargs={"seconds": self.schedule_seconds, "worker": self.worker_id},
                name="task-scheduler",
                daemon=True,
            ).start()
        try:
            super().run()
        finally:
            self._reaper_stop.set()

"""The database-backend worker with leases: django-tasks-db's Worker, plus a heartbeat per task, a reaper, the
periodic scheduler (smartcourt/jobs/scheduler.py) checked every `schedule_seconds`, and a claim loop that survives
database outages (ADR 0023).

The worker runs each task in its own long-lived process (django-tasks-db never forks), so what a task loads once —
the OCR engine — stays loaded; `warm_up()` loads it before the first task (settings.TASK_WORKER_WARMUP).
"""

from __future__ import annotations

import logging
import random
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import scheduler
from .leases import Heartbeat, lease_release, lease_take, tasks_recover
from .outage import Outage, database_errors

logger = logging.getLogger(__name__)


def warm_up(queue_names: list[str]) -> None:
    """Load, once per worker process, what the tasks of these queues need (settings.TASK_WORKER_WARMUP maps a queue
    name to dotted callables; "*" serves every queue). A failing warm-up is logged: the task loads it lazily."""
    table: dict[str, list[str]] = getattr(settings, "TASK_WORKER_WARMUP", {})
    wanted = list(table) if "*" in queue_names else [q for q in queue_names if q in table]
    for queue in wanted:
        for path in table[queue]:
            started = time.monotonic()
            try:
                import_string(path)()
            except Exception:
                logger.exception("warm-up %s for queue %s failed; its tasks will load it themselves", path, queue)
            else:
                logger.info("warm-up %s for queue %s: %.1f s", path, queue, time.monotonic() - started)


def close_connection_quietly() -> None:
    try:
        connection.close()
    except Exception:  # a connection to a database that went away may fail to close; it is dropped anyway
        logger.debug("closing a broken database connection failed", exc_info=True)


class LeasedWorker(Worker):
    def __init__(
        self,
        *,
        lease_seconds: float = 30,
        max_attempts: int = 3,
        schedule_seconds: float | None = 30,
        warm: bool = True,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.schedule_seconds = schedule_seconds  # None: this worker does not enqueue periodic schedules
        self.warm = warm
        self._reaper_stop = threading.Event()
        self.database = Outage("database")

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
                close_old_connections()
                try:
                    tasks_recover(lease_seconds=self.lease_seconds, max_attempts=self.max_attempts)
                except database_errors() as exc:
                    logger.warning("recovering stalled tasks: database unavailable (%s); will try again", exc)
                    close_connection_quietly()
                except Exception:
                    logger.exception("recovering stalled tasks failed; will try again")
        finally:
            connection.close()

    def _claim(self) -> tuple[DBTaskResult | None, bool]:
        """Claim the next ready task (django-tasks-db's claim, as in its Worker.run); the flag is False when SQLite
        was busy and nothing could be looked at."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)  # so no other worker process runs it
            except OperationalError as e:
                if not is_locked_database_exception(e):
                    raise
                return None, False  # SQLite busy: it unlocks eventually
        return task_result, True

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.warm:
            warm_up(self.queue_names)
        try:
            tasks_recover(lease_seconds=self.lease_seconds, max_attempts=self.max_attempts)
        except database_errors() as exc:  # the reaper thread tries again every lease/2 s
            logger.warning("recovering stalled tasks at start: database unavailable (%s)", exc)
            close_connection_quietly()
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
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # as django-tasks-db: spread a fleet started at once
        try:
            self._loop()
        finally:
            self._reaper_stop.set()

    def _loop(self) -> None:
        """django-tasks-db's claim loop, except that a lost database is waited out (backoff, logged) instead of
        ending the process. A task cut off by the outage keeps its lease until it expires; then the reaper of any
        worker puts it back in the queue (delivery is at least once, ADR 0004)."""
        while self.running:
            close_old_connections()  # drops a connection the outage broke; the next query reconnects
            try:
                task_result, looked = self._claim()
            except database_errors() as exc:
                close_connection_quietly()
                self.database.failed(exc)
                continue
            self.database.ok()
            if task_result is not None:
                try:
                    self.run_task(task_result)
                except database_errors() as exc:  # recording the result failed: the lease brings the task back
                    logger.warning("task %s: its result could not be recorded (%s)", task_result.pk, exc)
                    close_connection_quietly()
                    self.database.failed(exc)
                    continue
            if self.batch and looked and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info(
                    "Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id
                )
                return
            close_old_connections()
            if self.running and not task_result:
                time.sleep(self.interval)

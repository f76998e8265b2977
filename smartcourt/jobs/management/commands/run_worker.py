"""python manage.py run_worker — the background-task worker for whichever backend is configured.

- database backend (embedded default): django-tasks-db's worker with a lease per running task and a reaper that
  puts tasks of dead workers back in the queue (see smartcourt/jobs/leases.py);
- RQ backend (TASK_BACKEND=rq): a non-forking RQ worker (jobs.rq_worker.ResidentWorker) with RQ's scheduler
  (for retries with backoff), after taking back jobs abandoned by dead workers.
Both keep one long-lived process: the engines their queues need (the OCR engine for "ocr") are loaded once before
the first task, and a database or Redis outage is waited out with backoff, logged, never an exit (ADR 0023).
Both also enqueue the periodic schedules (定时任务, smartcourt/jobs/scheduler.py) every --schedule-seconds.
"""

from __future__ import annotations

import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from smartcourt.jobs.worker import LeasedWorker


class Command(db_worker.Command):
    help = "运行后台任务工作进程（数据库后端带租约与失联回收；TASK_BACKEND=rq 时运行 RQ 工作进程）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        if settings.TASK_BACKEND == "rq":  # the parent insists on a database backend name; RQ has none
            parser._option_string_actions["--backend"].type = str
        parser.add_argument(
            "--lease-seconds",
            type=float,
            default=30.0,
            help="How long a running task's claim lasts without a heartbeat (default: 30)",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=3,
            help="Lost workers a task may survive before it is failed (default: 3)",
        )
        parser.add_argument(
            "--schedule-seconds",
            type=float,
            default=30.0,
            help="How often to enqueue due periodic schedules; 0 turns scheduling off in this worker (default: 30)",
        )
        parser.add_argument(
            "--no-warm",
            action="store_false",
            dest="warm",
            help="Do not load the engines of the served queues (settings.TASK_WORKER_WARMUP) before the first task",
        )

    def handle(self, *args: object, **options: object) -> None:
        schedule_seconds = float(options.pop("schedule_seconds"))  # type: ignore[arg-type]
        if settings.TASK_BACKEND == "rq":
            from rq.logutils import setup_loghandlers

            from smartcourt.jobs.rq_worker import rq_work_forever
            from smartcourt.jobs.worker import warm_up

            queues = str(options["queue_name"])
            names = list(settings.RQ_QUEUES) if queues == "*" else queues.split(",")
            if schedule_seconds:
                from smartcourt.jobs.scheduler import schedules_loop

                threading.Thread(
                    target=schedules_loop,
                    args=(threading.Event(),),
                    kwargs={"seconds": schedule_seconds},
                    name="task-scheduler",
                    daemon=True,
                ).start()
            verbosity = int(options.get("verbosity", 1))  # type: ignore[call-overload]
            setup_loghandlers("DEBUG" if verbosity >= 2 else "WARNING" if verbosity == 0 else "INFO")
            if options.get("warm", True):
                warm_up(names)
            rq_work_forever(names, logging_level="DEBUG" if verbosity >= 2 else "INFO", burst=bool(options["batch"]))
            return
        lease_seconds = float(options.pop("lease_seconds"))  # type: ignore[arg-type]
        max_attempts = int(options.pop("max_attempts"))  # type: ignore[call-overload]
        original = db_worker.Worker
        # The parent command builds `Worker(...)`; it builds our leased worker instead.
        warm = bool(options.pop("warm", True))

        def leased_worker(**kw: Any) -> LeasedWorker:
            return LeasedWorker(
                lease_seconds=lease_seconds,
                max_attempts=max_attempts,
                schedule_seconds=schedule_seconds or None,
                warm=warm,
                **kw,
            )

        db_worker.Worker = leased_worker  # type: ignore[assignment,misc]
        try:
            super().handle(*args, **options)  # type: ignore[arg-type]
        finally:
            db_worker.Worker = original  # type: ignore[misc]

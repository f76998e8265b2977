"""python manage.py tasks_recover — take back tasks whose worker died (run by every worker too; here for cron)."""

from __future__ import annotations

from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "回收失联工作进程占用的任务：重新排队，或在多次失联后判定失败。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--lease-seconds", type=float, default=30.0)
        parser.add_argument("--max-attempts", type=int, default=3)

    def handle(self, *args: object, lease_seconds: float, max_attempts: int, **options: object) -> None:
        if settings.TASK_BACKEND == "rq":
            from smartcourt.jobs.rq_recovery import rq_recover

            jobs = rq_recover(queue_names=list(settings.RQ_QUEUES), max_attempts=max_attempts)
            self.stdout.write(f"RQ：回收 {len(jobs)} 个失联任务。")
            return
        from smartcourt.jobs.leases import tasks_recover

        rows = tasks_recover(lease_seconds=lease_seconds, max_attempts=max_attempts)
        for row in rows:
            self.stdout.write(f"{row.task_id} {row.task_path}: {row.get_action_display()}")
        self.stdout.write(f"共回收 {len(rows)} 个失联任务。")

"""python manage.py schedules — every periodic schedule (定时任务): its interval or daily time, last and next run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from smartcourt.jobs.scheduler import schedules_status


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else "—"


class Command(BaseCommand):
    help = "列出定时任务：周期或每日时间、上次排队与下次到期时间（本地时区）。"

    def handle(self, *args: Any, **options: Any) -> None:
        rows = schedules_status()
        header = ("name", "task", "queue", "when", "last run", "next run", "runs")
        table = [
            (r.name, r.task, r.queue, r.when, _local(r.last_run_at), _local(r.next_run_at), str(r.runs)) for r in rows
        ]
        widths = [max(len(str(x)) for x in col) for col in zip(header, *table, strict=False)]
        for line in (header, *table):
            self.stdout.write("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
        self.stdout.write(f"{len(rows)} schedules; times in {timezone.get_current_timezone_name()}")

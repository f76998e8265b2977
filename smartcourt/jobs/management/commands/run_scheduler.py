"""python manage.py run_scheduler — only enqueue the periodic schedules (定时任务), in a loop.

Every `run_worker` already does this; run it when workers do not (e.g. a deployment whose workers are started
with `--schedule-seconds 0` or plain `rqworker`). Any number may run: each due run is enqueued once.
"""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from smartcourt.jobs.scheduler import schedules_loop, schedules_tick_safely


class Command(BaseCommand):
    help = "定时任务调度：每隔若干秒把到期的定时任务排入队列（每次到期只排一次）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seconds", type=float, default=30.0, help="check interval (default: 30)")
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args: Any, seconds: float, once: bool, **options: Any) -> None:
        if once:
            names = schedules_tick_safely()
            self.stdout.write(f"已排队 {len(names)} 个定时任务：{', '.join(names) or '无'}")
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"定时任务调度已启动，每 {seconds:g} 秒检查一次。")
        schedules_loop(stop, seconds=seconds)

"""python manage.py seed_demo [--scale small|province] [--seed N] [--cases-path bulk|services] [--stage all|first|rest]
[--progress-file PATH] — the demo court.

One progress line per step (step, count, seconds; smartcourt.demo.steps). The scanned demo pages are read by the
background worker (`make demo` starts it with the site), so the site is usable while their OCR finishes. `make demo`
runs `--stage first` (organisation, logins, sample cases), starts the site, and runs `--stage rest` (every
context's history) in the background with `--progress-file`, which the demo's pages show while it exists.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcourt.demo import steps
from smartcourt.demo.seed import CASE_PATHS


class Command(BaseCommand):
    help = "生成演示法院数据（确定性、可重复运行不重复生成）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "province"], default="small")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--cases", type=int, default=None, help="province scale: number of bulk cases")
        parser.add_argument("--stage", choices=list(steps.STAGES), default="all")
        parser.add_argument(
            "--progress-file",
            default="",
            help="每步开始时写入进度（演示站点页面显示）；完成后删除",
        )
        parser.add_argument(
            "--cases-path",
            choices=list(CASE_PATHS),
            default="bulk",
            help="示例案件的写入方式：bulk（默认，普通案件批量写入，少见案件经业务服务）或 services（全部经业务服务）",
        )

    def handle(
        self,
        *args: object,
        scale: str,
        seed: int,
        cases: int | None,
        cases_path: str,
        stage: str = "all",
        progress_file: str = "",
        **options: object,
    ) -> None:
        started = time.monotonic()
        log = lambda msg: self.stdout.write(msg)  # noqa: E731
        try:
            plan = steps.plan(seed=seed, scale=scale, cases=cases, cases_path=cases_path, stage=stage, log=log)
        except ValueError as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"生成演示法院（{len(plan)} 步）…")
        progress = Path(progress_file) if progress_file else None
        try:
            steps.run(plan, report=log, progress=progress)
            _statistics_gather(log)
        finally:
            if progress is not None:
                progress.unlink(missing_ok=True)
        self.stdout.write(self.style.SUCCESS(f"完成，用时 {time.monotonic() - started:.1f} 秒。"))


def _statistics_gather(log: Callable[[str], object]) -> None:
    """PostgreSQL plans from table statistics, which autovacuum gathers only some time after a bulk load (and never
    where it is off, as on this project's CI machine): until then every freshly seeded table looks empty, and a list
    page's court filter was planned on the full-text index (240 ms instead of 1). ANALYZE every table the seed wrote
    (seconds even at a province's size: it samples)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"统计信息（ANALYZE）：{time.monotonic() - started:.1f} 秒")

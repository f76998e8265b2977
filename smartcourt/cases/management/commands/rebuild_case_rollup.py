"""Recount the rollup of filings and closings per court, division and month from the cases (ADR 0024)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from smartcourt.cases import rollup


class Command(BaseCommand):
    help = "按法院、部门、月份重新汇总收案、结案数（案件汇总表）"

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rows = rollup.rebuild()
        self.stdout.write(f"案件汇总表已重建：{rows:,} 行，用时 {time.monotonic() - started:.1f} 秒")

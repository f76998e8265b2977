"""python manage.py seed_demo [--scale small|province] [--seed N] — the deterministic demo court."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from smartcourt.courts.models import Court
from smartcourt.demo import approvals, custody, dossier, kiosk, ledger, representation, service
from smartcourt.demo.seed import DemoSeeder

# Each context's own demo data (heading, generator), in the order they always ran; each is idempotent.
CONTEXT_SEEDS = (
    ("存证账本", ledger.demo_seed),
    ("电子卷宗", dossier.demo_seed),
    ("纸质卷宗保管", custody.demo_seed),
    ("送达", service.demo_seed),
    ("自助立案终端", kiosk.demo_seed),
    ("立案后委托律师（授权委托书）", representation.demo_seed),
    ("审批", approvals.demo_seed),
)


class Command(BaseCommand):
    help = "生成演示法院数据（确定性、可重复运行不重复生成）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "province"], default="small")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--cases", type=int, default=None, help="province scale: number of bulk cases")

    def handle(self, *args: object, scale: str, seed: int, cases: int | None, **options: object) -> None:
        started = time.monotonic()
        seeder = DemoSeeder(seed=seed, log=lambda msg: self.stdout.write(msg))
        if Court.objects.filter(code="苏").exists():
            self.stdout.write("演示法院已存在，跳过机构、人员与示例案件（重复运行不会重复生成数据）。")
            seeder.courts = {c.code: c for c in Court.objects.all()}
        else:
            self.stdout.write("生成演示法院 …")
            seeder.load_reference_data()
            seeder.courts_and_staff()
            n = seeder.cases()
            seeder.filings()
            self.stdout.write(f"  示例案件 {n} 件")
        for heading, context_seed in CONTEXT_SEEDS:
            self.stdout.write(f"  {heading} …")
            context_seed(seed=seed, log=lambda msg: self.stdout.write(msg))
        if scale == "province":
            from smartcourt.demo.bulk import seed_bulk_cases

            seed_bulk_cases(seed=seed, target=cases or 1_000_000, log=lambda msg: self.stdout.write(msg))
        self.stdout.write(self.style.SUCCESS(f"完成，用时 {time.monotonic() - started:.1f} 秒。"))

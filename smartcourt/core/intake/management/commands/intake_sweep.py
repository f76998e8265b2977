"""`manage.py intake_sweep [--dry-run]`: delete stored files left behind by rolled-back transactions (older than
INTAKE_SWEEP_GRACE_HOURS, owned by no committed transaction, named by no row). Runs daily at 03:00 by itself."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smartcourt.core.intake.services import blobs_sweep


class Command(BaseCommand):
    help = "清理回滚事务遗留的孤立文件（超过宽限期、无归属记录、无任何数据引用）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只列出将被删除的文件，不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        report = blobs_sweep(dry_run=dry_run)
        verb = "将删除" if dry_run else "已删除"
        for name in report.deleted:
            self.stdout.write(f"{verb} {name}")
        for name in report.adopted:
            self.stdout.write(f"保留（有数据引用）{name}")
        for name in report.failed:
            self.stderr.write(f"未能处理（下次重试）{name}")
        self.stdout.write(
            f"{verb} {len(report.deleted)} 个孤立文件；有数据引用而保留 {len(report.adopted)} 个；"
            f"已有归属 {report.owned} 个；文件已不存在 {report.missing} 个；宽限期内未处理 {report.waiting} 个。"
        )

"""`manage.py backup DEST`: database dump, every stored file and a ledger checkpoint in the new folder DEST."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from smartcourt.ops.archive import BackupError
from smartcourt.ops.backup import backup_create


class Command(BaseCommand):
    help = "备份：数据库、全部存储文件与账本检查点写入新目录 DEST（附清单及其SHA-256）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("dest", help="a new (or empty) folder for the backup")

    def handle(self, *args, **options) -> None:
        try:
            report = backup_create(Path(options["dest"]), progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        ledger = report.manifest["ledger"]
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成 / backup complete: {report.path}\n"
                f"  清单 SHA-256 / manifest: {report.manifest_sha256}\n"
                f"  账本 / ledger: size {ledger['tree_size']}, root {ledger['root']}\n"
                f"  文件 / files: {len(report.manifest['files'])}"
            )
        )
        self.stdout.write(
            "注意：账本签名私钥（LEDGER_SIGNING_KEY / LEDGER_KEY_FILE）不在备份中，请从密钥保管处另行备份。"
        )

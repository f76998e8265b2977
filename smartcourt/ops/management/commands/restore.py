"""`manage.py restore SRC`: a backup into an empty database and an empty file storage, verified before it counts."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from smartcourt.ops.archive import BackupError
from smartcourt.ops.restore import backup_restore


class Command(BaseCommand):
    help = "恢复：把备份 SRC 恢复到空数据库与空文件目录，核对账本根、文件哈希与各表行数后再报告。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("src", help="a backup folder written by `manage.py backup`")
        parser.add_argument("--no-audit", action="store_true", help="skip the ledger audit after the restore")

    def handle(self, *args, **options) -> None:
        try:
            report = backup_restore(Path(options["src"]), audit=not options["no_audit"], progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        ledger = report.ledger
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成并已核对 / restored and verified (manifest {report.manifest_sha256})\n"
                f"  账本 / ledger: size {ledger['tree_size']}, root {ledger['root']}\n"
                f"  文件 / files: {report.files} ({report.bytes} bytes), 表 / tables: {len(report.counts)}"
            )
        )
        if not report.audited:
            self.stdout.write("未运行账本审计（--no-audit）：请稍后运行 manage.py ledger_audit。")
        elif report.audit_problems:
            for kind, ref, detail in report.audit_problems:
                self.stdout.write(self.style.ERROR(f"{kind}\t{ref}\t{detail}"))
            self.stdout.write(
                self.style.ERROR(
                    f"账本审计发现 {len(report.audit_problems)} 处异常（数据已按备份恢复）。签名不符时，"
                    "请确认已配置原签名私钥（LEDGER_SIGNING_KEY / LEDGER_KEY_FILE）。"
                )
            )
            sys.exit(1)
        else:
            self.stdout.write(self.style.SUCCESS("账本审计：账本与存证文件一致 / ledger audit: consistent"))
        self.stdout.write("下一步：运行 manage.py migrate（代码比备份新时），再启动服务。")

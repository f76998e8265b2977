"""`manage.py ledger_audit [--full]`: re-verify the ledger (the leaves since the last audit mark, or all of them) and
the stored files now; exit 1 if anything does not match."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from smartcourt.ledger.audit import ledger_audit


class Command(BaseCommand):
    help = "Re-verify the ledger (leaf hashes, stored nodes, roots, checkpoint signatures and consistency) and files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-files", action="store_true", help="skip re-hashing the stored files")
        parser.add_argument(
            "--full", action="store_true", help="verify every leaf and file, not only those since the last audit"
        )

    def handle(self, *args, **options) -> None:
        report = ledger_audit(files=not options["no_files"], full=options["full"])
        self.stdout.write(
            f"{'full' if report.full else 'incremental'} [{report.start}, {report.end}): leaves {report.leaves}, "
            f"nodes {report.nodes}, checkpoints {report.checkpoints}, files {report.files}, {report.seconds:.1f} s"
        )
        if report.ok:
            self.stdout.write(self.style.SUCCESS("账本与存证文件一致 / ledger and files are consistent"))
            return
        for kind, ref, detail in report.problems:
            self.stdout.write(self.style.ERROR(f"{kind}\t{ref}\t{detail}"))
        self.stdout.write(f"{len(report.problems)} problems, {len(report.new_findings)} new findings")
        sys.exit(1)

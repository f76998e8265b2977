"""`manage.py ledger_audit`: re-verify the ledger and the stored files now; exit 1 if anything does not match."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from smartcourt.ledger.audit import ledger_audit


class Command(BaseCommand):
    help = "Re-verify the ledger (leaf hashes, stored nodes, roots, checkpoint signatures and consistency) and files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-files", action="store_true", help="skip re-hashing the stored files")

    def handle(self, *args, **options) -> None:
        report = ledger_audit(files=not options["no_files"])
        self.stdout.write(
            f"leaves {report.leaves}, nodes {report.nodes}, checkpoints {report.checkpoints}, files {report.files}"
        )
        if report.ok:
            self.stdout.write(self.style.SUCCESS("账本与存证文件一致 / ledger and files are consistent"))
            return
        for kind, ref, detail in report.problems:
            self.stdout.write(self.style.ERROR(f"{kind}\t{ref}\t{detail}"))
        self.stdout.write(f"{len(report.problems)} problems, {len(report.new_findings)} new findings")
        sys.exit(1)

"""`manage.py ledger_flush`: sequence pending anchors now and publish a checkpoint if due (or --checkpoint)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from smartcourt.ledger import selectors, services


class Command(BaseCommand):
    help = "Sequence pending ledger anchors into the Merkle tree; publish a checkpoint when due."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=1000, help="leaves per transaction")
        parser.add_argument("--checkpoint", action="store_true", help="publish a checkpoint now, if the tree grew")

    def handle(self, *args, **options) -> None:
        appended = services.ledger_flush(max_batch=options["batch"])
        if options["checkpoint"]:
            services.ledger_checkpoint_publish(force=True)
        latest = selectors.checkpoint_latest()
        self.stdout.write(
            f"appended {appended}; tree size {selectors.tree_size()}; "
            f"latest checkpoint {latest.tree_size if latest else '-'}"
        )

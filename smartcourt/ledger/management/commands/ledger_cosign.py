"""`manage.py ledger_cosign CHECKPOINT --log-key KEY [--previous P --consistency J]`: witness another court's log.

Prints the checkpoint with our cosignature appended (post it to the other court's /api/v1/ledger/checkpoint/cosign);
exits 1 with the reason when the checkpoint must not be signed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from smartcourt.core.errors import ApplicationError
from smartcourt.ledger.witnessing import witness_cosign


class Command(BaseCommand):
    help = "Cosign another court's checkpoint after checking its signature and consistency with the last one seen."

    def add_arguments(self, parser) -> None:
        parser.add_argument("checkpoint", help="the other court's signed checkpoint (text file)")
        parser.add_argument("--log-key", required=True, help="file with the other court's verifier key")
        parser.add_argument("--previous", help="the last checkpoint of that log we cosigned")
        parser.add_argument("--consistency", help="JSON of its /api/v1/ledger/proof/consistency between the two")

    def handle(self, *args, **options) -> None:
        proof: list[bytes] = []
        if options["consistency"]:
            data = json.loads(Path(options["consistency"]).read_text())
            proof = [bytes.fromhex(h) for h in data.get("proof", [])]
        try:
            cosigned = witness_cosign(
                note_text=Path(options["checkpoint"]).read_text(encoding="utf-8"),
                log_key=Path(options["log_key"]).read_text().strip(),
                previous=Path(options["previous"]).read_text(encoding="utf-8") if options["previous"] else None,
                consistency=proof,
            )
        except (ApplicationError, ValueError, OSError) as exc:
            self.stderr.write(str(getattr(exc, "message", exc)))
            sys.exit(1)
        self.stdout.write(cosigned, ending="")

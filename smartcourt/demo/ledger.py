"""Demo data of the ledger: a signing key, a genesis leaf that commits to the court's verifier key, everything
pending sequenced, and a published checkpoint. Idempotent: a second run adds no leaf and no checkpoint (later leaves
of other apps' demo data get theirs by the usual rule: LEDGER_CHECKPOINT_EVERY leaves or _SECONDS, via the worker)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from smartcourt.ledger import keys, selectors, services
from smartcourt.ledger.models import LedgerRecord

GENESIS_SUBJECT = "ledger:genesis"


def demo_seed(*, seed: int, log: Callable[[str], None]) -> int:
    key = keys.signing_key()  # created under var/ on first use in dev/demo (see keys.py)
    if not LedgerRecord.objects.filter(subject=GENESIS_SUBJECT).exists():
        services.ledger_anchor(
            kind="ledger.genesis",
            subject=GENESIS_SUBJECT,
            sha256=hashlib.sha256(key.verifier_key.encode()).hexdigest(),
            meta={"verifier_key": key.verifier_key, "note": "本院存证账本首条记录：签名公钥"},
        )
    appended = 0
    while batch := services.sequence_pending(max_batch=1000):  # sequencing only: checkpoints follow their own rule
        appended += batch
    checkpoint = selectors.checkpoint_latest() or services.ledger_checkpoint_publish(force=True)
    log(
        f"    存证账本：新入账 {appended} 条，共 {selectors.tree_size()} 条；"
        f"检查点 {checkpoint.tree_size if checkpoint else '-'}；公钥 {key.verifier_key}"
    )
    return appended

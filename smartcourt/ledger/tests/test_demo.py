"""The ledger's demo seed: a key, a genesis leaf, a checkpoint; running it twice adds nothing."""

from __future__ import annotations

import pytest

from smartcourt.demo.ledger import demo_seed
from smartcourt.ledger.models import LedgerCheckpoint, LedgerRecord


@pytest.mark.django_db
def test_demo_seed_is_idempotent() -> None:
    lines: list[str] = []
    demo_seed(seed=2025, log=lines.append)
    assert LedgerRecord.objects.count() == 1 and LedgerCheckpoint.objects.count() == 1
    demo_seed(seed=2025, log=lines.append)
    assert LedgerRecord.objects.count() == 1 and LedgerCheckpoint.objects.count() == 1
    assert "检查点 1" in lines[-1]

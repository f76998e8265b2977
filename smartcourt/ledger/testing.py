"""Test support of the ledger (imported by the project's conftest only).

On PostgreSQL leaf indexes come from a sequence (ADR 0026), and a sequence does not roll back with a test's
transaction: without a reset, every test would start after the indexes of all earlier tests, and its first flush
would write a void leaf for each of them. In production an index given to an anchor that rolled back is exactly
that — a void leaf — and the sequence is never moved back."""

from __future__ import annotations

from django.db import connection

from .models import LEAF_INDEX_SEQUENCE, LedgerRecord


def leaf_index_reset() -> None:
    """Point the PostgreSQL leaf-index sequence just after the last stored leaf (no-op on SQLite)."""
    if connection.vendor != "postgresql":
        return
    column = connection.ops.quote_name("index")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(%s, (SELECT COALESCE(MAX({column}) + 1, 0) FROM {LedgerRecord._meta.db_table}), false)",
            [LEAF_INDEX_SEQUENCE],
        )

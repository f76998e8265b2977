"""Operations a squashed migration takes over from the migrations it replaces (ADR 0029).

The squashed migrations (`*_squashed_*.py`) keep every RunPython/RunSQL of the chain they replace — FTS5 tables and
triggers, trigram and GIN indexes, append-only triggers, the holiday calendar and the data steps — by reusing the
replaced migration's own operation object rather than a copy, so the two cannot drift while both are kept. Delete
a replaced migration only after copying its operations into the squashed file.
"""

from __future__ import annotations

from importlib import import_module

from django.db.migrations.operations.base import Operation


def operation_of(migration_module: str, index: int) -> Operation:
    """Operation number `index` of the replaced migration `migration_module` (a module name starting with digits)."""
    operation: Operation = import_module(migration_module).Migration.operations[index]
    return operation

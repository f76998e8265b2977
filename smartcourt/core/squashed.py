"""Operations a squashed migration takes over from the migrations it replaces (ADR 0029).

The squashed migrations (`*_squashed_*.py`) keep every RunPython/RunSQL of the chain they replace — FTS5 tables and
triggers, trigram and GIN indexes, append-only triggers, the holiday calendar and the data steps — by reusing the
replaced migration's own operation object rather than a copy, so the two cannot drift while both are kept. Delete
a replaced migration only after copying its operations into the squashed file.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.base import Operation


def operation_of(migration_module: str, index: int) -> Operation:
    """Operation number `index` of the replaced migration `migration_module` (a module name starting with digits)."""
    operation: Operation = import_module(migration_module).Migration.operations[index]
    return operation


class ReplacedChainsLoader(MigrationLoader):
    """The migration graph of the replaced chains alone, without the squashed migrations.

    To migrate a database back to a replaced migration (the data-migration tests do): Django 5.2 then rebuilds its
    graph with both the squashed and the replaced migrations and applies both to the project state (Django ticket
    #36168), which fails on the first model a chain deletes. Here the squashed nodes are removed as Django does for
    a database that applied part of a replaced chain; `MigrationExecutor.check_replacements` still records a squash
    applied once all of its replaced migrations are.
    """

    def __init__(self, connection: Any) -> None:
        super().__init__(connection, replace_migrations=False)

    def build_graph(self) -> None:
        super().build_graph()
        for key, migration in self.replacements.items():
            self.graph.remove_replacement_node(key, migration.replaces)
            self.applied_migrations.pop(key, None)


def replaced_chains_executor(connection: Any) -> MigrationExecutor:
    """A MigrationExecutor over `ReplacedChainsLoader`: `migrate([("ledger", "0001_initial")])` and back."""
    executor = MigrationExecutor(connection)
    executor.loader = ReplacedChainsLoader(connection)
    return executor

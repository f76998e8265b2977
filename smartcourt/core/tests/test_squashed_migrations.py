"""The squashed migrations (ADR 0029) keep every code operation of the chains they replace: FTS5 and trigram
indexes, append-only triggers, the holiday calendar and the data steps. A fresh database runs only the squashed
files, so an operation left out would be missing there and nowhere else."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.migrations.loader import MigrationLoader


def _is_code(op: Any) -> bool:
    return isinstance(op, migrations.RunPython | migrations.RunSQL) or type(op).__module__.startswith("smartcourt")


def _key(op: Any) -> Any:
    code = getattr(op, "code", None)
    if code is not None and code.__module__ == "smartcourt.core.append_only_db":
        return ("append-only", code.__closure__[0].cell_contents)
    return id(op)


def test_every_code_operation_of_a_replaced_migration_is_in_its_squash() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    squashes = [m for m in loader.disk_migrations.values() if m.replaces and m.__module__.startswith("smartcourt")]
    assert len(squashes) >= 18
    for squash in squashes:
        kept = [_key(op) for op in squash.operations if _is_code(op)]
        replaced = [
            _key(op) for key in squash.replaces for op in loader.disk_migrations[key].operations if _is_code(op)
        ]
        assert sorted(map(str, kept)) == sorted(map(str, replaced)), squash.__module__


def test_a_project_migration_is_replaced_by_one_squash_at_most() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    replaced = [key for m in loader.disk_migrations.values() for key in m.replaces]
    assert len(replaced) == len(set(replaced))

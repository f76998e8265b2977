"""The database's own refusal of UPDATE and DELETE on an append-only table (PostgreSQL), beneath the ORM's guard
(`core.models.AppendOnlyModel`), so raw SQL, a psql session or another program cannot rewrite a log either.

Used by migrations: `operations = [..., refuse_update_and_delete("cases_caseevent")]`.

- PostgreSQL only. On SQLite (the embedded pilot) Django rebuilds a table to alter it, which silently drops its
  triggers, and the test runner empties tables with DELETE: the ORM guard stands alone there.
- TRUNCATE is not refused (it fires no row trigger): it is how the test runner empties tables, and a deliberate
  operator action, not a write an application makes.
- A migration that must backfill such a table (e.g. make a column NOT NULL with a default, which Django does with
  an UPDATE) disables the trigger for that one statement and says why:
  `ALTER TABLE t DISABLE TRIGGER t_append_only; UPDATE ...; ALTER TABLE t ENABLE TRIGGER t_append_only;`.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, router

FUNCTION = "smartcourt_refuse_append_only_change"

_CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
"""


def trigger_name(table: str) -> str:
    return f"{table}_append_only"


def _forwards(table: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(_CREATE_FUNCTION, params=None)  # no placeholders: RAISE uses % itself
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {trigger_name(table)} ON "{table}"')
        schema_editor.execute(
            f'CREATE TRIGGER {trigger_name(table)} BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )

    return run


def _backwards(table: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP TRIGGER IF EXISTS {trigger_name(table)} ON "{table}"')

    return run


class _SchemaOnlyRunPython(migrations.RunPython):
    """A RunPython whose code writes SQL and reads no historical model, so it is given none (`apps` is None).

    Django's RunPython renders every model of the project before calling its code once any earlier operation of the
    run changed a field (`ProjectState.clear_delayed_apps_cache`): ~0.1–0.25 s per operation, for nothing here.
    """

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if router.allow_migrate(schema_editor.connection.alias, app_label, **self.hints):
            code: Any = self.code
            code(None, schema_editor)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if router.allow_migrate(schema_editor.connection.alias, app_label, **self.hints):
            reverse_code: Any = self.reverse_code
            reverse_code(None, schema_editor)


def refuse_update_and_delete(table: str) -> migrations.RunPython:
    """A migration operation: on PostgreSQL, a row trigger that refuses UPDATE and DELETE on `table`."""
    return _SchemaOnlyRunPython(_forwards(table), _backwards(table), elidable=False)

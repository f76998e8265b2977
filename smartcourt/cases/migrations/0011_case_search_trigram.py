"""Partial names and numbers (雨涵 in 韦雨涵, 民初123): trigram GIN indexes for substring search on PostgreSQL.

`TrigramExtension` (pg_trgm) and the indexes are PostgreSQL's only: on SQLite the extension operation does nothing
and so does the index step; SQLite answers the same LIKE queries by scanning (smartcourt/cases/search.py).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

PG_UP = [
    "CREATE INDEX IF NOT EXISTS cases_case_search_trgm ON cases_case USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS cases_case_number_trgm ON cases_case USING gin (number gin_trgm_ops)",
]
PG_DOWN = ["DROP INDEX IF EXISTS cases_case_number_trgm", "DROP INDEX IF EXISTS cases_case_search_trgm"]


class TrigramExtensionOnPostgresql(TrigramExtension):
    """Django's operation skips other databases going forwards but not backwards: skip them both ways."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_approval_request")]
    operations = [
        TrigramExtensionOnPostgresql(),
        migrations.RunPython(_on_postgresql(PG_UP), _on_postgresql(PG_DOWN)),
    ]

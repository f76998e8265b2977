"""The list's judge and cause filters and the search, at 10,000,000 cases (issue 15, ADR 0024).

- Two b-tree indexes, equality columns first and then the list's order: the page walks one index in order and the
  pager's bounded count is an index-only scan (both read a BitmapAnd with the court's 1.4 million rows before).
- PostgreSQL: the full-text GIN index also holds the court (`btree_gin`), so a search inside a court is one index
  scan instead of the word's bitmap ANDed with the court's; a multicolumn GIN index answers a condition on any of its
  columns alike, so it replaces migration 0003's index on the text alone. SQLite searches through FTS5 (unchanged).
"""

from django.conf import settings
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models

PG_UP = [
    "CREATE INDEX IF NOT EXISTS cases_case_court_search_gin ON cases_case"
    " USING gin (court_id, to_tsvector('simple'::regconfig, search_text))",
    "DROP INDEX IF EXISTS cases_case_search_gin",
]
PG_DOWN = [
    "CREATE INDEX IF NOT EXISTS cases_case_search_gin ON cases_case USING gin (to_tsvector('simple'::regconfig, search_text))",
    "DROP INDEX IF EXISTS cases_case_court_search_gin",
]


class BtreeGinExtensionOnPostgresql(BtreeGinExtension):
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
    dependencies = [
        ("cases", "0014_closing_methods_enforcement"),
        ("courts", "0007_role_assistance_worker"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["court", "judge", "-filed_on", "-id"], name="case_court_judge_recent"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["court", "cause", "-filed_on", "-id"], name="case_court_cause_recent"),
        ),
        BtreeGinExtensionOnPostgresql(),
        migrations.RunPython(_on_postgresql(PG_UP), _on_postgresql(PG_DOWN)),
    ]

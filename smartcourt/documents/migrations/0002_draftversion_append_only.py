"""A draft's saved versions (文稿版本) are append-only: on PostgreSQL the table refuses UPDATE and DELETE, as the
other logs do (ADR 0011)."""

from django.db import migrations

from smartcourt.core.append_only_db import refuse_update_and_delete


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [refuse_update_and_delete("documents_draftversion")]

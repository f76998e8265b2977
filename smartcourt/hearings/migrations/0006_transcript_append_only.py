"""Transcript versions and signatures are append-only: on PostgreSQL their tables refuse UPDATE and DELETE (ADR 0032)."""

from django.db import migrations

from smartcourt.core.append_only_db import refuse_update_and_delete


class Migration(migrations.Migration):
    dependencies = [("hearings", "0005_transcript")]

    operations = [
        refuse_update_and_delete("hearings_transcriptversion"),
        refuse_update_and_delete("hearings_transcriptsignature"),
    ]

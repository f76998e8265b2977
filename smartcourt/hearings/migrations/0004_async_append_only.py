"""Consents to asynchronous proceedings and cross-examination opinions are append-only (who said what when): on
PostgreSQL their tables refuse UPDATE and DELETE, as the other logs do (ADR 0011, ADR 0032)."""

from django.db import migrations

from smartcourt.core.append_only_db import refuse_update_and_delete


class Migration(migrations.Migration):
    dependencies = [("hearings", "0003_async_cross_examination")]

    operations = [
        refuse_update_and_delete("hearings_asyncconsent"),
        refuse_update_and_delete("hearings_asyncopinion"),
    ]

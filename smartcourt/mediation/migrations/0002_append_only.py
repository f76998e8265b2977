"""A dispute's timeline and the mediation room's messages are append-only: on PostgreSQL the tables refuse UPDATE
and DELETE, as the other logs do (ADR 0011)."""

from django.db import migrations

from smartcourt.core.append_only_db import refuse_update_and_delete


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]

    operations = [refuse_update_and_delete("mediation_disputeevent"), refuse_update_and_delete("mediation_message")]

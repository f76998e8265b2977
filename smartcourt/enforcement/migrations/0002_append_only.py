"""Case-money movements, their legs and the holders' inquiry replies (evidence) are append-only: on PostgreSQL the
tables refuse UPDATE and DELETE, as the other logs do (ADR 0011)."""

from django.db import migrations

from smartcourt.core.append_only_db import refuse_update_and_delete


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]

    operations = [
        refuse_update_and_delete("enforcement_fundmovement"),
        refuse_update_and_delete("enforcement_fundleg"),
        refuse_update_and_delete("enforcement_inquiryresult"),
    ]

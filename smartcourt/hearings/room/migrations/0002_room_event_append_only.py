"""A room's log (庭审室日志) is append-only: on PostgreSQL the table refuses UPDATE and DELETE, as the other logs do
(ADR 0011)."""

from django.db import migrations

from smartcourt.core.append_only_db import refuse_update_and_delete


class Migration(migrations.Migration):
    dependencies = [("hearing_room", "0001_initial")]

    operations = [refuse_update_and_delete("hearing_room_roomevent")]

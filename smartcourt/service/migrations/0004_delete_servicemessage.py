"""Service's outbox table is gone: its rows are in the one outbox (previous migration, ADR 0012)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("service", "0003_copy_service_messages_to_core")]

    operations = [migrations.DeleteModel(name="ServiceMessage")]

"""Custody events are append-only by construction: each carries its action's correlation id, and on PostgreSQL the table
refuses UPDATE and DELETE."""

import smartcourt.core.fields
from smartcourt.core.append_only_db import refuse_update_and_delete
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dossier_custody', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='custodyevent',
            name='correlation_id',
            field=smartcourt.core.fields.CorrelationIdField(blank=True, db_index=True, editable=False, null=True, verbose_name='关联操作编号'),
        ),
        refuse_update_and_delete('dossier_custody_custodyevent'),
    ]

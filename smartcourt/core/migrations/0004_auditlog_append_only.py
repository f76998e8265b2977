"""The audit log is append-only by construction: each row carries its action's correlation id, and on PostgreSQL the table
refuses UPDATE and DELETE."""

import smartcourt.core.fields
from smartcourt.core.append_only_db import refuse_update_and_delete
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_notification'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditlog',
            name='correlation_id',
            field=smartcourt.core.fields.CorrelationIdField(blank=True, db_index=True, editable=False, null=True, verbose_name='关联操作编号'),
        ),
        refuse_update_and_delete('core_auditlog'),
    ]

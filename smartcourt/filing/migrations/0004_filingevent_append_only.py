"""The filing timeline is append-only by construction: each event carries its action's correlation id, a filing with a
timeline cannot be deleted (PROTECT instead of CASCADE), and on PostgreSQL the table refuses UPDATE and DELETE."""

import django.db.models.deletion
import smartcourt.core.fields
from smartcourt.core.append_only_db import refuse_update_and_delete
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('filing', '0003_party_order'),
    ]

    operations = [
        migrations.AddField(
            model_name='filingevent',
            name='correlation_id',
            field=smartcourt.core.fields.CorrelationIdField(blank=True, db_index=True, editable=False, null=True, verbose_name='关联操作编号'),
        ),
        migrations.AlterField(
            model_name='filingevent',
            name='filing',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='filing.filing'),
        ),
        refuse_update_and_delete('filing_filingevent'),
    ]

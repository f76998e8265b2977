"""The case timeline is append-only by construction: each event carries its action's correlation id, a case with a timeline
cannot be deleted (PROTECT instead of CASCADE), and on PostgreSQL the table refuses UPDATE and DELETE."""

import django.db.models.deletion
import smartcourt.core.fields
from smartcourt.core.append_only_db import refuse_update_and_delete
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_trial_period_adjustment_to_legaltime'),
    ]

    operations = [
        migrations.AddField(
            model_name='caseevent',
            name='correlation_id',
            field=smartcourt.core.fields.CorrelationIdField(blank=True, db_index=True, editable=False, null=True, verbose_name='关联操作编号'),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='cases.case'),
        ),
        refuse_update_and_delete('cases_caseevent'),
    ]

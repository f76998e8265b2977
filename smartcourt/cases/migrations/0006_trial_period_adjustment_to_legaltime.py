# TrialPeriodAdjustment now belongs to `legaltime` (ADR 0008; legaltime 0001 adds it to that app's state with
# db_table='cases_trialperiodadjustment'). Remove it from cases' state only: the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_case_recent_index'),
        ('legaltime', '0001_trial_period_adjustment_from_cases'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='TrialPeriodAdjustment')],
            database_operations=[],
        ),
    ]

# TrialPeriodAdjustment moves from `cases` to `legaltime` (ADR 0008) without touching the database: the table
# `cases_trialperiodadjustment`, its rows, indexes and constraints stay exactly where `cases` 0002 created them.
# This migration adds the model to legaltime's state only (with `db_table` naming the existing table);
# `cases` 0006 removes it from cases' state only. No SQL runs in either.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0005_case_recent_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TrialPeriodAdjustment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('kind', models.CharField(choices=[('suspension', '中止诉讼'), ('public_notice', '公告期间'), ('appraisal', '鉴定期间'), ('jurisdiction', '管辖异议处理期间'), ('settlement', '双方申请和解期间'), ('extension', '延长审限'), ('procedure_change', '程序转换')], max_length=24, verbose_name='类别')),
                        ('started_on', models.DateField(verbose_name='开始日期')),
                        ('ended_on', models.DateField(blank=True, null=True, verbose_name='结束日期')),
                        ('months', models.PositiveSmallIntegerField(default=0, verbose_name='延长月数')),
                        ('days', models.PositiveSmallIntegerField(default=0, verbose_name='延长天数')),
                        ('reason', models.CharField(blank=True, max_length=300, verbose_name='理由')),
                        ('detail', models.JSONField(blank=True, default=dict)),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='批准人')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='period_adjustments', to='cases.case')),
                    ],
                    options={
                        'verbose_name': '审限变动',
                        'verbose_name_plural': '审限变动',
                        'ordering': ['case', 'started_on', 'id'],
                        'db_table': 'cases_trialperiodadjustment',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

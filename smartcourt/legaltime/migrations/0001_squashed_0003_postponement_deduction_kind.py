"""Squashed: 0001_trial_period_adjustment_from_cases … 0003_postponement_deduction_kind (3 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.squashed import operation_of


class Migration(migrations.Migration):
    replaces = [
        ('legaltime', '0001_trial_period_adjustment_from_cases'),
        ('legaltime', '0002_one_deduction_kind_list'),
        ('legaltime', '0003_postponement_deduction_kind'),
    ]

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
        ),
        migrations.AlterField(
            model_name='trialperiodadjustment',
            name='kind',
            field=models.CharField(choices=[('suspension', '中止诉讼期间'), ('public_notice', '公告期间'), ('appraisal', '鉴定期间'), ('jurisdiction_objection', '管辖异议及管辖争议处理期间'), ('settlement', '双方当事人和解期间'), ('audit', '审计、评估、资产清理期间'), ('mediation', '立案后延长的调解期间'), ('postponement', '决定延期审理的期间'), ('extension', '延长审限'), ('procedure_change', '程序转换')], max_length=24, verbose_name='类别'),
        ),
        operation_of('smartcourt.legaltime.migrations.0002_one_deduction_kind_list', 1),  # RunPython
    ]

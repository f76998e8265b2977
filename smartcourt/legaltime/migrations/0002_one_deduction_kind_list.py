# One list of deduction kinds (rules/deductions.py DeductionKind): the stored code 'jurisdiction' becomes
# 'jurisdiction_objection' (the code the trial-period rules and the API always used), and the labels become the
# statute's words (民诉法解释 Art. 243: 双方当事人和解期间, 管辖异议及管辖争议处理期间). Reversible.
# Timeline events written before keep their old payloads: the case timeline is append-only.

from django.db import migrations, models

RENAMED = {'jurisdiction': 'jurisdiction_objection'}


def forwards(apps, schema_editor):
    Adjustment = apps.get_model('legaltime', 'TrialPeriodAdjustment')
    for old, new in RENAMED.items():
        Adjustment.objects.filter(kind=old).update(kind=new)


def backwards(apps, schema_editor):
    Adjustment = apps.get_model('legaltime', 'TrialPeriodAdjustment')
    for old, new in RENAMED.items():
        Adjustment.objects.filter(kind=new).update(kind=old)


class Migration(migrations.Migration):

    dependencies = [
        ('legaltime', '0001_trial_period_adjustment_from_cases'),
    ]

    operations = [
        migrations.AlterField(
            model_name='trialperiodadjustment',
            name='kind',
            field=models.CharField(choices=[('suspension', '中止诉讼期间'), ('public_notice', '公告期间'), ('appraisal', '鉴定期间'), ('jurisdiction_objection', '管辖异议及管辖争议处理期间'), ('settlement', '双方当事人和解期间'), ('audit', '审计、评估、资产清理期间'), ('mediation', '立案后延长的调解期间'), ('extension', '延长审限'), ('procedure_change', '程序转换')], max_length=24, verbose_name='类别'),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]

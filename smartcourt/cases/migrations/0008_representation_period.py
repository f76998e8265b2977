"""A representation has a start and an end (解除委托 / 代理终止): existing representations start on their case's filing
day and have no end, so every representative keeps exactly the access they had."""

import django.utils.timezone
from django.db import migrations, models


def start_on_filing_day(apps, schema_editor):
    Representation = apps.get_model("cases", "Representation")
    filed_on = models.Subquery(
        apps.get_model("cases", "Case").objects.filter(parties=models.OuterRef("party")).values("filed_on")[:1]
    )
    Representation.objects.filter(starts_on__isnull=True).update(starts_on=filed_on)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_caseevent_append_only")]

    operations = [
        migrations.AddField(
            model_name="representation",
            name="starts_on",
            field=models.DateField(null=True, verbose_name="代理起始日"),
        ),
        migrations.RunPython(start_on_filing_day, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="representation",
            name="starts_on",
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name="代理起始日"),
        ),
        migrations.AddField(
            model_name="representation",
            name="ends_on",
            field=models.DateField(
                blank=True, help_text="自该日起不再代理本案；为空表示代理持续有效。", null=True, verbose_name="代理终止日"
            ),
        ),
        migrations.AddField(
            model_name="representation",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[("revoked", "当事人解除委托"), ("withdrawn", "代理人辞去委托"), ("mandate_ended", "委托期限届满")],
                max_length=16,
                verbose_name="终止原因",
            ),
        ),
        migrations.AddField(
            model_name="representation",
            name="end_note",
            field=models.CharField(blank=True, max_length=200, verbose_name="终止说明"),
        ),
        migrations.AddIndex(
            model_name="representation",
            index=models.Index(fields=["user", "ends_on"], name="representation_user_ends"),
        ),
        migrations.AddConstraint(
            model_name="representation",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__isnull", True), ("ends_on__gte", models.F("starts_on")), _connector="OR"),
                name="representation_ends_after_start",
            ),
        ),
    ]

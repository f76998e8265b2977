"""A litigant account belongs to the court the person registered with (常用法院), so the real-name verification queue
is that court's (permission table: IDENTITY at COURT scope) instead of every filing officer's in the province.

Existing accounts take the court of the public-side grant registration gave them (`litigant_user_create`: role party
or lawyer at the chosen court), else of their first grant of any role; an account with no grant at all keeps no court
(no officer sees it until the person submits their identity again, which fills it)."""

import django.db.models.deletion
from django.db import migrations, models

PUBLIC_ROLES = ("party", "lawyer")  # the roles registration grants, as stored in 0004's time


def court_from_registration(apps, schema_editor):
    LitigantAccount = apps.get_model("portal", "LitigantAccount")
    RoleGrant = apps.get_model("courts", "RoleGrant")
    for account in LitigantAccount.objects.filter(court__isnull=True).only("pk", "user_id").iterator():
        grants = RoleGrant.objects.filter(user_id=account.user_id).order_by("id")
        grant = grants.filter(role__in=PUBLIC_ROLES).first() or grants.first()
        if grant is not None:
            LitigantAccount.objects.filter(pk=account.pk).update(court_id=grant.court_id)


class Migration(migrations.Migration):
    dependencies = [
        ("courts", "0004_court_path_well_formed"),
        ("portal", "0004_kiosk_device"),
    ]

    operations = [
        migrations.AddField(
            model_name="litigantaccount",
            name="court",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="courts.court",
                verbose_name="注册法院",
            ),
        ),
        migrations.AddIndex(
            model_name="litigantaccount",
            index=models.Index(fields=["court", "state"], name="litigant_account_court_queue"),
        ),
        migrations.RunPython(court_from_registration, migrations.RunPython.noop),
    ]

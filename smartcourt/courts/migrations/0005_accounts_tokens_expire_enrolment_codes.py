"""Accounts hardening (ADR 0017): API tokens expire and are bound to the password they were issued under; role
grants of judges record the appointment; staff bind an authenticator only with an administrator's one-time code.

Existing tokens get the default lifetime from their creation and the stamp of their owner's current password, so
they keep working until then (or until the next password change)."""

import hashlib
from datetime import timedelta

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

LIFETIME_DAYS = 90  # settings.API_TOKEN_LIFETIME_DAYS when this migration was written


def backfill_tokens(apps, schema_editor):
    ApiToken = apps.get_model("courts", "ApiToken")
    for token in ApiToken.objects.select_related("user"):
        token.expires_at = token.created_at + timedelta(days=LIFETIME_DAYS)
        token.password_stamp = hashlib.sha256(f"api-token:{token.user.password}".encode()).hexdigest()
        token.save(update_fields=["expires_at", "password_stamp"])


class Migration(migrations.Migration):
    dependencies = [("courts", "0004_court_path_well_formed")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="有效期至"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_stamp",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="签发时的密码指纹"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_reason",
            field=models.CharField(
                blank=True,
                choices=[("owner", "本人吊销"), ("password_changed", "修改密码后失效")],
                max_length=24,
                verbose_name="吊销原因",
            ),
        ),
        migrations.RunPython(backfill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="有效期至"),
        ),
        migrations.AddField(
            model_name="rolegrant",
            name="appointment_ref",
            field=models.CharField(blank=True, max_length=64, verbose_name="任免文号"),
        ),
        migrations.CreateModel(
            name="TotpEnrolmentCode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="创建时间"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("code_hash", models.CharField(max_length=64, unique=True, verbose_name="摘要")),
                ("expires_at", models.DateTimeField(verbose_name="有效期至")),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="使用时间")),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True, verbose_name="作废时间")),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="发放人",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="totp_enrolment_codes",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="人员",
                    ),
                ),
            ],
            options={"verbose_name": "身份验证器绑定码", "verbose_name_plural": "身份验证器绑定码"},
        ),
    ]

"""Squashed: 0001_initial … 0004_auditlog_append_only (4 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.append_only_db import refuse_update_and_delete
import smartcourt.core.fields


class Migration(migrations.Migration):
    replaces = [
        ('core', '0001_initial'),
        ('core', '0002_initial'),
        ('core', '0003_notification'),
        ('core', '0004_auditlog_append_only'),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间')),
                ('title', models.CharField(max_length=120, verbose_name='标题')),
                ('body', models.TextField(blank=True, verbose_name='内容')),
                ('link', models.CharField(blank=True, max_length=200, verbose_name='链接')),
                ('topic', models.CharField(blank=True, max_length=48, verbose_name='主题')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='已读时间')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='收件人')),
            ],
            options={
                'verbose_name': '站内消息',
                'verbose_name_plural': '站内消息',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['recipient', 'read_at'], name='core_notifi_recipie_43dea6_idx')],
            },
        ),
        migrations.CreateModel(
            name='AuditLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间')),
                ('kind', models.CharField(choices=[('write', '操作'), ('read', '查阅'), ('auth', '登录与认证')], default='write', max_length=8, verbose_name='类别')),
                ('action', models.CharField(db_index=True, max_length=64, verbose_name='动作')),
                ('target_type', models.CharField(blank=True, max_length=64, verbose_name='对象类型')),
                ('target_id', models.CharField(blank=True, max_length=64, verbose_name='对象编号')),
                ('target_label', models.CharField(blank=True, max_length=200, verbose_name='对象')),
                ('data_subject', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='信息主体')),
                ('reason', models.CharField(blank=True, max_length=200, verbose_name='事由')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP 地址')),
                ('extra', models.JSONField(blank=True, default=dict, verbose_name='详情')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                ('correlation_id', smartcourt.core.fields.CorrelationIdField(blank=True, db_index=True, editable=False, null=True, verbose_name='关联操作编号')),
            ],
            options={
                'verbose_name': '审计日志',
                'verbose_name_plural': '审计日志',
                'ordering': ['-occurred_at', '-id'],
                'indexes': [models.Index(fields=['target_type', 'target_id'], name='core_auditl_target__6c66b3_idx')],
            },
        ),
        refuse_update_and_delete('core_auditlog'),
    ]

"""Squashed: 0001_initial … 0006_publication_task (6 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.squashed import operation_of


class Migration(migrations.Migration):
    replaces = [
        ('portal', '0001_initial'),
        ('portal', '0002_copy_outbound_messages_to_core'),
        ('portal', '0003_delete_outboundmessage'),
        ('portal', '0004_kiosk_device'),
        ('portal', '0005_litigant_account_court'),
        ('portal', '0006_publication_task'),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('core_outbox', '0001_outbound_message'),
        ('filing', '0003_party_order'),
        ('courts', '0005_accounts_tokens_expire_enrolment_codes'),
        ('courts', '0004_court_path_well_formed'),
        ('cases', '0013_case_month_count'),
        ('courts', '0006_standing_team'),
    ]

    operations = [
        migrations.CreateModel(
            name='OutboundMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('channel', models.CharField(choices=[('sms', '短信'), ('email', '电子邮件')], max_length=8, verbose_name='渠道')),
                ('to', models.CharField(max_length=200, verbose_name='收件地址')),
                ('subject', models.CharField(blank=True, max_length=200, verbose_name='标题')),
                ('body', models.TextField(verbose_name='内容')),
                ('status', models.CharField(choices=[('queued', '待发送（发件箱）'), ('sent', '已发送'), ('failed', '发送失败')], default='queued', max_length=8, verbose_name='状态')),
                ('adapter', models.CharField(max_length=48, verbose_name='发送方式')),
                ('error', models.CharField(blank=True, max_length=300, verbose_name='错误')),
                ('topic', models.CharField(blank=True, max_length=48, verbose_name='主题')),
                ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '短信与邮件发件箱',
                'verbose_name_plural': '短信与邮件发件箱',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='LitigantAccount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('party', '当事人'), ('lawyer', '律师')], max_length=8, verbose_name='类别')),
                ('id_number', models.CharField(blank=True, max_length=18, verbose_name='公民身份号码')),
                ('id_photo', models.FileField(blank=True, max_length=200, upload_to='portal/id/', verbose_name='证件照片')),
                ('id_photo_sha256', models.CharField(blank=True, max_length=64, verbose_name='证件照片摘要')),
                ('state', models.CharField(choices=[('unverified', '未认证'), ('pending', '待人工审核'), ('verified', '已认证'), ('refused', '认证未通过')], default='unverified', max_length=12, verbose_name='认证状态')),
                ('provider', models.CharField(blank=True, max_length=32, verbose_name='认证方式')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='审核时间')),
                ('refusal_reason', models.CharField(blank=True, max_length=200, verbose_name='未通过理由')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='电子邮箱')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审核人')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='litigant_account', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '诉讼参与人账户',
                'verbose_name_plural': '诉讼参与人账户',
                'constraints': [models.UniqueConstraint(condition=models.Q(('id_number', ''), _negated=True), fields=('id_number',), name='litigant_account_id_unique')],
            },
        ),
        operation_of('smartcourt.portal.migrations.0002_copy_outbound_messages_to_core', 0),  # RunPython
        migrations.CreateModel(
            name='KioskDevice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('name', models.CharField(max_length=64, verbose_name='终端名称')),
                ('prefix', models.CharField(max_length=12, verbose_name='密钥前缀')),
                ('key_hash', models.CharField(max_length=64, unique=True, verbose_name='密钥摘要')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='最近使用')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='停用时间')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='法院')),
                ('registered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': '自助立案终端',
                'verbose_name_plural': '自助立案终端',
            },
        ),
        migrations.CreateModel(
            name='PublicationTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('judgment', '判决书'), ('ruling', '裁定书')], max_length=12, verbose_name='文书种类')),
                ('title', models.CharField(max_length=200, verbose_name='文书标题')),
                ('case_number', models.CharField(max_length=64, verbose_name='案号')),
                ('case_kind', models.CharField(blank=True, max_length=24, verbose_name='案件类型')),
                ('cause', models.CharField(blank=True, max_length=100, verbose_name='案由')),
                ('effective_on', models.DateField(verbose_name='生效日期')),
                ('due_on', models.DateField(db_index=True, verbose_name='公布期限')),
                ('full_text', models.TextField(verbose_name='文书原文')),
                ('source_sha256', models.CharField(max_length=64, verbose_name='原文摘要')),
                ('parties', models.JSONField(blank=True, default=list, verbose_name='当事人信息')),
                ('signed_pdf_sha256', models.CharField(blank=True, max_length=64, verbose_name='签章文书摘要')),
                ('signed_pdf_name', models.CharField(blank=True, max_length=500, verbose_name='签章文书存储名')),
                ('state', models.CharField(choices=[('pending', '待审核'), ('reviewed', '已审核，待公布'), ('excluded', '不公布'), ('published', '已公布')], db_index=True, default='pending', max_length=12, verbose_name='状态')),
                ('suggested_exclusion', models.CharField(blank=True, max_length=24, verbose_name='建议不公布理由')),
                ('suggested_note', models.CharField(blank=True, max_length=200, verbose_name='建议说明')),
                ('exclusion_reason', models.CharField(blank=True, choices=[('state_secret', '涉及国家秘密'), ('juvenile_crime', '未成年人犯罪'), ('mediation', '以调解方式结案或者确认人民调解协议效力'), ('divorce_custody', '离婚诉讼或者涉及未成年子女抚养、监护'), ('other', '人民法院认为不宜在互联网公布的其他情形')], max_length=24, verbose_name='不公布理由')),
                ('exclusion_note', models.CharField(blank=True, max_length=500, verbose_name='不公布说明')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='决定时间')),
                ('anonymised_text', models.TextField(blank=True, verbose_name='隐名处理后文本')),
                ('replacements', models.JSONField(blank=True, default=list, verbose_name='替换记录')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='审核时间')),
                ('published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='公布时间')),
                ('published_pdf_name', models.CharField(blank=True, max_length=500, verbose_name='公布文书存储名')),
                ('published_pdf_sha256', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='公布文书摘要')),
                ('search_text', models.TextField(blank=True, verbose_name='检索词')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='案件')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='法院')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '裁判文书公开任务',
                'verbose_name_plural': '裁判文书公开任务',
                'ordering': ['due_on', 'id'],
                'indexes': [models.Index(fields=['court', 'state', 'due_on'], name='publication_court_state'), models.Index(fields=['state', 'published_at'], name='publication_published')],
                'constraints': [models.UniqueConstraint(fields=('case', 'source_sha256'), name='publication_task_source_unique')],
            },
        ),
        migrations.DeleteModel(
            name='OutboundMessage',
        ),
        migrations.AddField(
            model_name='litigantaccount',
            name='court',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='注册法院'),
        ),
        migrations.AddIndex(
            model_name='litigantaccount',
            index=models.Index(fields=['court', 'state'], name='litigant_account_court_queue'),
        ),
        operation_of('smartcourt.portal.migrations.0005_litigant_account_court', 2),  # RunPython
    ]

"""Squashed: 0001_initial … 0006_seal_sent_service_links (6 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.append_only_db import refuse_update_and_delete
import smartcourt.core.fields
from smartcourt.core.squashed import operation_of


class Migration(migrations.Migration):
    replaces = [
        ('service', '0001_initial'),
        ('service', '0002_serviceevent_append_only'),
        ('service', '0003_copy_service_messages_to_core'),
        ('service', '0004_delete_servicemessage'),
        ('service', '0005_attempt_link_code'),
        ('service', '0006_seal_sent_service_links'),
    ]

    initial = True

    dependencies = [
        ('cases', '0005_case_recent_index'),
        ('courts', '0003_grant_unique_partial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('core_outbox', '0001_outbound_message'),
    ]

    operations = [
        migrations.CreateModel(
            name='ServiceAddress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('postal_address', models.CharField(blank=True, max_length=200, verbose_name='邮寄/直接送达地址')),
                ('postal_code', models.CharField(blank=True, max_length=6, verbose_name='邮政编码')),
                ('mobile', models.CharField(blank=True, max_length=11, verbose_name='手机号码')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='电子邮箱')),
                ('consent_platform', models.BooleanField(default=False, verbose_name='同意诉讼平台送达')),
                ('consent_sms', models.BooleanField(default=False, verbose_name='同意短信送达')),
                ('consent_email', models.BooleanField(default=False, verbose_name='同意电子邮件送达')),
                ('consent_judgments', models.BooleanField(default=False, verbose_name='同意电子送达判决书、裁定书、调解书')),
                ('consent_basis', models.CharField(choices=[('explicit', '受送达人明确表示同意（在线诉讼规则第二十九条第二款第一项）'), ('prior_agreement', '诉前对电子送达作出约定或承诺（第二十九条第二款第二项）'), ('pleading', '在起诉状、答辩状等中主动提供电子地址（第二十九条第二款第三项）'), ('none', '未同意电子送达')], max_length=16, verbose_name='同意依据')),
                ('abroad', models.BooleanField(default=False, verbose_name='在境外')),
                ('signed_via', models.CharField(choices=[('online', '在线签署'), ('paper', '纸质签署（扫描件）'), ('agreement', '诉前约定'), ('other_party', '他方提供（未经本人确认）')], max_length=16, verbose_name='确认方式')),
                ('signed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='确认时间')),
                ('paper_sha256', models.CharField(blank=True, max_length=64, verbose_name='纸质确认书扫描件 SHA-256')),
                ('paper_storage_name', models.CharField(blank=True, max_length=200, verbose_name='扫描件存储名')),
                ('superseded_at', models.DateTimeField(blank=True, null=True, verbose_name='被新确认书取代时间')),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='确认时所在案件')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_addresses', to='cases.person', verbose_name='受送达人')),
                ('platform_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='诉讼平台账户')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='录入人')),
            ],
            options={
                'verbose_name': '送达地址确认书',
                'verbose_name_plural': '送达地址确认书',
                'ordering': ['person', '-signed_at', '-id'],
                'indexes': [models.Index(fields=['person', 'superseded_at'], name='service_ser_person__54d5e7_idx')],
            },
        ),
        migrations.CreateModel(
            name='ServiceAttempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('seq', models.PositiveSmallIntegerField(verbose_name='次序')),
                ('channel', models.CharField(choices=[('platform', '诉讼平台电子送达'), ('sms', '短信链接电子送达'), ('email', '电子邮件送达'), ('post', '邮寄送达（法院专递）'), ('in_person', '直接送达'), ('public_notice', '公告送达')], max_length=16, verbose_name='渠道')),
                ('state', models.CharField(choices=[('awaiting', '已发出，待回执'), ('delivered', '已到达受送达人系统'), ('served', '已送达'), ('failed', '送达失败'), ('superseded', '已转下一渠道')], default='awaiting', max_length=12, verbose_name='状态')),
                ('target', models.CharField(blank=True, max_length=200, verbose_name='送达地址')),
                ('confirmed_address', models.BooleanField(default=False, verbose_name='受送达人确认的地址')),
                ('tracking_number', models.CharField(blank=True, max_length=32, null=True, unique=True, verbose_name='邮件号')),
                ('token_hash', models.CharField(blank=True, db_index=True, max_length=64)),
                ('token_expires_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='发出时间')),
                ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='到达时间')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='阅知时间')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='结束时间')),
                ('failure_reason', models.CharField(blank=True, max_length=300, verbose_name='失败原因')),
                ('published_on', models.DateField(blank=True, null=True, verbose_name='公告发出日')),
                ('evidence', models.JSONField(blank=True, default=dict, verbose_name='送达凭据')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='送达人')),
            ],
            options={
                'verbose_name': '送达尝试',
                'verbose_name_plural': '送达尝试',
                'ordering': ['task', 'seq'],
            },
        ),
        migrations.CreateModel(
            name='ServiceBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('document_type', models.CharField(choices=[('complaint_copy', '起诉状副本及应诉通知书'), ('summons', '传票'), ('notice', '通知书'), ('evidence', '证据材料'), ('judgment', '判决书'), ('ruling', '裁定书'), ('mediation', '调解书'), ('other', '其他诉讼文书')], max_length=24, verbose_name='文书类型')),
                ('title', models.CharField(max_length=120, verbose_name='文书名称')),
                ('size', models.PositiveIntegerField(default=0, verbose_name='任务数')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='法院')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
            ],
            options={
                'verbose_name': '批量送达',
                'verbose_name_plural': '批量送达',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ServiceMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('sms', '短信'), ('email', '电子邮件')], max_length=8, verbose_name='类别')),
                ('to', models.CharField(max_length=200, verbose_name='收件地址')),
                ('subject', models.CharField(blank=True, max_length=200, verbose_name='标题')),
                ('body', models.TextField(verbose_name='内容')),
                ('status', models.CharField(choices=[('outbox', '已写入发件箱（无回执）'), ('accepted', '服务器已接收'), ('delivered', '已送达终端'), ('rejected', '被拒收')], max_length=12, verbose_name='状态')),
                ('provider', models.CharField(max_length=48, verbose_name='通道')),
                ('reference', models.CharField(blank=True, max_length=120, verbose_name='通道消息编号')),
                ('error', models.CharField(blank=True, max_length=300, verbose_name='错误')),
                ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='messages', to='service.serviceattempt')),
            ],
            options={
                'verbose_name': '送达短信与邮件发件箱',
                'verbose_name_plural': '送达短信与邮件发件箱',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ServicePolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('channels', models.JSONField(default=list, verbose_name='渠道顺序')),
                ('wait_days', models.JSONField(default=dict, verbose_name='各渠道等待回执天数')),
                ('court', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='service_policy', to='courts.court', verbose_name='法院')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='修改人')),
            ],
            options={
                'verbose_name': '送达策略',
                'verbose_name_plural': '送达策略',
            },
        ),
        migrations.CreateModel(
            name='ServiceTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('document_type', models.CharField(choices=[('complaint_copy', '起诉状副本及应诉通知书'), ('summons', '传票'), ('notice', '通知书'), ('evidence', '证据材料'), ('judgment', '判决书'), ('ruling', '裁定书'), ('mediation', '调解书'), ('other', '其他诉讼文书')], max_length=24, verbose_name='文书类型')),
                ('title', models.CharField(max_length=120, verbose_name='文书名称')),
                ('document_sha256', models.CharField(max_length=64, verbose_name='文书 SHA-256')),
                ('document_storage_name', models.CharField(max_length=200, verbose_name='文书存储名')),
                ('document_size', models.PositiveIntegerField(default=0, verbose_name='文书大小')),
                ('plan', models.JSONField(default=list, verbose_name='送达渠道计划')),
                ('plan_notes', models.JSONField(blank=True, default=list, verbose_name='计划说明')),
                ('step', models.PositiveSmallIntegerField(default=0, verbose_name='当前渠道序号')),
                ('state', models.CharField(choices=[('pending', '待送达'), ('in_progress', '送达中'), ('public_notice', '公告期间'), ('served', '已送达'), ('exhausted', '送达未果'), ('cancelled', '已撤销')], default='pending', max_length=16, verbose_name='状态')),
                ('served_at', models.DateTimeField(blank=True, null=True, verbose_name='送达时间')),
                ('served_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='送达日期')),
                ('served_channel', models.CharField(blank=True, choices=[('platform', '诉讼平台电子送达'), ('sms', '短信链接电子送达'), ('email', '电子邮件送达'), ('post', '邮寄送达（法院专递）'), ('in_person', '直接送达'), ('public_notice', '公告送达')], max_length=16, verbose_name='送达方式')),
                ('served_basis', models.JSONField(blank=True, default=list, verbose_name='送达生效依据')),
                ('notice_deemed_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='公告期满视为送达日')),
                ('certificate_sha256', models.CharField(blank=True, max_length=64, verbose_name='送达回证 SHA-256')),
                ('certificate_storage_name', models.CharField(blank=True, max_length=200, verbose_name='送达回证存储名')),
                ('certificate_document_id', models.BigIntegerField(blank=True, null=True, verbose_name='卷宗文书编号')),
                ('version', models.PositiveIntegerField(default=0, verbose_name='版本')),
                ('origin_ref', models.CharField(blank=True, max_length=80, verbose_name='来源')),
                ('address', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='service.serviceaddress', verbose_name='送达地址')),
                ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='service.servicebatch', verbose_name='批次')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_tasks', to='cases.case', verbose_name='案件')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='法院')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_tasks', to='cases.caseparty', verbose_name='受送达人')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.person', verbose_name='主体')),
                ('served_attempt', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='service.serviceattempt', verbose_name='生效送达')),
            ],
            options={
                'verbose_name': '送达任务',
                'verbose_name_plural': '送达任务',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ServiceEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(db_index=True, max_length=40, verbose_name='事件')),
                ('occurred_at', models.DateTimeField(db_index=True, verbose_name='时间')),
                ('summary', models.CharField(max_length=300, verbose_name='摘要')),
                ('payload', models.JSONField(blank=True, default=dict, verbose_name='内容')),
                ('sha256', models.CharField(max_length=64, verbose_name='内容 SHA-256')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('attempt', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='service.serviceattempt')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case')),
                ('task', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='service.servicetask')),
                ('correlation_id', smartcourt.core.fields.CorrelationIdField(blank=True, db_index=True, editable=False, null=True, verbose_name='关联操作编号')),
            ],
            options={
                'verbose_name': '送达事件',
                'verbose_name_plural': '送达事件',
                'ordering': ['occurred_at', 'id'],
                'indexes': [models.Index(fields=['task', 'occurred_at'], name='service_ser_task_id_cb3fc7_idx')],
            },
        ),
        migrations.CreateModel(
            name='ServiceDeadline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('rule_code', models.CharField(max_length=48, verbose_name='规则')),
                ('label', models.CharField(max_length=80, verbose_name='期间')),
                ('start_on', models.DateField(verbose_name='起算日（送达日）')),
                ('due_on', models.DateField(verbose_name='届满日')),
                ('explanation', models.JSONField(default=list, verbose_name='计算过程')),
                ('warnings', models.JSONField(blank=True, default=list, verbose_name='提示')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_deadlines', to='cases.case')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.caseparty')),
                ('task', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deadlines', to='service.servicetask')),
            ],
            options={
                'verbose_name': '自送达起算的期间',
                'verbose_name_plural': '自送达起算的期间',
                'ordering': ['case', 'due_on', 'id'],
                'constraints': [models.UniqueConstraint(fields=('task', 'rule_code'), name='service_deadline_unique')],
            },
        ),
        migrations.AddField(
            model_name='serviceattempt',
            name='task',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attempts', to='service.servicetask', verbose_name='任务'),
        ),
        migrations.AddIndex(
            model_name='servicetask',
            index=models.Index(fields=['court', 'state', '-created_at'], name='service_task_queue'),
        ),
        migrations.AddIndex(
            model_name='servicetask',
            index=models.Index(fields=['case', '-created_at'], name='service_task_case'),
        ),
        migrations.AddIndex(
            model_name='servicetask',
            index=models.Index(fields=['person', 'state'], name='service_task_person'),
        ),
        migrations.AddConstraint(
            model_name='servicetask',
            constraint=models.UniqueConstraint(condition=models.Q(('origin_ref', ''), _negated=True), fields=('origin_ref',), name='service_task_origin_unique'),
        ),
        migrations.AddConstraint(
            model_name='servicetask',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'served'), _negated=True), ('served_at__isnull', False), _connector='OR'), name='service_task_served_has_moment'),
        ),
        migrations.AddConstraint(
            model_name='serviceattempt',
            constraint=models.UniqueConstraint(fields=('task', 'seq'), name='service_attempt_seq_unique'),
        ),
        operation_of('smartcourt.service.migrations.0003_copy_service_messages_to_core', 0),  # RunPython
        migrations.DeleteModel(
            name='ServiceMessage',
        ),
        migrations.AddField(
            model_name='serviceattempt',
            name='code_failures',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='验证码错误次数'),
        ),
        migrations.AddField(
            model_name='serviceattempt',
            name='code_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='验证码摘要'),
        ),
        migrations.AddField(
            model_name='serviceattempt',
            name='link_locked_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='链接锁定时间'),
        ),
        refuse_update_and_delete('service_serviceevent'),
        operation_of('smartcourt.service.migrations.0006_seal_sent_service_links', 0),  # RunPython
    ]

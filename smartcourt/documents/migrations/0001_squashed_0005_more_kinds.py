"""Squashed: 0001_initial … 0005_more_kinds (5 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.append_only_db import refuse_update_and_delete


class Migration(migrations.Migration):
    replaces = [
        ('documents', '0001_initial'),
        ('documents', '0002_draftversion_append_only'),
        ('documents', '0003_alter_document_state'),
        ('documents', '0004_document_signing_job'),
        ('documents', '0005_more_kinds'),
    ]

    initial = True

    dependencies = [
        ('cases', '0013_case_month_count'),
        ('courts', '0006_standing_team'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('acceptance_notice', '受理通知书'), ('response_notice', '应诉通知书'), ('evidence_notice', '举证通知书'), ('summons', '传票'), ('fee_notice', '缴费通知书'), ('ruling_jurisdiction', '裁定书（管辖）'), ('ruling_preservation', '裁定书（保全）'), ('ruling_withdrawal', '裁定书（准许撤诉）'), ('ruling_dismissal', '裁定书（驳回起诉）'), ('mediation', '调解书'), ('judgment_civil', '判决书（民事一审）'), ('judgment_criminal', '判决书（刑事）'), ('judgment_admin', '判决书（行政）'), ('judgment_second', '判决书（二审）'), ('appearance_notice', '出庭通知书'), ('mediation_agreement', '调解协议书（诉前调解）'), ('ruling_mediation_confirmation', '裁定书（确认调解协议）'), ('enforcement_designation', '指定执行裁定书'), ('enforcement_entrustment_letter', '委托执行函'), ('enforcement_assistance_notice', '协助执行通知书（协助执行网络）'), ('enf_notice', '执行通知书'), ('enf_report_property', '报告财产令'), ('enf_freeze_ruling', '执行裁定书（冻结、查封）'), ('enf_assist_freeze', '协助执行通知书（冻结、查封）'), ('enf_deduct_ruling', '执行裁定书（扣划）'), ('enf_assist_deduct', '协助执行通知书（扣划）'), ('enf_release_ruling', '执行裁定书（解除冻结、查封）'), ('enf_assist_release', '协助执行通知书（解除冻结、查封）'), ('enf_consumption', '限制消费令'), ('enf_dishonest', '决定书（纳入失信被执行人名单）'), ('enf_exit_ban', '决定书（限制出境）'), ('enf_search', '搜查令'), ('enf_detention', '拘留决定书'), ('enf_revocation', '决定书（撤销、解除措施）'), ('enf_final_this', '执行裁定书（终结本次执行程序）'), ('enf_terminate', '执行裁定书（终结执行）'), ('enf_not_enforce', '执行裁定书（不予执行）'), ('enf_closing_notice', '结案通知书（执行）'), ('enf_auction_notice', '拍卖公告'), ('enf_auction_ruling', '执行裁定书（拍卖成交）')], max_length=32, verbose_name='文书种类')),
                ('version', models.PositiveIntegerField(verbose_name='版本')),
                ('storage_name', models.CharField(max_length=200, verbose_name='存储名')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('fields_used', models.JSONField(default=list, verbose_name='使用的字段')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('court', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='courts.court')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '文书模板',
                'verbose_name_plural': '文书模板',
                'ordering': ['kind', '-version'],
                'constraints': [models.UniqueConstraint(fields=('court', 'kind', 'version'), name='documents_template_version_once')],
            },
        ),
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('acceptance_notice', '受理通知书'), ('response_notice', '应诉通知书'), ('evidence_notice', '举证通知书'), ('summons', '传票'), ('fee_notice', '缴费通知书'), ('ruling_jurisdiction', '裁定书（管辖）'), ('ruling_preservation', '裁定书（保全）'), ('ruling_withdrawal', '裁定书（准许撤诉）'), ('ruling_dismissal', '裁定书（驳回起诉）'), ('mediation', '调解书'), ('judgment_civil', '判决书（民事一审）'), ('judgment_criminal', '判决书（刑事）'), ('judgment_admin', '判决书（行政）'), ('judgment_second', '判决书（二审）'), ('appearance_notice', '出庭通知书'), ('mediation_agreement', '调解协议书（诉前调解）'), ('ruling_mediation_confirmation', '裁定书（确认调解协议）'), ('enforcement_designation', '指定执行裁定书'), ('enforcement_entrustment_letter', '委托执行函'), ('enforcement_assistance_notice', '协助执行通知书（协助执行网络）'), ('enf_notice', '执行通知书'), ('enf_report_property', '报告财产令'), ('enf_freeze_ruling', '执行裁定书（冻结、查封）'), ('enf_assist_freeze', '协助执行通知书（冻结、查封）'), ('enf_deduct_ruling', '执行裁定书（扣划）'), ('enf_assist_deduct', '协助执行通知书（扣划）'), ('enf_release_ruling', '执行裁定书（解除冻结、查封）'), ('enf_assist_release', '协助执行通知书（解除冻结、查封）'), ('enf_consumption', '限制消费令'), ('enf_dishonest', '决定书（纳入失信被执行人名单）'), ('enf_exit_ban', '决定书（限制出境）'), ('enf_search', '搜查令'), ('enf_detention', '拘留决定书'), ('enf_revocation', '决定书（撤销、解除措施）'), ('enf_final_this', '执行裁定书（终结本次执行程序）'), ('enf_terminate', '执行裁定书（终结执行）'), ('enf_not_enforce', '执行裁定书（不予执行）'), ('enf_closing_notice', '结案通知书（执行）'), ('enf_auction_notice', '拍卖公告'), ('enf_auction_ruling', '执行裁定书（拍卖成交）')], max_length=32, verbose_name='文书种类')),
                ('title', models.CharField(max_length=200, verbose_name='标题')),
                ('state', models.CharField(choices=[('draft', '起草中'), ('ready', '待签章'), ('in_review', '阅核中'), ('returned', '退回修改'), ('approved', '已核准'), ('signed', '已签章'), ('served', '已送达'), ('effective', '已生效')], default='draft', max_length=16, verbose_name='状态')),
                ('context', models.JSONField(blank=True, default=dict, verbose_name='字段值')),
                ('body', models.TextField(blank=True, verbose_name='正文')),
                ('docx_storage_name', models.CharField(blank=True, max_length=200)),
                ('pdf_storage_name', models.CharField(blank=True, max_length=200)),
                ('pdf_sha256', models.CharField(blank=True, max_length=64)),
                ('signed_storage_name', models.CharField(blank=True, max_length=200)),
                ('signed_sha256', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='签章文件SHA-256')),
                ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='签章时间')),
                ('served_at', models.DateTimeField(blank=True, null=True, verbose_name='送达时间')),
                ('effective_on', models.DateField(blank=True, null=True, verbose_name='生效日期')),
                ('error', models.CharField(blank=True, max_length=300, verbose_name='生成失败原因')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='court_documents', to='cases.case')),
                ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.caseparty')),
                ('template', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.documenttemplate')),
                ('job', models.CharField(blank=True, choices=[('', '无'), ('queued', '排队等待签章'), ('running', '签章中'), ('failed', '签章失败')], default='', max_length=16, verbose_name='签章任务')),
                ('job_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('job_progress', models.PositiveSmallIntegerField(default=0, verbose_name='签章进度')),
                ('job_serve', models.BooleanField(default=False, verbose_name='签章后交付送达')),
                ('job_step', models.CharField(blank=True, max_length=60, verbose_name='签章进度说明')),
                ('origin_ref', models.CharField(blank=True, db_index=True, max_length=120, verbose_name='来源')),
            ],
            options={
                'verbose_name': '文书',
                'verbose_name_plural': '文书',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['case', 'kind'], name='documents_d_case_id_5a3325_idx')],
            },
        ),
        migrations.CreateModel(
            name='DraftVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='版本号')),
                ('body', models.TextField(verbose_name='正文')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('occurred_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='时间')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='documents.document')),
            ],
            options={
                'verbose_name': '文稿版本',
                'verbose_name_plural': '文稿版本',
                'ordering': ['document', 'number'],
                'constraints': [models.UniqueConstraint(fields=('document', 'number'), name='documents_version_once')],
            },
        ),
        migrations.CreateModel(
            name='SignoffChainConfig',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('group', models.CharField(max_length=16, verbose_name='文书类别')),
                ('capacities', models.JSONField(default=list, verbose_name='审核链')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='courts.court')),
            ],
            options={
                'verbose_name': '阅核链设置',
                'verbose_name_plural': '阅核链设置',
                'constraints': [models.UniqueConstraint(fields=('court', 'group'), name='documents_chain_once')],
            },
        ),
        migrations.CreateModel(
            name='SignoffStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('round', models.PositiveIntegerField(default=1, verbose_name='轮次')),
                ('position', models.PositiveSmallIntegerField(verbose_name='顺序')),
                ('capacity', models.CharField(max_length=32, verbose_name='审核身份')),
                ('state', models.CharField(choices=[('waiting', '待阅核'), ('approved', '同意'), ('returned', '退回修改'), ('superseded', '已重新提交')], default='waiting', max_length=16)),
                ('opinion', models.TextField(blank=True, verbose_name='意见')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signoff_steps', to='documents.document')),
                ('reviewer', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.draftversion')),
            ],
            options={
                'verbose_name': '阅核步骤',
                'verbose_name_plural': '阅核步骤',
                'ordering': ['document', 'round', 'position'],
            },
        ),
        migrations.CreateModel(
            name='SignoffComment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('passage', models.CharField(max_length=500, verbose_name='批注段落')),
                ('offset', models.PositiveIntegerField(blank=True, null=True, verbose_name='位置')),
                ('text', models.TextField(verbose_name='批注')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('step', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='documents.signoffstep')),
            ],
            options={
                'verbose_name': '阅核批注',
                'verbose_name_plural': '阅核批注',
                'ordering': ['step', 'offset', 'id'],
            },
        ),
        refuse_update_and_delete('documents_draftversion'),
    ]

"""Squashed: 0001_initial … 0003_page_ledger_pending_index (3 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.squashed import operation_of


class Migration(migrations.Migration):
    replaces = [
        ('dossier', '0001_initial'),
        ('dossier', '0002_category_source_party'),
        ('dossier', '0003_page_ledger_pending_index'),
    ]

    initial = True

    dependencies = [
        ('cases', '0005_case_recent_index'),
        ('courts', '0003_grant_unique_partial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('cases', '0011_case_search_trigram'),
    ]

    operations = [
        migrations.CreateModel(
            name='DossierDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('title', models.CharField(max_length=200, verbose_name='文件名称')),
                ('category', models.CharField(choices=[('complaint', '起诉状'), ('indictment', '起诉书'), ('identity_material', '当事人身份证明及授权委托书'), ('acceptance_notice', '受理通知书'), ('fee_notice', '交纳诉讼费用通知书'), ('evidence_notice', '举证通知书'), ('defence', '答辩状'), ('evidence_list', '证据目录'), ('evidence', '证据'), ('summons', '传票'), ('investigation_record', '调查笔录'), ('hearing_record', '庭审笔录'), ('mediation', '调解书'), ('judgment', '判决书'), ('ruling', '裁定书'), ('pronouncement_record', '宣判笔录'), ('service_certificate', '送达回证'), ('appeal', '上诉状'), ('other', '其他')], default='other', max_length=32, verbose_name='卷宗目录类别')),
                ('category_confidence', models.FloatField(default=0.0, verbose_name='编目置信度')),
                ('category_source', models.CharField(choices=[('classifier', '自动编目'), ('clerk', '书记员编目'), ('system', '系统指定'), ('party', '当事人提交')], default='classifier', max_length=16, verbose_name='编目来源')),
                ('category_reasons', models.JSONField(blank=True, default=list, verbose_name='编目依据')),
                ('source', models.CharField(choices=[('filing', '网上立案'), ('scan', '扫描'), ('generated', '系统生成'), ('upload', '上传')], max_length=16, verbose_name='来源')),
                ('origin_ref', models.CharField(blank=True, max_length=120, verbose_name='来源标识')),
                ('filename', models.CharField(blank=True, max_length=200, verbose_name='原文件名')),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256')),
                ('storage_name', models.CharField(max_length=200, verbose_name='存储名')),
                ('content_type', models.CharField(max_length=100, verbose_name='文件类型')),
                ('size', models.PositiveBigIntegerField(verbose_name='大小（字节）')),
                ('page_count', models.PositiveIntegerField(default=0, verbose_name='页数')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='卷内顺序')),
                ('ocr_state', models.CharField(choices=[('pending', '待识别'), ('done', '已识别'), ('failed', '识别失败'), ('partial', '部分页失败')], default='pending', max_length=16, verbose_name='文字识别')),
                ('scan_note', models.CharField(blank=True, max_length=200, verbose_name='病毒扫描')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='备注')),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='归档人')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dossier_documents', to='cases.case', verbose_name='案件')),
            ],
            options={
                'verbose_name': '卷宗文件',
                'verbose_name_plural': '卷宗文件',
                'ordering': ['case', 'position', 'id'],
                'indexes': [models.Index(fields=['case', 'position'], name='dossier_doc_volume_order')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('origin_ref', ''), _negated=True), fields=('case', 'origin_ref'), name='dossier_document_origin_once')],
            },
        ),
        migrations.CreateModel(
            name='CatalogueCorrection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('old_category', models.CharField(choices=[('complaint', '起诉状'), ('indictment', '起诉书'), ('identity_material', '当事人身份证明及授权委托书'), ('acceptance_notice', '受理通知书'), ('fee_notice', '交纳诉讼费用通知书'), ('evidence_notice', '举证通知书'), ('defence', '答辩状'), ('evidence_list', '证据目录'), ('evidence', '证据'), ('summons', '传票'), ('investigation_record', '调查笔录'), ('hearing_record', '庭审笔录'), ('mediation', '调解书'), ('judgment', '判决书'), ('ruling', '裁定书'), ('pronouncement_record', '宣判笔录'), ('service_certificate', '送达回证'), ('appeal', '上诉状'), ('other', '其他')], max_length=32, verbose_name='原类别')),
                ('old_confidence', models.FloatField(default=0.0, verbose_name='原置信度')),
                ('new_category', models.CharField(choices=[('complaint', '起诉状'), ('indictment', '起诉书'), ('identity_material', '当事人身份证明及授权委托书'), ('acceptance_notice', '受理通知书'), ('fee_notice', '交纳诉讼费用通知书'), ('evidence_notice', '举证通知书'), ('defence', '答辩状'), ('evidence_list', '证据目录'), ('evidence', '证据'), ('summons', '传票'), ('investigation_record', '调查笔录'), ('hearing_record', '庭审笔录'), ('mediation', '调解书'), ('judgment', '判决书'), ('ruling', '裁定书'), ('pronouncement_record', '宣判笔录'), ('service_certificate', '送达回证'), ('appeal', '上诉状'), ('other', '其他')], max_length=32, verbose_name='更正类别')),
                ('phrase', models.CharField(blank=True, max_length=60, verbose_name='标题特征')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='更正人')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='法院')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='dossier.dossierdocument')),
            ],
            options={
                'verbose_name': '编目更正',
                'verbose_name_plural': '编目更正',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DossierExport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256')),
                ('storage_name', models.CharField(max_length=200, verbose_name='存储名')),
                ('size', models.PositiveBigIntegerField(verbose_name='大小（字节）')),
                ('page_count', models.PositiveIntegerField(verbose_name='页数')),
                ('document_count', models.PositiveIntegerField(verbose_name='文件数')),
                ('catalogue', models.JSONField(default=list, verbose_name='卷宗目录')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dossier_exports', to='cases.case')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '卷宗导出',
                'verbose_name_plural': '卷宗导出',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DossierPage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('number', models.PositiveIntegerField(verbose_name='文件内页码')),
                ('global_number', models.PositiveIntegerField(blank=True, null=True, verbose_name='卷宗页号')),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='SHA-256')),
                ('storage_name', models.CharField(max_length=200, verbose_name='存储名')),
                ('content_type', models.CharField(max_length=100, verbose_name='文件类型')),
                ('image_name', models.CharField(blank=True, max_length=200, verbose_name='识别用图像')),
                ('width', models.PositiveIntegerField(blank=True, null=True, verbose_name='宽（像素）')),
                ('height', models.PositiveIntegerField(blank=True, null=True, verbose_name='高（像素）')),
                ('ocr_state', models.CharField(choices=[('pending', '待识别'), ('done', '已识别'), ('failed', '识别失败'), ('partial', '部分页失败')], default='pending', max_length=16, verbose_name='文字识别')),
                ('ocr_error', models.CharField(blank=True, max_length=300, verbose_name='识别失败原因')),
                ('ocr_text', models.TextField(blank=True, verbose_name='识别文字')),
                ('ocr_lines', models.JSONField(blank=True, default=list, verbose_name='识别行')),
                ('ocr_confidence', models.FloatField(blank=True, null=True, verbose_name='识别置信度')),
                ('ocr_engine', models.CharField(blank=True, max_length=80, verbose_name='识别引擎')),
                ('ledger_status', models.CharField(default='pending', max_length=16, verbose_name='存证状态')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='案件')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pages', to='dossier.dossierdocument')),
            ],
            options={
                'verbose_name': '卷宗页',
                'verbose_name_plural': '卷宗页',
                'ordering': ['document', 'number'],
                'indexes': [models.Index(fields=['case', 'global_number'], name='dossier_page_case_number'), models.Index(condition=models.Q(('ledger_status', 'pending')), fields=['id'], name='dossier_page_ledger_pending')],
                'constraints': [models.UniqueConstraint(fields=('document', 'number'), name='dossier_page_number_once')],
            },
        ),
        migrations.CreateModel(
            name='LearnedPhrase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('phrase', models.CharField(max_length=60, verbose_name='标题特征')),
                ('category', models.CharField(choices=[('complaint', '起诉状'), ('indictment', '起诉书'), ('identity_material', '当事人身份证明及授权委托书'), ('acceptance_notice', '受理通知书'), ('fee_notice', '交纳诉讼费用通知书'), ('evidence_notice', '举证通知书'), ('defence', '答辩状'), ('evidence_list', '证据目录'), ('evidence', '证据'), ('summons', '传票'), ('investigation_record', '调查笔录'), ('hearing_record', '庭审笔录'), ('mediation', '调解书'), ('judgment', '判决书'), ('ruling', '裁定书'), ('pronouncement_record', '宣判笔录'), ('service_certificate', '送达回证'), ('appeal', '上诉状'), ('other', '其他')], max_length=32, verbose_name='类别')),
                ('agree', models.PositiveIntegerField(default=0, verbose_name='一致更正次数')),
                ('disagree', models.PositiveIntegerField(default=0, verbose_name='相反更正次数')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='courts.court', verbose_name='法院')),
            ],
            options={
                'verbose_name': '编目学习规则',
                'verbose_name_plural': '编目学习规则',
                'constraints': [models.UniqueConstraint(fields=('court', 'phrase'), name='dossier_learned_phrase_once')],
            },
        ),
        operation_of('smartcourt.dossier.migrations.0002_category_source_party', 1),  # RunPython
    ]

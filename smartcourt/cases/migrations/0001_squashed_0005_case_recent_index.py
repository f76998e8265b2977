"""Squashed: 0001_cause_of_action … 0005_case_recent_index (5 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.squashed import operation_of


class Migration(migrations.Migration):
    replaces = [
        ('cases', '0001_cause_of_action'),
        ('cases', '0002_case_core'),
        ('cases', '0003_case_full_text_search'),
        ('cases', '0004_supervision_tag_by_system'),
        ('cases', '0005_case_recent_index'),
    ]

    initial = True

    dependencies = [
        ('courts', '0002_load_holidays_2024_2026'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('courts', '0003_grant_unique_partial'),
    ]

    operations = [
        migrations.CreateModel(
            name='CauseOfAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('civil', '民事'), ('criminal', '刑事'), ('administrative', '行政'), ('enforcement', '执行'), ('bankruptcy', '破产'), ('state_compensation', '国家赔偿')], max_length=24, verbose_name='类别')),
                ('code', models.CharField(max_length=32, unique=True, verbose_name='编码')),
                ('name', models.CharField(max_length=100, verbose_name='名称')),
                ('level', models.PositiveSmallIntegerField(verbose_name='层级')),
                ('pinyin', models.CharField(blank=True, max_length=400, verbose_name='拼音')),
                ('initials', models.CharField(blank=True, db_index=True, max_length=100, verbose_name='拼音首字母')),
                ('source', models.CharField(blank=True, max_length=200, verbose_name='依据')),
                ('articles', models.CharField(blank=True, max_length=100, verbose_name='条文')),
                ('selectable', models.BooleanField(default=True, verbose_name='可选')),
                ('sort_order', models.PositiveIntegerField(default=0, verbose_name='排序')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='cases.causeofaction', verbose_name='上级')),
            ],
            options={
                'verbose_name': '案由',
                'verbose_name_plural': '案由',
                'ordering': ['kind', 'sort_order', 'code'],
                'indexes': [models.Index(fields=['kind', 'level'], name='cases_cause_kind_b72b46_idx'), models.Index(fields=['name'], name='cases_cause_name_910699_idx')],
            },
        ),
        migrations.CreateModel(
            name='Case',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('number', models.CharField(max_length=64, unique=True, verbose_name='案号')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('type_code', models.CharField(max_length=8, verbose_name='类型代字')),
                ('seq', models.PositiveIntegerField(verbose_name='序号')),
                ('kind', models.CharField(choices=[('civil', '民事'), ('criminal', '刑事'), ('administrative', '行政'), ('enforcement', '执行'), ('bankruptcy', '破产'), ('state_compensation', '国家赔偿')], max_length=24, verbose_name='案件类型')),
                ('procedure', models.CharField(choices=[('ordinary', '普通程序'), ('simple', '简易程序'), ('small_claims', '小额诉讼程序'), ('second_instance', '第二审程序'), ('retrial', '再审程序'), ('retrial_review', '再审审查'), ('special', '特别程序'), ('payment_order', '督促程序'), ('enforcement', '执行程序'), ('preservation', '保全'), ('bankruptcy', '破产程序'), ('pre_filing_mediation', '诉前调解')], max_length=24, verbose_name='程序')),
                ('title', models.CharField(max_length=200, verbose_name='案件名称')),
                ('state', models.CharField(choices=[('registered', '已立案'), ('in_trial', '审理中'), ('suspended', '中止'), ('closed', '已结案'), ('effective', '已生效'), ('archived', '已归档'), ('terminated', '终结本次执行')], default='registered', max_length=16, verbose_name='状态')),
                ('claim_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='诉讼标的额')),
                ('filed_on', models.DateField(verbose_name='立案日期')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='结案日期')),
                ('closing_method', models.CharField(blank=True, choices=[('judgment', '判决'), ('mediation', '调解'), ('withdrawal', '撤诉'), ('dismissal', '驳回起诉'), ('ruling', '裁定'), ('transfer', '移送'), ('termination', '终结诉讼'), ('enforced', '执行完毕'), ('enforcement_terminated', '终结本次执行程序'), ('settlement', '和解')], max_length=24, verbose_name='结案方式')),
                ('effective_on', models.DateField(blank=True, null=True, verbose_name='生效日期')),
                ('archived_on', models.DateField(blank=True, null=True, verbose_name='归档日期')),
                ('trial_due_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='审限届满日')),
                ('search_text', models.TextField(blank=True, editable=False, verbose_name='检索文本')),
                ('assistant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assisted_cases', to=settings.AUTH_USER_MODEL, verbose_name='法官助理')),
                ('cause', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='cases.causeofaction', verbose_name='案由')),
                ('clerk', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='clerked_cases', to=settings.AUTH_USER_MODEL, verbose_name='书记员')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='courts.court', verbose_name='法院')),
                ('division', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='courts.division', verbose_name='承办部门')),
                ('judge', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='judged_cases', to=settings.AUTH_USER_MODEL, verbose_name='承办法官')),
                ('origin', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='derived', to='cases.case', verbose_name='原审/执行依据案件')),
            ],
            options={
                'verbose_name': '案件',
                'verbose_name_plural': '案件',
                'ordering': ['-filed_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='AssignmentDraw',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('method', models.CharField(choices=[('random', '随机分案'), ('designated', '指定分案'), ('reassignment', '变更承办人')], max_length=16, verbose_name='方式')),
                ('candidates', models.JSONField(default=list, verbose_name='候选法官')),
                ('seed', models.CharField(blank=True, max_length=64, verbose_name='随机种子')),
                ('draw', models.DecimalField(blank=True, decimal_places=18, max_digits=20, null=True, verbose_name='随机数')),
                ('reason', models.CharField(blank=True, max_length=300, verbose_name='理由')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='批准人')),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                ('judge', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='承办法官')),
                ('previous_judge', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='原承办法官')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='cases.case', verbose_name='案件')),
            ],
            options={
                'verbose_name': '分案记录',
                'verbose_name_plural': '分案记录',
                'ordering': ['case', 'created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='CaseEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('type', models.CharField(db_index=True, max_length=48, verbose_name='事件')),
                ('occurred_at', models.DateTimeField(db_index=True, verbose_name='时间')),
                ('summary', models.CharField(max_length=300, verbose_name='摘要')),
                ('payload', models.JSONField(blank=True, default=dict, verbose_name='前后数据')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='cases.case')),
                ('corrects', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='cases.caseevent')),
            ],
            options={
                'verbose_name': '案件事件',
                'verbose_name_plural': '案件事件',
                'ordering': ['occurred_at', 'id'],
                'indexes': [models.Index(fields=['case', 'occurred_at'], name='cases_casee_case_id_a1f72b_idx')],
            },
        ),
        migrations.CreateModel(
            name='CaseNumberSequence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('type_code', models.CharField(max_length=8)),
                ('year', models.PositiveSmallIntegerField()),
                ('last', models.PositiveIntegerField(default=0)),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court')),
            ],
            options={
                'verbose_name': '案号序列',
                'verbose_name_plural': '案号序列',
                'constraints': [models.UniqueConstraint(fields=('court', 'type_code', 'year'), name='case_number_seq_unique')],
            },
        ),
        migrations.CreateModel(
            name='Person',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('natural', '自然人'), ('legal', '法人'), ('organisation', '非法人组织')], max_length=16, verbose_name='类别')),
                ('name', models.CharField(db_index=True, max_length=120, verbose_name='姓名/名称')),
                ('id_number', models.CharField(blank=True, max_length=18, null=True, unique=True, verbose_name='公民身份号码')),
                ('credit_code', models.CharField(blank=True, max_length=18, null=True, unique=True, verbose_name='统一社会信用代码')),
                ('gender', models.CharField(blank=True, max_length=2, verbose_name='性别')),
                ('birth_date', models.DateField(blank=True, null=True, verbose_name='出生日期')),
                ('is_minor', models.BooleanField(default=False, verbose_name='未成年人')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='联系电话')),
                ('address', models.CharField(blank=True, max_length=200, verbose_name='住所地')),
                ('legal_representative', models.CharField(blank=True, max_length=64, verbose_name='法定代表人/负责人')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='persons', to=settings.AUTH_USER_MODEL, verbose_name='平台账户')),
            ],
            options={
                'verbose_name': '当事人主体',
                'verbose_name_plural': '当事人主体',
            },
        ),
        migrations.CreateModel(
            name='CaseParty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('role', models.CharField(choices=[('plaintiff', '原告'), ('defendant', '被告'), ('third_party', '第三人'), ('appellant', '上诉人'), ('appellee', '被上诉人'), ('applicant', '申请人'), ('respondent', '被申请人'), ('enforcement_applicant', '申请执行人'), ('judgment_debtor', '被执行人'), ('accused', '被告人'), ('victim', '被害人'), ('private_prosecutor', '自诉人'), ('civil_plaintiff', '附带民事诉讼原告人'), ('retrial_applicant', '再审申请人'), ('creditor', '债权人'), ('debtor', '债务人')], max_length=24, verbose_name='诉讼地位')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='顺序')),
                ('service_address', models.CharField(blank=True, max_length=200, verbose_name='确认送达地址')),
                ('service_phone', models.CharField(blank=True, max_length=20, verbose_name='确认送达手机')),
                ('service_email', models.EmailField(blank=True, max_length=254, verbose_name='确认送达邮箱')),
                ('service_confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='送达地址确认时间')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parties', to='cases.case', verbose_name='案件')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='case_roles', to='cases.person', verbose_name='主体')),
            ],
            options={
                'verbose_name': '诉讼参与人',
                'verbose_name_plural': '诉讼参与人',
                'ordering': ['case', 'role', 'position'],
                'indexes': [models.Index(fields=['person', 'case'], name='cases_casep_person__d826f5_idx')],
                'constraints': [models.UniqueConstraint(fields=('case', 'person', 'role'), name='case_party_unique')],
            },
        ),
        migrations.CreateModel(
            name='Representation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('lawyer', '委托诉讼代理人（律师）'), ('agent', '委托诉讼代理人'), ('guardian', '法定代理人'), ('defender', '辩护人')], max_length=16, verbose_name='类别')),
                ('name', models.CharField(max_length=64, verbose_name='姓名')),
                ('licence_no', models.CharField(blank=True, max_length=32, verbose_name='执业证号')),
                ('law_firm', models.CharField(blank=True, max_length=100, verbose_name='律师事务所')),
                ('authority', models.CharField(blank=True, default='一般授权', max_length=32, verbose_name='代理权限')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='representatives', to='cases.caseparty')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='representations', to=settings.AUTH_USER_MODEL, verbose_name='平台账户')),
            ],
            options={
                'verbose_name': '诉讼代理人',
                'verbose_name_plural': '诉讼代理人',
            },
        ),
        migrations.CreateModel(
            name='SupervisionTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('major_sensitive', '重大、疑难、复杂、敏感'), ('mass_dispute', '涉及群体性纠纷或引发社会广泛关注，可能影响社会稳定'), ('precedent_conflict', '与本院或上级法院类案裁判可能发生冲突'), ('misconduct_report', '有关单位或个人反映法官有违法审判行为')], max_length=24, verbose_name='类别')),
                ('reason', models.CharField(max_length=300, verbose_name='理由')),
                ('removed_at', models.DateTimeField(blank=True, null=True, verbose_name='解除时间')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supervision_tags', to='cases.case', verbose_name='案件')),
                ('supervisor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='supervised_tags', to=settings.AUTH_USER_MODEL, verbose_name='监管院庭长')),
                ('tagged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='标记人')),
            ],
            options={
                'verbose_name': '四类案件标记',
                'verbose_name_plural': '四类案件标记',
                'constraints': [models.UniqueConstraint(condition=models.Q(('removed_at__isnull', True)), fields=('case', 'kind'), name='supervision_tag_active_unique')],
            },
        ),
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
            },
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['court', 'state', '-filed_on'], name='case_court_state_filed'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['judge', 'state'], name='case_judge_state'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['division', 'state'], name='case_division_state'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['court', '-filed_on', '-id'], name='case_court_recent'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.UniqueConstraint(fields=('court', 'type_code', 'year', 'seq'), name='case_number_parts_unique'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['-filed_on', '-id'], name='case_recent'),
        ),
        operation_of('smartcourt.cases.migrations.0003_case_full_text_search', 0),  # RunPython
    ]

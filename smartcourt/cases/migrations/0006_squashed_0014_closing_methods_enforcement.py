"""Squashed: 0006_trial_period_adjustment_to_legaltime … 0014_closing_methods_enforcement (9 migrations; ADR 0029, scripts/squash_migrations.py).
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
        ('cases', '0006_trial_period_adjustment_to_legaltime'),
        ('cases', '0007_caseevent_append_only'),
        ('cases', '0008_representation_period'),
        ('cases', '0009_case_team_and_power_of_attorney'),
        ('cases', '0010_approval_request'),
        ('cases', '0011_case_search_trigram'),
        ('cases', '0012_case_scale_indexes'),
        ('cases', '0013_case_month_count'),
        ('cases', '0014_closing_methods_enforcement'),
    ]

    dependencies = [
        ('cases', '0005_case_recent_index'),
        ('legaltime', '0001_trial_period_adjustment_from_cases'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('courts', '0004_court_path_well_formed'),
        ('legaltime', '0002_one_deduction_kind_list'),
        ('courts', '0006_standing_team'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseTeamMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('role', models.CharField(choices=[('judge', '承办法官'), ('panel_judge', '合议庭成员'), ('assistant', '法官助理'), ('clerk', '书记员')], max_length=16, verbose_name='团队角色')),
                ('presiding', models.BooleanField(default=False, verbose_name='审判长')),
                ('started_at', models.DateTimeField(verbose_name='加入时间')),
                ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='离开时间')),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='确定人')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='team_members', to='cases.case', verbose_name='案件')),
                ('designated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='指定审判长的院庭长')),
                ('ended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='变更人')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='人员')),
            ],
            options={
                'verbose_name': '审判团队成员',
                'verbose_name_plural': '审判团队成员',
                'ordering': ['case', 'started_at', 'id'],
                'indexes': [models.Index(fields=['user', 'ended_at'], name='case_team_member_user')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('ended_at__isnull', True)), fields=('case', 'user'), name='case_team_member_once'), models.UniqueConstraint(condition=models.Q(('ended_at__isnull', True), ('presiding', True)), fields=('case',), name='case_team_one_presiding'), models.CheckConstraint(condition=models.Q(('ended_at__isnull', True), ('ended_at__gte', models.F('started_at')), _connector='OR'), name='case_team_member_ends_after_start')],
            },
        ),
        migrations.CreateModel(
            name='PowerOfAttorney',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('matters', models.CharField(max_length=300, verbose_name='委托事项')),
                ('special_powers', models.JSONField(blank=True, default=list, verbose_name='特别授权事项')),
                ('document', models.CharField(max_length=200, verbose_name='授权委托书文件')),
                ('document_sha256', models.CharField(db_index=True, max_length=64, verbose_name='文件摘要')),
                ('document_name', models.CharField(blank=True, max_length=200, verbose_name='原文件名')),
                ('document_type', models.CharField(max_length=100, verbose_name='文件类型')),
                ('state', models.CharField(choices=[('pending', '待法院审查'), ('accepted', '已接受'), ('refused', '不予接受')], default='pending', max_length=12, verbose_name='状态')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='审查时间')),
                ('review_note', models.CharField(blank=True, max_length=300, verbose_name='审查意见')),
                ('lawyer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='powers_of_attorney', to=settings.AUTH_USER_MODEL, verbose_name='受托律师')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='powers_of_attorney', to='cases.caseparty', verbose_name='委托人（当事人）')),
                ('principal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='委托人账户')),
                ('representation', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='power_of_attorney', to='cases.representation', verbose_name='形成的诉讼代理')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审查人')),
            ],
            options={
                'verbose_name': '授权委托书',
                'verbose_name_plural': '授权委托书',
                'ordering': ['created_at', 'id'],
                'indexes': [models.Index(fields=['state', 'party'], name='power_of_attorney_state')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('state', 'pending')), fields=('party', 'lawyer'), name='power_of_attorney_one_pending_per_lawyer')],
            },
        ),
        migrations.CreateModel(
            name='ApprovalRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('extension', '延长审限'), ('designated', '指定分案'), ('reassignment', '变更承办人')], max_length=16, verbose_name='事项')),
                ('resource', models.CharField(max_length=16, verbose_name='审批类别')),
                ('state', models.CharField(choices=[('pending', '待审批'), ('approved', '已批准'), ('refused', '不予批准'), ('withdrawn', '已撤回')], default='pending', max_length=12, verbose_name='状态')),
                ('reason', models.CharField(max_length=300, verbose_name='申请理由')),
                ('months', models.PositiveSmallIntegerField(default=0, verbose_name='延长月数')),
                ('days', models.PositiveSmallIntegerField(default=0, verbose_name='延长天数')),
                ('approver_role', models.CharField(max_length=24, verbose_name='审批人角色')),
                ('approver_label', models.CharField(max_length=100, verbose_name='审批人')),
                ('citation', models.CharField(max_length=200, verbose_name='依据')),
                ('detail', models.JSONField(blank=True, default=dict, verbose_name='申请内容')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='审批时间')),
                ('decision_note', models.CharField(blank=True, max_length=300, verbose_name='审批意见')),
                ('adjustment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='legaltime.trialperiodadjustment', verbose_name='批准的延长')),
                ('approver_court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='审批法院')),
                ('approver_division', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.division', verbose_name='审批部门')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='approval_requests', to='cases.case', verbose_name='案件')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('draw', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.assignmentdraw', verbose_name='分案记录')),
                ('judge', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='拟承办法官')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申请人')),
            ],
            options={
                'verbose_name': '审批申请',
                'verbose_name_plural': '审批申请',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['approver_court', 'approver_role', 'state'], name='approval_queue')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('state', 'pending')), fields=('case', 'resource'), name='approval_request_one_pending_per_case'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'extension'), _negated=True), ('months__gt', 0), ('days__gt', 0), _connector='OR'), name='approval_request_extension_has_length')],
            },
        ),
        migrations.CreateModel(
            name='CaseMonthCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('division_key', models.PositiveIntegerField()),
                ('month', models.DateField()),
                ('filed', models.IntegerField(default=0)),
                ('closed', models.IntegerField(default=0)),
                ('closed_days', models.BigIntegerField(default=0)),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='courts.court')),
                ('division', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='courts.division')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('court', 'division_key', 'month'), name='case_month_count_place')],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='TrialPeriodAdjustment',
                ),
            ],
        ),
        migrations.AddField(
            model_name='caseevent',
            name='correlation_id',
            field=smartcourt.core.fields.CorrelationIdField(blank=True, db_index=True, editable=False, null=True, verbose_name='关联操作编号'),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='cases.case'),
        ),
        migrations.AddField(
            model_name='representation',
            name='starts_on',
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name='代理起始日'),
        ),
        migrations.AddField(
            model_name='representation',
            name='ends_on',
            field=models.DateField(blank=True, help_text='自该日起不再代理本案；为空表示代理持续有效。', null=True, verbose_name='代理终止日'),
        ),
        migrations.AddField(
            model_name='representation',
            name='end_reason',
            field=models.CharField(blank=True, choices=[('revoked', '当事人解除委托'), ('withdrawn', '代理人辞去委托'), ('mandate_ended', '委托期限届满')], max_length=16, verbose_name='终止原因'),
        ),
        migrations.AddField(
            model_name='representation',
            name='end_note',
            field=models.CharField(blank=True, max_length=200, verbose_name='终止说明'),
        ),
        migrations.AddIndex(
            model_name='representation',
            index=models.Index(fields=['user', 'ends_on'], name='representation_user_ends'),
        ),
        migrations.AddConstraint(
            model_name='representation',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='representation_ends_after_start'),
        ),
        migrations.AddField(
            model_name='representation',
            name='special_powers',
            field=models.JSONField(blank=True, default=list, verbose_name='特别授权事项'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('closed_on__isnull', False)), fields=['court', 'closed_on', 'division', 'filed_on'], name='case_court_closed'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('state__in', ['registered', 'in_trial', 'suspended'])), fields=['court', 'state', 'trial_due_on', 'division', 'filed_on'], name='case_open'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['court', 'filed_on', 'division'], name='case_court_filed_division'),
        ),
        migrations.AlterField(
            model_name='case',
            name='closing_method',
            field=models.CharField(blank=True, choices=[('judgment', '判决'), ('mediation', '调解'), ('withdrawal', '撤诉'), ('dismissal', '驳回起诉'), ('ruling', '裁定'), ('transfer', '移送'), ('termination', '终结诉讼'), ('enforced', '执行完毕'), ('enforcement_terminated', '终结本次执行程序'), ('enforcement_ended', '终结执行'), ('not_enforced', '不予执行'), ('cancelled', '销案'), ('settlement', '和解')], max_length=24, verbose_name='结案方式'),
        ),
        refuse_update_and_delete('cases_caseevent'),
        operation_of('smartcourt.cases.migrations.0008_representation_period', 1),  # RunPython
        operation_of('smartcourt.cases.migrations.0011_case_search_trigram', 0),  # TrigramExtensionOnPostgresql
        operation_of('smartcourt.cases.migrations.0011_case_search_trigram', 1),  # RunPython
        operation_of('smartcourt.cases.migrations.0013_case_month_count', 1),  # RunPython
    ]

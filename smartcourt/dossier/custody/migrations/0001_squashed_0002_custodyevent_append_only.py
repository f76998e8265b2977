"""Squashed: 0001_initial … 0002_custodyevent_append_only (2 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.append_only_db import refuse_update_and_delete
import smartcourt.core.fields


class Migration(migrations.Migration):
    replaces = [
        ('dossier_custody', '0001_initial'),
        ('dossier_custody', '0002_custodyevent_append_only'),
    ]

    initial = True

    dependencies = [
        ('cases', '0005_case_recent_index'),
        ('courts', '0003_grant_unique_partial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StorageLocation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('locker_cell', '云柜格口'), ('file_room_shelf', '档案室架位')], max_length=16, verbose_name='类别')),
                ('unit', models.CharField(max_length=40, verbose_name='柜号/架号')),
                ('position', models.CharField(max_length=40, verbose_name='格口/架位')),
                ('site', models.CharField(blank=True, help_text='如：诉讼服务中心一楼', max_length=100, verbose_name='存放地点')),
                ('active', models.BooleanField(default=True, verbose_name='启用')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='法院')),
            ],
            options={
                'verbose_name': '存放位置',
                'verbose_name_plural': '存放位置',
                'ordering': ['court', 'kind', 'unit', 'position'],
                'constraints': [models.UniqueConstraint(fields=('court', 'kind', 'unit', 'position'), name='custody_location_unique')],
            },
        ),
        migrations.CreateModel(
            name='PaperBundle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('originals', '当事人提交的纸质材料'), ('evidence', '证据原件'), ('main_volume', '正卷'), ('secondary_volume', '副卷'), ('other', '其他')], max_length=20, verbose_name='类别')),
                ('title', models.CharField(max_length=120, verbose_name='名称')),
                ('volume_no', models.PositiveSmallIntegerField(default=1, verbose_name='册号')),
                ('pages', models.PositiveIntegerField(blank=True, null=True, verbose_name='页数')),
                ('received_from', models.CharField(blank=True, max_length=100, verbose_name='提交人')),
                ('label_code', models.CharField(max_length=16, unique=True, verbose_name='标签码')),
                ('status', models.CharField(choices=[('registered', '待入柜'), ('in_locker', '在云柜'), ('in_file_room', '在档案室'), ('borrowed', '借出')], db_index=True, max_length=16, verbose_name='状态')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='备注')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='案件')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='法院')),
                ('holder', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='持有人')),
                ('location', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dossier_custody.storagelocation', verbose_name='位置')),
                ('locker_cell', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='occupant', to='dossier_custody.storagelocation')),
            ],
            options={
                'verbose_name': '纸质卷宗',
                'verbose_name_plural': '纸质卷宗',
                'ordering': ['case', 'kind', 'volume_no', 'id'],
                'indexes': [models.Index(fields=['court', 'status'], name='dossier_cus_court_i_0a9f59_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('locker_cell__isnull', True), ('status', 'in_locker'), _connector='OR'), name='custody_cell_only_in_locker')],
            },
        ),
        migrations.CreateModel(
            name='Borrowing',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('reason', models.CharField(max_length=200, verbose_name='借阅事由')),
                ('due_on', models.DateField(verbose_name='归还期限')),
                ('state', models.CharField(choices=[('requested', '待审批'), ('approved', '已批准，待领取'), ('rejected', '未批准'), ('cancelled', '已撤回'), ('lent', '借阅中'), ('returned', '已归还')], db_index=True, max_length=12, verbose_name='状态')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='审批时间')),
                ('decision_note', models.CharField(blank=True, max_length=200, verbose_name='审批意见')),
                ('lent_at', models.DateTimeField(blank=True, null=True, verbose_name='领取时间')),
                ('returned_at', models.DateTimeField(blank=True, null=True, verbose_name='归还时间')),
                ('overdue_notified_on', models.DateField(blank=True, null=True, verbose_name='逾期提醒日期')),
                ('borrower', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='借阅人')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('bundle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='borrowings', to='dossier_custody.paperbundle', verbose_name='卷宗')),
            ],
            options={
                'verbose_name': '借阅',
                'verbose_name_plural': '借阅',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['state', 'due_on'], name='dossier_cus_state_819a3a_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('state', 'lent')), fields=('bundle',), name='custody_one_lending')],
            },
        ),
        migrations.CreateModel(
            name='CustodyEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('type', models.CharField(choices=[('registered', '登记'), ('checked_in', '入柜/入库'), ('checked_out', '取出交接'), ('returned', '归还')], max_length=16, verbose_name='事件')),
                ('occurred_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='备注')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='经办人')),
                ('borrowing', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='dossier_custody.borrowing', verbose_name='借阅')),
                ('handed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='交出人')),
                ('handed_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='接收人')),
                ('bundle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='dossier_custody.paperbundle', verbose_name='卷宗')),
                ('location', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dossier_custody.storagelocation', verbose_name='位置')),
                ('correlation_id', smartcourt.core.fields.CorrelationIdField(blank=True, db_index=True, editable=False, null=True, verbose_name='关联操作编号')),
            ],
            options={
                'verbose_name': '保管记录',
                'verbose_name_plural': '保管记录',
                'ordering': ['occurred_at', 'id'],
                'indexes': [models.Index(fields=['bundle', 'occurred_at'], name='dossier_cus_bundle__e8eee4_idx')],
            },
        ),
        refuse_update_and_delete('dossier_custody_custodyevent'),
    ]

"""Squashed: 0001_initial … 0007_role_assistance_worker (7 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
import django.contrib.auth.models
import django.contrib.auth.validators
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.squashed import operation_of


class Migration(migrations.Migration):
    replaces = [
        ('courts', '0001_initial'),
        ('courts', '0002_load_holidays_2024_2026'),
        ('courts', '0003_grant_unique_partial'),
        ('courts', '0004_court_path_well_formed'),
        ('courts', '0005_accounts_tokens_expire_enrolment_codes'),
        ('courts', '0006_standing_team'),
        ('courts', '0007_role_assistance_worker'),
    ]

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('full_name', models.CharField(blank=True, max_length=64, verbose_name='姓名')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='手机号')),
                ('lawyer_licence_no', models.CharField(blank=True, max_length=32, verbose_name='律师执业证号')),
                ('law_firm', models.CharField(blank=True, max_length=100, verbose_name='律师事务所')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
            ],
            options={
                'verbose_name': '用户',
                'verbose_name_plural': '用户',
            },
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('name', models.CharField(max_length=64, verbose_name='用途')),
                ('prefix', models.CharField(max_length=12, verbose_name='前缀')),
                ('key_hash', models.CharField(max_length=64, unique=True, verbose_name='摘要')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='最近使用')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='吊销时间')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                ('expires_at', models.DateTimeField(verbose_name='有效期至')),
                ('password_stamp', models.CharField(editable=False, max_length=64, verbose_name='签发时的密码指纹')),
                ('revoked_reason', models.CharField(blank=True, choices=[('owner', '本人吊销'), ('password_changed', '修改密码后失效')], max_length=24, verbose_name='吊销原因')),
            ],
            options={
                'verbose_name': 'API 令牌',
                'verbose_name_plural': 'API 令牌',
            },
        ),
        migrations.CreateModel(
            name='Court',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='名称')),
                ('short_name', models.CharField(blank=True, max_length=50, verbose_name='简称')),
                ('code', models.CharField(max_length=16, unique=True, verbose_name='代字')),
                ('level', models.CharField(choices=[('supreme', '最高人民法院'), ('high', '高级人民法院'), ('intermediate', '中级人民法院'), ('basic', '基层人民法院')], max_length=16, verbose_name='级别')),
                ('path', models.CharField(db_index=True, editable=False, max_length=255, verbose_name='层级路径')),
                ('region', models.CharField(blank=True, max_length=100, verbose_name='辖区')),
                ('address', models.CharField(blank=True, max_length=200, verbose_name='地址')),
                ('phone', models.CharField(blank=True, max_length=32, verbose_name='电话')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='courts.court', verbose_name='上级法院')),
            ],
            options={
                'verbose_name': '法院',
                'verbose_name_plural': '法院',
                'ordering': ['path'],
                'constraints': [models.CheckConstraint(condition=models.Q(('path__startswith', '/'), ('path__endswith', '/'), models.Q(('path', '/'), _negated=True)), name='court_path_well_formed')],
            },
        ),
        migrations.CreateModel(
            name='Division',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('name', models.CharField(max_length=50, verbose_name='名称')),
                ('kind', models.CharField(choices=[('filing', '立案庭'), ('civil', '民事审判庭'), ('commercial', '商事审判庭'), ('criminal', '刑事审判庭'), ('administrative', '行政审判庭'), ('enforcement', '执行局'), ('trial_management', '审判管理办公室'), ('police', '司法警察大队'), ('litigation_service', '诉讼服务中心'), ('office', '办公室'), ('tribunal', '人民法庭')], max_length=24, verbose_name='类别')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='divisions', to='courts.court', verbose_name='法院')),
            ],
            options={
                'verbose_name': '部门',
                'verbose_name_plural': '部门',
                'ordering': ['court__path', 'id'],
                'constraints': [models.UniqueConstraint(fields=('court', 'name'), name='division_unique_name_per_court')],
            },
        ),
        migrations.CreateModel(
            name='HolidayYear',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('year', models.PositiveSmallIntegerField(unique=True, verbose_name='年度')),
                ('notice', models.CharField(help_text='如：国务院办公厅关于2025年部分节假日安排的通知', max_length=200, verbose_name='依据')),
                ('notice_no', models.CharField(blank=True, max_length=64, verbose_name='文号')),
                ('loaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='录入人')),
            ],
            options={
                'verbose_name': '节假日年度',
                'verbose_name_plural': '节假日年度',
                'ordering': ['year'],
            },
        ),
        migrations.CreateModel(
            name='CalendarDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(unique=True, verbose_name='日期')),
                ('kind', models.CharField(choices=[('holiday', '法定节假日'), ('workday', '调休上班日')], max_length=8, verbose_name='类别')),
                ('name', models.CharField(max_length=32, verbose_name='节日')),
                ('year', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='days', to='courts.holidayyear', verbose_name='年度')),
            ],
            options={
                'verbose_name': '节假日安排',
                'verbose_name_plural': '节假日安排',
                'ordering': ['date'],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['holiday', 'workday'])), name='calendar_day_kind_valid')],
            },
        ),
        migrations.CreateModel(
            name='RoleGrant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('role', models.CharField(choices=[('judge', '法官'), ('judge_assistant', '法官助理'), ('clerk', '书记员'), ('filing_officer', '立案人员'), ('enforcement_officer', '执行人员'), ('court_police', '司法警察'), ('division_head', '庭长'), ('president', '院长/副院长'), ('trial_management', '审判管理人员'), ('mediator', '调解员'), ('assistance_worker', '协助执行网格员'), ('system_admin', '系统管理员'), ('lawyer', '律师'), ('party', '当事人')], max_length=24, verbose_name='角色')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grants', to='courts.court', verbose_name='法院')),
                ('division', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='grants', to='courts.division', verbose_name='部门')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='grants', to=settings.AUTH_USER_MODEL, verbose_name='人员')),
                ('appointment_ref', models.CharField(blank=True, max_length=64, verbose_name='任免文号')),
            ],
            options={
                'verbose_name': '角色授权',
                'verbose_name_plural': '角色授权',
                'indexes': [models.Index(fields=['role', 'court'], name='courts_role_role_3dc4f4_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('division__isnull', False)), fields=('user', 'role', 'court', 'division'), name='grant_unique_in_division'), models.UniqueConstraint(condition=models.Q(('division__isnull', True)), fields=('user', 'role', 'court'), name='grant_unique_in_court')],
            },
        ),
        migrations.CreateModel(
            name='Room',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('name', models.CharField(max_length=50, verbose_name='名称')),
                ('kind', models.CharField(choices=[('courtroom', '法庭'), ('tech_courtroom', '科技法庭'), ('online', '互联网法庭'), ('mediation', '调解室'), ('remote_site', '远程提讯室')], default='courtroom', max_length=24, verbose_name='类别')),
                ('capacity', models.PositiveIntegerField(default=30, verbose_name='座位数')),
                ('location', models.CharField(blank=True, max_length=100, verbose_name='位置')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rooms', to='courts.court', verbose_name='法院')),
            ],
            options={
                'verbose_name': '法庭/场所',
                'verbose_name_plural': '法庭/场所',
                'constraints': [models.UniqueConstraint(fields=('court', 'name'), name='room_unique_name_per_court')],
            },
        ),
        migrations.CreateModel(
            name='TotpEnrolmentCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('code_hash', models.CharField(max_length=64, unique=True, verbose_name='摘要')),
                ('expires_at', models.DateTimeField(verbose_name='有效期至')),
                ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='使用时间')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='作废时间')),
                ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发放人')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='totp_enrolment_codes', to=settings.AUTH_USER_MODEL, verbose_name='人员')),
            ],
            options={
                'verbose_name': '身份验证器绑定码',
                'verbose_name_plural': '身份验证器绑定码',
            },
        ),
        migrations.CreateModel(
            name='StandingTeam',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('assistant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='法官助理')),
                ('clerk', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='书记员')),
                ('post', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='standing_team', to='courts.rolegrant', verbose_name='法官职位')),
            ],
            options={
                'verbose_name': '固定审判团队',
                'verbose_name_plural': '固定审判团队',
            },
        ),
        operation_of('smartcourt.courts.migrations.0002_load_holidays_2024_2026', 0),  # RunPython
        operation_of('smartcourt.courts.migrations.0004_court_path_well_formed', 0),  # RunPython
        operation_of('smartcourt.courts.migrations.0005_accounts_tokens_expire_enrolment_codes', 3),  # RunPython
    ]

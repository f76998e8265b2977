"""Squashed: 0001_initial … 0002_typical_selection_and_expert_fields (2 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone


class Migration(migrations.Migration):
    replaces = [
        ('knowledge_library', '0001_initial'),
        ('knowledge_library', '0002_typical_selection_and_expert_fields'),
    ]

    initial = True

    dependencies = [
        ('cases', '0013_case_month_count'),
        ('courts', '0006_standing_team'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Question',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('title', models.CharField(max_length=200, verbose_name='问题')),
                ('body', models.TextField(blank=True, verbose_name='问题说明')),
                ('cause', models.CharField(blank=True, max_length=100, verbose_name='相关案由或罪名')),
                ('asked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='qa_questions', to=settings.AUTH_USER_MODEL)),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='qa_questions', to='courts.court')),
                ('field', models.CharField(blank=True, help_text='按领域分派给本院该领域的专家；空：本院任一专家', max_length=100, verbose_name='专业领域')),
            ],
            options={
                'verbose_name': '法答网问题',
                'verbose_name_plural': '法答网问题',
                'ordering': ('-created_at', '-pk'),
            },
        ),
        migrations.CreateModel(
            name='Answer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('body', models.TextField(verbose_name='答复')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='qa_answers', to=settings.AUTH_USER_MODEL)),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='knowledge_library.question')),
            ],
            options={
                'verbose_name': '法答网答复',
                'verbose_name_plural': '法答网答复',
                'ordering': ('created_at', 'pk'),
            },
        ),
        migrations.CreateModel(
            name='ExpertDesignation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('field', models.CharField(blank=True, max_length=100, verbose_name='专业领域')),
                ('active', models.BooleanField(default=True, verbose_name='有效')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='qa_experts', to='courts.court', verbose_name='法院')),
                ('designated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='qa_designations', to=settings.AUTH_USER_MODEL, verbose_name='专家')),
            ],
            options={
                'verbose_name': '法答网专家',
                'verbose_name_plural': '法答网专家',
                'constraints': [models.UniqueConstraint(fields=('court', 'user'), name='knowledge_library_expert_unique')],
            },
        ),
        migrations.CreateModel(
            name='LibraryCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('kind', models.CharField(choices=[('guiding', '指导性案例'), ('reference', '参考案例'), ('typical', '典型案例')], max_length=16, verbose_name='类别')),
                ('number', models.CharField(blank=True, help_text='如：指导性案例 32 号', max_length=64, verbose_name='编号')),
                ('case_number', models.CharField(blank=True, max_length=64, verbose_name='案号')),
                ('title', models.CharField(max_length=200, verbose_name='标题')),
                ('case_type', models.CharField(blank=True, help_text='criminal / civil / …', max_length=16, verbose_name='案件类型')),
                ('cause', models.CharField(blank=True, help_text='多个罪名以、分隔', max_length=200, verbose_name='案由或罪名')),
                ('facts', models.TextField(verbose_name='基本案情')),
                ('reasoning', models.TextField(blank=True, verbose_name='裁判理由')),
                ('result', models.TextField(blank=True, verbose_name='裁判结果')),
                ('statutes', models.TextField(blank=True, help_text='每行一条，如：刑法/第一百三十三条之一', verbose_name='适用法条')),
                ('sentence', models.CharField(blank=True, max_length=200, verbose_name='刑罚或判项要点')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='涉案金额（元）')),
                ('tags', models.CharField(blank=True, help_text='以、分隔', max_length=300, verbose_name='标签')),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='裁判日期')),
                ('court', models.ForeignKey(blank=True, help_text='典型案例为选编的法院；指导性案例、参考案例为空（全国适用）', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='library_cases', to='courts.court', verbose_name='选编法院')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source_case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.case', verbose_name='本院案件')),
                ('retired_at', models.DateTimeField(blank=True, help_text='撤下后不再检索、推送', null=True, verbose_name='撤下时间')),
                ('retired_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('summary', models.TextField(blank=True, help_text='选编理由与裁判要点（典型案例）', verbose_name='裁判要旨')),
            ],
            options={
                'verbose_name': '案例',
                'verbose_name_plural': '案例库',
                'ordering': ('-decided_on', '-pk'),
                'indexes': [models.Index(fields=['kind', 'court'], name='knowledge_l_kind_e1c006_idx')],
            },
        ),
    ]

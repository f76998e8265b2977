"""Squashed: 0001_initial … 0003_handoff (3 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.db import migrations, models
import django.utils.timezone


class Migration(migrations.Migration):
    replaces = [
        ('jobs', '0001_initial'),
        ('jobs', '0002_schedulerun'),
        ('jobs', '0003_handoff'),
    ]

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='TaskLease',
            fields=[
                ('task_id', models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name='任务编号')),
                ('worker_id', models.CharField(max_length=64, verbose_name='工作进程')),
                ('expires_at', models.DateTimeField(db_index=True, verbose_name='租约到期')),
                ('renewed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='最近续约')),
            ],
            options={
                'verbose_name': '任务租约',
                'verbose_name_plural': '任务租约',
            },
        ),
        migrations.CreateModel(
            name='TaskRecovery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task_id', models.CharField(db_index=True, max_length=64, verbose_name='任务编号')),
                ('task_path', models.TextField(verbose_name='任务')),
                ('backend', models.CharField(default='database', max_length=16, verbose_name='后端')),
                ('lost_worker_id', models.CharField(blank=True, max_length=64, verbose_name='失联工作进程')),
                ('action', models.CharField(choices=[('requeued', '重新排队'), ('failed', '判定失败')], max_length=16, verbose_name='处理')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='已尝试次数')),
                ('recovered_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间')),
            ],
            options={
                'verbose_name': '失联任务回收记录',
                'verbose_name_plural': '失联任务回收记录',
                'ordering': ['-recovered_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ScheduleRun',
            fields=[
                ('name', models.CharField(max_length=100, primary_key=True, serialize=False, verbose_name='定时任务')),
                ('last_run_at', models.DateTimeField(blank=True, null=True, verbose_name='上次排队')),
                ('last_task_id', models.CharField(blank=True, max_length=64, verbose_name='上次任务编号')),
                ('last_worker', models.CharField(blank=True, max_length=100, verbose_name='排队的进程')),
                ('runs', models.PositiveIntegerField(default=0, verbose_name='已排队次数')),
            ],
            options={
                'verbose_name': '定时任务运行记录',
                'verbose_name_plural': '定时任务运行记录',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Handoff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event', models.CharField(max_length=100, verbose_name='事件')),
                ('receiver', models.CharField(max_length=200, verbose_name='接收方')),
                ('payload', models.JSONField(default=dict, verbose_name='内容')),
                ('queue_name', models.CharField(default='default', max_length=32, verbose_name='队列')),
                ('state', models.CharField(choices=[('pending', '待处理'), ('done', '已完成'), ('failed', '失败')], default='pending', max_length=16, verbose_name='状态')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='已尝试次数')),
                ('max_attempts', models.PositiveIntegerField(default=6, verbose_name='最多尝试次数')),
                ('last_error', models.TextField(blank=True, verbose_name='最近错误')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='创建时间')),
                ('enqueued_at', models.DateTimeField(blank=True, null=True, verbose_name='排队时间')),
                ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
            ],
            options={
                'verbose_name': '应用间交接',
                'verbose_name_plural': '应用间交接',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['state', 'enqueued_at'], name='jobs_handoff_state_enq')],
            },
        ),
    ]

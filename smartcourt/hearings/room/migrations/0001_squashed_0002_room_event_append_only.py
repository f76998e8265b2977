"""Squashed: 0001_initial … 0002_room_event_append_only (2 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.append_only_db import refuse_update_and_delete
import uuid


class Migration(migrations.Migration):
    replaces = [
        ('hearing_room', '0001_initial'),
        ('hearing_room', '0002_room_event_append_only'),
    ]

    initial = True

    dependencies = [
        ('courts', '0006_standing_team'),
        ('hearings', '0002_hearingchange_append_only'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Room',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('key', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='庭审室标识')),
                ('purpose', models.CharField(choices=[('hearing', '庭审'), ('mediation', '调解'), ('other', '其他')], default='hearing', max_length=16, verbose_name='用途')),
                ('title', models.CharField(max_length=200, verbose_name='名称')),
                ('state', models.CharField(choices=[('open', '开放'), ('closed', '已结束')], default='open', max_length=8, verbose_name='状态')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='courts.court', verbose_name='法院')),
                ('hearing', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='video_room', to='hearings.hearing', verbose_name='庭审')),
                ('opened_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='开设人')),
            ],
            options={
                'verbose_name': '在线庭审室',
                'verbose_name_plural': '在线庭审室',
            },
        ),
        migrations.CreateModel(
            name='Recording',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('key', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('state', models.CharField(choices=[('recording', '录制中'), ('filed', '已归档')], default='recording', max_length=12, verbose_name='状态')),
                ('mime_type', models.CharField(default='video/webm', max_length=64, verbose_name='格式')),
                ('started_at', models.DateTimeField(verbose_name='开始时间')),
                ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='结束时间')),
                ('sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256')),
                ('size', models.BigIntegerField(default=0, verbose_name='大小')),
                ('storage_name', models.CharField(blank=True, max_length=500, verbose_name='存储名')),
                ('ledger_index', models.BigIntegerField(blank=True, null=True, verbose_name='存证序号')),
                ('dossier_document_id', models.BigIntegerField(blank=True, null=True, verbose_name='卷宗文件')),
                ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='录制人')),
                ('room', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recordings', to='hearing_room.room', verbose_name='庭审室')),
            ],
            options={
                'verbose_name': '庭审录像',
                'verbose_name_plural': '庭审录像',
            },
        ),
        migrations.CreateModel(
            name='RoomParticipant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('role_label', models.CharField(max_length=32, verbose_name='身份')),
                ('moderator', models.BooleanField(default=False, verbose_name='主持人')),
                ('staff', models.BooleanField(default=False, verbose_name='法院工作人员')),
                ('state', models.CharField(choices=[('waiting', '等候中'), ('admitted', '已准入'), ('removed', '已移出')], default='waiting', max_length=12, verbose_name='状态')),
                ('audio_only', models.BooleanField(default=False, verbose_name='仅音频')),
                ('muted', models.BooleanField(default=False, verbose_name='静音')),
                ('notice_accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='确认法庭纪律时间')),
                ('identity_method', models.CharField(blank=True, choices=[('id_card', '核验身份证件'), ('face', '人脸识别比对'), ('staff', '法院工作人员')], max_length=12, verbose_name='身份核验方式')),
                ('identity_confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='身份核验时间')),
                ('identity_confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='核验人')),
                ('room', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participants', to='hearing_room.room', verbose_name='庭审室')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='账户')),
            ],
            options={
                'verbose_name': '庭审室参加人',
                'verbose_name_plural': '庭审室参加人',
                'constraints': [models.UniqueConstraint(fields=('room', 'user'), name='hearing_room_participant_once')],
            },
        ),
        migrations.CreateModel(
            name='RoomEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('opened', '开设庭审室'), ('notice_accepted', '确认法庭纪律'), ('identity_confirmed', '核验身份'), ('admitted', '准许进入'), ('muted', '静音'), ('unmuted', '取消静音'), ('audio_only', '切换为仅音频'), ('video_allowed', '恢复视频'), ('removed', '移出庭审室'), ('recording_started', '开始录像'), ('recording_filed', '录像归档'), ('closed', '结束')], max_length=24, verbose_name='事项')),
                ('occurred_at', models.DateTimeField(db_index=True, verbose_name='时间')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='说明')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                ('room', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='hearing_room.room', verbose_name='庭审室')),
                ('participant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='hearing_room.roomparticipant', verbose_name='对象')),
            ],
            options={
                'verbose_name': '庭审室日志',
                'verbose_name_plural': '庭审室日志',
            },
        ),
        migrations.CreateModel(
            name='RecordingChunk',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('seq', models.PositiveIntegerField(verbose_name='序号')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('size', models.PositiveIntegerField(verbose_name='大小')),
                ('storage_name', models.CharField(max_length=500, verbose_name='存储名')),
                ('recording', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chunks', to='hearing_room.recording', verbose_name='录像')),
            ],
            options={
                'verbose_name': '录像分段',
                'verbose_name_plural': '录像分段',
                'constraints': [models.UniqueConstraint(fields=('recording', 'seq'), name='hearing_room_chunk_once')],
            },
        ),
        refuse_update_and_delete('hearing_room_roomevent'),
    ]

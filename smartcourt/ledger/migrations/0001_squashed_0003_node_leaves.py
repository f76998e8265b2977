"""Squashed: 0001_initial … 0003_node_leaves (3 migrations; ADR 0029, scripts/squash_migrations.py).
The replaced files are kept for databases that applied them; a fresh database runs this one."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone
from smartcourt.core.squashed import operation_of


class Migration(migrations.Migration):
    replaces = [
        ('ledger', '0001_initial'),
        ('ledger', '0002_leaves_written_once'),
        ('ledger', '0003_node_leaves'),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LedgerCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tree_size', models.BigIntegerField(unique=True, verbose_name='树大小')),
                ('root_hash', models.CharField(max_length=64, verbose_name='根哈希')),
                ('origin', models.CharField(max_length=200, verbose_name='日志标识')),
                ('key_name', models.CharField(max_length=200, verbose_name='签名密钥名')),
                ('key_id', models.CharField(max_length=8, verbose_name='密钥哈希')),
                ('body', models.TextField(verbose_name='检查点正文')),
                ('signature', models.CharField(max_length=200, verbose_name='签名')),
                ('published_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='发布时间')),
            ],
            options={
                'verbose_name': '检查点',
                'verbose_name_plural': '检查点',
                'ordering': ['-tree_size'],
            },
        ),
        migrations.CreateModel(
            name='LedgerNode',
            fields=[
                ('key', models.BigIntegerField(primary_key=True, serialize=False)),
                ('hash', models.BinaryField(max_length=32)),
            ],
            options={
                'verbose_name': '账本节点',
                'verbose_name_plural': '账本节点',
            },
        ),
        migrations.CreateModel(
            name='LedgerPending',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=64, verbose_name='类型')),
                ('subject', models.CharField(max_length=255, verbose_name='对象')),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='内容SHA-256')),
                ('storage_name', models.CharField(blank=True, max_length=500, verbose_name='存储名')),
                ('entry', models.TextField(verbose_name='规范条目')),
                ('anchored_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='存证时间')),
            ],
            options={
                'verbose_name': '待入账存证',
                'verbose_name_plural': '待入账存证',
            },
        ),
        migrations.CreateModel(
            name='LedgerRecord',
            fields=[
                ('index', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='叶序号')),
                ('leaf_hash', models.CharField(db_index=True, max_length=64, verbose_name='叶哈希')),
                ('entry', models.TextField(verbose_name='规范条目')),
                ('kind', models.CharField(max_length=64, verbose_name='类型')),
                ('subject', models.CharField(db_index=True, max_length=255, verbose_name='对象')),
                ('sha256', models.CharField(db_index=True, max_length=64, verbose_name='内容SHA-256')),
                ('storage_name', models.CharField(blank=True, max_length=500, verbose_name='存储名')),
                ('recorded_at', models.DateTimeField(verbose_name='存证时间')),
                ('sequenced_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='入账时间')),
            ],
            options={
                'verbose_name': '账本条目',
                'verbose_name_plural': '账本条目',
                'ordering': ['index'],
            },
        ),
        migrations.CreateModel(
            name='LedgerTreeHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('size', models.BigIntegerField(default=0)),
                ('root_hash', models.CharField(default='e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', max_length=64)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': '账本树头',
                'verbose_name_plural': '账本树头',
            },
        ),
        migrations.CreateModel(
            name='LedgerWitness',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='见证方名称')),
                ('verifier_key', models.CharField(max_length=300, verbose_name='验证公钥')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': '见证方',
                'verbose_name_plural': '见证方',
            },
        ),
        migrations.CreateModel(
            name='AuditFinding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('leaf_hash', '条目与叶哈希不符'), ('entry_fields', '条目字段被改动'), ('gap', '叶序号不连续'), ('node', '内部节点哈希不符'), ('root', '树根不符'), ('checkpoint_signature', '检查点签名无效'), ('checkpoint_root', '检查点与账本不一致'), ('consistency', '相邻检查点不一致'), ('file_missing', '存证文件缺失'), ('file_hash', '存证文件内容被改动')], max_length=32, verbose_name='问题类型')),
                ('ref', models.CharField(max_length=255, verbose_name='涉及对象')),
                ('detail', models.TextField(verbose_name='详情')),
                ('found_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='发现时间')),
                ('last_seen_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='最近复核')),
                ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='处理时间')),
                ('resolution', models.TextField(blank=True, verbose_name='处理说明')),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '审计发现',
                'verbose_name_plural': '审计发现',
                'ordering': ['-found_at'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('resolved_at__isnull', True)), fields=('kind', 'ref'), name='ledger_finding_open_once')],
            },
        ),
        migrations.CreateModel(
            name='LedgerCosignature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('witness_name', models.CharField(max_length=200)),
                ('signature', models.CharField(max_length=200)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('checkpoint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cosignatures', to='ledger.ledgercheckpoint')),
                ('witness', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cosignatures', to='ledger.ledgerwitness')),
            ],
            options={
                'verbose_name': '见证签名',
                'verbose_name_plural': '见证签名',
                'constraints': [models.UniqueConstraint(fields=('checkpoint', 'witness'), name='ledger_cosig_once')],
            },
        ),
        operation_of('smartcourt.ledger.migrations.0002_leaves_written_once', 0),  # RunPython
        migrations.CreateModel(
            name='LedgerAuditMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tree_size', models.BigIntegerField(verbose_name='审计至树大小')),
                ('root_hash', models.CharField(max_length=64, verbose_name='根哈希')),
                ('frontier', models.TextField(blank=True, verbose_name='紧凑范围')),
                ('full', models.BooleanField(default=False, verbose_name='全量审计')),
                ('leaves', models.BigIntegerField(default=0, verbose_name='本次核验叶数')),
                ('seconds', models.FloatField(default=0, verbose_name='耗时（秒）')),
                ('audited_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='审计时间')),
            ],
            options={
                'verbose_name': '审计进度',
                'verbose_name_plural': '审计进度',
                'ordering': ['-tree_size', '-audited_at'],
            },
        ),
        migrations.RemoveField(
            model_name='ledgerrecord',
            name='sequenced_at',
        ),
        migrations.DeleteModel(
            name='LedgerPending',
        ),
        migrations.AddField(
            model_name='auditfinding',
            name='leaf',
            field=models.BigIntegerField(blank=True, null=True, verbose_name='涉及叶序号'),
        ),
        migrations.AddField(
            model_name='ledgernode',
            name='leaves',
            field=models.BinaryField(blank=True, null=True),
        ),
        operation_of('smartcourt.ledger.migrations.0003_node_leaves', 1),  # RunPython
    ]

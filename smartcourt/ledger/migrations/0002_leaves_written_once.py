"""Leaves are written once (ADR 0026): the anchor writes the leaf row itself, with its index, instead of a queue row
that the flusher copied into the leaf table and deleted.

Data: every queued anchor (`LedgerPending`, oldest first) becomes a leaf row after the last one, with the same entry
and its leaf hash; the tree head does not move, so these leaves are "pending" (at or above the head's size) and the
next flush sequences them exactly as it would have. On PostgreSQL the index allocator `ledger_leaf_index` is created
to continue after them. Backwards, the leaves above the head go back into the queue (void leaves are dropped).
The leaf's `sequenced_at` is dropped: it was written by the second write; a leaf's entry into the tree is dated by
the first checkpoint that covers it.
"""

import hashlib

import django.utils.timezone
from django.db import migrations, models

SEQUENCE = "ledger_leaf_index"
CHUNK = 2000


def _head_size(apps) -> int:  # type: ignore[no-untyped-def]
    head = apps.get_model("ledger", "LedgerTreeHead").objects.filter(pk=1).first()
    return head.size if head is not None else 0


def _next_index(apps) -> int:  # type: ignore[no-untyped-def]
    last = apps.get_model("ledger", "LedgerRecord").objects.order_by("-index").values_list("index", flat=True).first()
    return max(_head_size(apps), 0 if last is None else last + 1)


def pending_to_leaves(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    Pending = apps.get_model("ledger", "LedgerPending")
    Record = apps.get_model("ledger", "LedgerRecord")
    db = schema_editor.connection.alias
    index = _next_index(apps)
    batch = []
    for p in Pending.objects.using(db).order_by("id").iterator(chunk_size=CHUNK):
        batch.append(
            Record(
                index=index,
                leaf_hash=hashlib.sha256(b"\x00" + p.entry.encode()).hexdigest(),
                entry=p.entry,
                kind=p.kind,
                subject=p.subject,
                sha256=p.sha256,
                storage_name=p.storage_name,
                recorded_at=p.anchored_at,
            )
        )
        index += 1
        if len(batch) >= CHUNK:
            Record.objects.using(db).bulk_create(batch)
            batch = []
    Record.objects.using(db).bulk_create(batch)
    Pending.objects.using(db).all().delete()
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} AS bigint MINVALUE 0 START WITH 0")
            cursor.execute("SELECT setval(%s, %s, false)", [SEQUENCE, index])


def leaves_to_pending(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    Pending = apps.get_model("ledger", "LedgerPending")
    Record = apps.get_model("ledger", "LedgerRecord")
    db = schema_editor.connection.alias
    waiting = Record.objects.using(db).filter(index__gte=_head_size(apps)).order_by("index")
    Pending.objects.using(db).bulk_create(
        [
            Pending(
                kind=r.kind,
                subject=r.subject,
                sha256=r.sha256,
                storage_name=r.storage_name,
                entry=r.entry,
                anchored_at=r.recorded_at,
            )
            for r in waiting
            if r.kind != "ledger.void"
        ],
        batch_size=CHUNK,
    )
    waiting.delete()
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunPython(pending_to_leaves, leaves_to_pending, elidable=False),
        migrations.RemoveField(model_name="ledgerrecord", name="sequenced_at"),
        migrations.DeleteModel(name="LedgerPending"),
        migrations.AddField(
            model_name="auditfinding",
            name="leaf",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="涉及叶序号"),
        ),
        migrations.CreateModel(
            name="LedgerAuditMark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tree_size", models.BigIntegerField(verbose_name="审计至树大小")),
                ("root_hash", models.CharField(max_length=64, verbose_name="根哈希")),
                ("frontier", models.TextField(blank=True, verbose_name="紧凑范围")),
                ("full", models.BooleanField(default=False, verbose_name="全量审计")),
                ("leaves", models.BigIntegerField(default=0, verbose_name="本次核验叶数")),
                ("seconds", models.FloatField(default=0, verbose_name="耗时（秒）")),
                (
                    "audited_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="审计时间"
                    ),
                ),
            ],
            options={
                "verbose_name": "审计进度",
                "verbose_name_plural": "审计进度",
                "ordering": ["-tree_size", "-audited_at"],
            },
        ),
    ]

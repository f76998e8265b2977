"""The nodes of the lowest stored level keep their 16 leaf hashes (a tile, ADR 0026): a proof reads the low part of
its path from one node row instead of 16 leaf rows. Existing nodes get theirs from the leaf rows."""

from django.db import migrations, models

LEVEL = 4
WIDTH = 1 << LEVEL
CHUNK = 1000  # blocks per step


def tiles_fill(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    Node = apps.get_model("ledger", "LedgerNode")
    Record = apps.get_model("ledger", "LedgerRecord")
    db = schema_editor.connection.alias
    nodes = Node.objects.using(db).filter(key__gte=LEVEL << 56, key__lt=(LEVEL + 1) << 56).order_by("key")
    last = (LEVEL << 56) - 1
    while batch := list(nodes.filter(key__gt=last)[:CHUNK]):
        first_block = batch[0].key & ((1 << 56) - 1)
        stop = ((batch[-1].key & ((1 << 56) - 1)) + 1) * WIDTH
        hashes = dict(
            Record.objects.using(db)
            .filter(index__gte=first_block * WIDTH, index__lt=stop)
            .values_list("index", "leaf_hash")
        )
        for node in batch:
            start = (node.key & ((1 << 56) - 1)) * WIDTH
            block = [hashes.get(i) for i in range(start, start + WIDTH)]
            node.leaves = b"".join(bytes.fromhex(h) for h in block) if all(block) else None
        Node.objects.using(db).bulk_update(batch, ["leaves"])
        last = batch[-1].key


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_leaves_written_once")]

    operations = [
        migrations.AddField(model_name="ledgernode", name="leaves", field=models.BinaryField(blank=True, null=True)),
        migrations.RunPython(tiles_fill, migrations.RunPython.noop, elidable=False),
    ]

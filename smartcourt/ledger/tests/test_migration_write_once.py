"""Migration 0002 (ADR 0026): a log in the old layout — sequenced leaves, a tree head, and anchors waiting in the
queue table — arrives with the same leaves and root, the queued anchors as waiting leaves after them (same entries,
in queue order), which the next flush sequences into the same tree the old flusher would have built; backwards, the
waiting leaves go back into the queue."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.utils import timezone

from smartcourt.core.squashed import replaced_chains_executor
from smartcourt.ledger import merkle, selectors, services
from smartcourt.ledger.audit import ledger_audit
from smartcourt.ledger.entries import entry_build
from smartcourt.ledger.models import LedgerNode, LedgerRecord

pytestmark = pytest.mark.django_db(transaction=True)
OLD = [("ledger", "0001_initial")]


def _migrate(targets=None):  # type: ignore[no-untyped-def]
    executor = replaced_chains_executor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return replaced_chains_executor(connection).loader.project_state(targets).apps if targets else None


def _entry(i: int) -> tuple[str, str]:
    digest = hashlib.sha256(f"page {i}".encode()).hexdigest()
    return digest, entry_build(kind="dossier.page", subject=f"case:1/dossier.page:{i}", sha256=digest,
                               meta={"page": i}, time=timezone.now())  # fmt: skip


def test_queued_anchors_become_waiting_leaves_and_the_tree_is_the_one_the_old_flusher_built(settings) -> None:
    settings.LEDGER_CHECKPOINT_EVERY = 10**9
    try:
        old = _migrate(OLD)
        Record, Pending, Head = (
            old.get_model("ledger", m) for m in ("LedgerRecord", "LedgerPending", "LedgerTreeHead")
        )
        Node = old.get_model("ledger", "LedgerNode")
        now = timezone.now()
        sequenced = [_entry(i) for i in range(20)]
        hashes = [merkle.leaf_hash(e.encode()) for _, e in sequenced]
        Record.objects.bulk_create([
            Record(index=i, leaf_hash=hashes[i].hex(), entry=e, kind="dossier.page", subject=f"case:1/dossier.page:{i}",
                   sha256=d, storage_name="", recorded_at=now, sequenced_at=now)
            for i, (d, e) in enumerate(sequenced)
        ])  # fmt: skip
        Node.objects.create(key=(4 << 56) | 0, hash=merkle.root(hashes[:16]))
        Head.objects.create(pk=1, size=20, root_hash=merkle.root(hashes).hex())
        queued = [_entry(i) for i in range(20, 27)]
        Pending.objects.bulk_create([
            Pending(kind="dossier.page", subject=f"case:1/dossier.page:{20 + k}", sha256=d, storage_name=f"s/{k}.pdf",
                    entry=e, anchored_at=now)
            for k, (d, e) in enumerate(queued)
        ])  # fmt: skip
    finally:
        _migrate()
    assert selectors.ledger_head().size == 20 and selectors.ledger_head().waiting == 7
    assert bytes(LedgerNode.objects.get(key=(4 << 56) | 0).leaves) == b"".join(hashes[:16])  # its tile (0003)
    assert selectors.root_at(20) == merkle.root(hashes)
    waiting = list(selectors.waiting().order_by("index"))
    assert [(r.index, r.entry, r.storage_name) for r in waiting] == [
        (20 + k, e, f"s/{k}.pdf") for k, (_, e) in enumerate(queued)
    ]
    assert selectors.ledger_status_for_sha256(sha256=queued[0][0]) == "pending"
    assert services.ledger_flush() == 7
    all_hashes = hashes + [merkle.leaf_hash(e.encode()) for _, e in queued]
    assert selectors.ledger_head().root_hash == merkle.root(all_hashes).hex()
    assert selectors.ledger_status_for_sha256(sha256=queued[0][0]) == "recorded"
    services.ledger_anchor(kind="dossier.page", subject="case:1/dossier.page:27", sha256="a" * 64)
    assert LedgerRecord.objects.get(subject="case:1/dossier.page:27").index == 27  # the allocator follows them
    assert ledger_audit(files=False).ok


def test_backwards_the_waiting_leaves_go_back_into_the_queue(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    services.ledger_anchor(kind="dossier.page", subject="case:1/dossier.page:0", sha256="b" * 64)
    services.ledger_flush()
    services.ledger_anchor(kind="dossier.page", subject="case:1/dossier.page:1", sha256="c" * 64)
    entry = LedgerRecord.objects.get(index=1).entry
    try:
        old = _migrate(OLD)
        Record, Pending = (old.get_model("ledger", m) for m in ("LedgerRecord", "LedgerPending"))
        assert list(Record.objects.values_list("index", flat=True)) == [0]
        assert list(Pending.objects.values_list("subject", "entry")) == [("case:1/dossier.page:1", entry)]
    finally:
        _migrate()
    assert selectors.ledger_head().waiting == 1 and LedgerRecord.objects.get(index=1).entry == entry

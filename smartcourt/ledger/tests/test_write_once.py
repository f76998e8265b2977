"""Leaves are written once (ADR 0026): the anchor's row is the leaf; the flusher adds only nodes and the head. The
guarantees of the queue it replaces hold: append-only (no leaf row changes when sequenced), order (indexes as
given out), no hole (an aborted anchor's index becomes a void leaf), exactly once under concurrent flushers,
anchors still committing, and a flusher killed mid-batch."""

from __future__ import annotations

import hashlib
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from smartcourt.ledger import merkle, selectors, services
from smartcourt.ledger.models import VOID_KIND, LedgerNode, LedgerRecord, LedgerTreeHead
from smartcourt.ledger.services import ledger_anchor, ledger_anchor_many, ledger_flush


def sha(i: int | str) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def leaves() -> list[bytes]:
    return [bytes.fromhex(h) for h in LedgerRecord.objects.order_by("index").values_list("leaf_hash", flat=True)]


def assert_tree_whole() -> None:
    head = LedgerTreeHead.objects.get()
    all_leaves = leaves()
    assert list(LedgerRecord.objects.order_by("index").values_list("index", flat=True)) == list(range(head.size))
    assert head.root_hash == merkle.root(all_leaves).hex() == selectors.root_at(head.size).hex()


@pytest.mark.django_db
def test_sequencing_writes_no_leaf_row(settings) -> None:
    settings.LEDGER_CHECKPOINT_EVERY = 10**9
    ledger_anchor_many([{"kind": "test.item", "subject": f"t:{i}", "sha256": sha(i)} for i in range(40)])
    before = list(LedgerRecord.objects.order_by("index").values_list("index", "leaf_hash", "entry", "recorded_at"))
    assert [i for i, *_ in before] == list(range(40)) and selectors.ledger_head().waiting == 40
    table = LedgerRecord._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        assert ledger_flush() == 40
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not [w for w in writes if table in w]  # the leaves are read, never written again
    assert any(LedgerNode._meta.db_table in w for w in writes)
    assert (
        list(LedgerRecord.objects.order_by("index").values_list("index", "leaf_hash", "entry", "recorded_at")) == before
    )
    assert_tree_whole()
    assert selectors.ledger_head() == selectors.TreeHead(size=40, root_hash=merkle.root(leaves()).hex(), waiting=0)


@pytest.mark.django_db
def test_an_index_whose_anchor_rolled_back_becomes_a_void_leaf() -> None:
    ledger_anchor(kind="test.item", subject="t:0", sha256=sha(0))
    ledger_flush()
    # an anchor took index 1 and rolled back (its row never committed); a later anchor has index 2
    row = services._leaf_row(kind="test.item", subject="t:2", sha256=sha(2), storage_name="", meta={}, time="x")
    services._insert([(2, *row, connection.ops.adapt_datetimefield_value(LedgerRecord.objects.get().recorded_at))])
    assert ledger_flush() == 2
    void = LedgerRecord.objects.get(index=1)
    assert void.kind == VOID_KIND and void.is_void and void.subject == "ledger:void/1"
    assert void.leaf_hash == merkle.leaf_hash(void.entry.encode()).hex()
    assert_tree_whole()
    ledger_anchor(kind="test.item", subject="t:3", sha256=sha(3))  # the allocator continues after the last leaf
    assert ledger_flush() == 1 and LedgerRecord.objects.get(subject="t:3").index == 3
    assert_tree_whole()


@pytest.mark.django_db
def test_an_anchor_whose_index_was_voided_meanwhile_takes_new_ones(monkeypatch) -> None:
    """The flusher may void an index in the instant between its allocation and its insert: the insert conflicts on
    the primary key and the anchor allocates again, inside its caller's transaction."""
    ledger_anchor(kind="test.item", subject="t:0", sha256=sha(0))
    stolen = services._allocate(1)[0]  # given to the anchor below, then voided by a flusher before its insert
    LedgerRecord.objects.bulk_create([services._void(stolen, LedgerRecord.objects.get().recorded_at)])
    real = services._allocate
    calls = []

    def stale_then_real(count: int) -> list[int]:
        calls.append(count)
        return [stolen] if len(calls) == 1 else real(count)

    monkeypatch.setattr(services, "_allocate", stale_then_real)
    with transaction.atomic():
        leaf = ledger_anchor(kind="test.item", subject="t:late", sha256=sha("late"))
    assert len(calls) == 2 and leaf.index == 2 and LedgerRecord.objects.get(subject="t:late").index == 2
    ledger_flush()
    assert_tree_whole()


class Killed(Exception):
    pass


@pytest.mark.django_db
def test_a_flusher_killed_mid_batch_leaves_everything_to_the_next(monkeypatch, settings) -> None:
    settings.LEDGER_CHECKPOINT_EVERY = 10**9
    ledger_anchor_many([{"kind": "test.item", "subject": f"t:{i}", "sha256": sha(i)} for i in range(50)])
    real = services.LedgerTreeHead.save

    def die(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise Killed  # after the nodes were inserted, before the head moved: the transaction is lost

    monkeypatch.setattr(services.LedgerTreeHead, "save", die)
    with pytest.raises(Killed):
        ledger_flush(max_batch=20)
    monkeypatch.setattr(services.LedgerTreeHead, "save", real)
    assert not LedgerNode.objects.exists() and selectors.tree_size() == 0
    assert selectors.ledger_status_for_sha256(sha256=sha(3)) == "pending"
    assert ledger_flush(max_batch=20) == 50
    assert LedgerNode.objects.count() == 4  # 50 leaves: three perfect subtrees of 16, one of 32 (none twice)
    assert_tree_whole()


def _anchor_and_hold(started: threading.Event, release: threading.Event, errors: list) -> None:
    try:
        with transaction.atomic():
            ledger_anchor(kind="test.item", subject="t:slow", sha256=sha("slow"))
            started.set()
            release.wait(30)
    except Exception as exc:
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_an_anchor_still_committing_keeps_its_place(settings) -> None:
    """PostgreSQL (concurrent writers): a leaf anchored earlier but committed later is sequenced at its own index,
    after the flusher waited for it briefly and stopped there, never voided, never after later leaves."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: no anchor is in flight while a flusher runs")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    settings.LEDGER_GAP_WAIT_MS = 50
    ledger_anchor(kind="test.item", subject="t:first", sha256=sha("first"))
    started, release, errors = threading.Event(), threading.Event(), []
    slow = threading.Thread(target=_anchor_and_hold, args=(started, release, errors))
    slow.start()
    assert started.wait(30)
    ledger_anchor(kind="test.item", subject="t:after", sha256=sha("after"))
    assert ledger_flush() == 1  # leaf 0; leaf 1 is still committing, so leaf 2 waits behind it
    assert selectors.tree_size() == 1 and selectors.ledger_status_for_sha256(sha256=sha("after")) == "pending"
    release.set()
    slow.join()
    assert errors == []
    assert ledger_flush() == 2
    assert list(LedgerRecord.objects.order_by("index").values_list("subject", flat=True)) == [
        "t:first", "t:slow", "t:after",
    ]  # fmt: skip
    assert not LedgerRecord.objects.filter(kind=VOID_KIND).exists()
    assert_tree_whole()


@pytest.mark.django_db(transaction=True)
def test_an_aborted_anchor_among_concurrent_ones_leaves_no_hole(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    errors: list = []

    def anchor(k: int) -> None:
        try:
            for i in range(10):
                try:
                    with transaction.atomic():
                        ledger_anchor_many([{"kind": "test.item", "subject": f"t:{k}:{i}:{j}", "sha256": sha(j)}
                                            for j in range(3)])  # fmt: skip
                        if i % 3 == 0:
                            raise Killed  # the action fails after anchoring
                except Killed:
                    pass
                if i % 4 == 0:
                    ledger_flush(max_batch=7)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=anchor, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ledger_flush()
    assert_tree_whole()
    real = LedgerRecord.objects.exclude(kind=VOID_KIND)
    assert real.count() == 3 * 6 * 3 and real.values("subject").distinct().count() == real.count()
    assert not real.filter(subject__regex=r"^t:\d+:(0|3|6|9):").exists()  # what rolled back is not in the log

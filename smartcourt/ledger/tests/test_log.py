"""The stored log: anchoring joins the caller's transaction, flushes sequence without gaps, stored-node roots and
proofs equal the in-memory RFC 9162 ones for every size, one writer at a time under concurrency."""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from smartcourt.ledger import merkle, selectors
from smartcourt.ledger.entries import entry_parse
from smartcourt.ledger.models import (
    NODE_MIN_LEVEL,
    VOID_KIND,
    LedgerCheckpoint,
    LedgerNode,
    LedgerRecord,
    LedgerTreeHead,
)
from smartcourt.ledger.services import LedgerInputError, ledger_anchor, ledger_anchor_many, ledger_flush


def sha(i: int | str) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def anchor_n(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        ledger_anchor(kind="test.item", subject=f"test:{i}", sha256=sha(i), meta={"n": i, "标题": "第一页"})


def tree_leaves() -> list[bytes]:
    return [bytes.fromhex(h) for h in LedgerRecord.objects.order_by("index").values_list("leaf_hash", flat=True)]


@pytest.mark.django_db
def test_anchor_is_in_the_tree_after_the_outer_commit(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        pending = ledger_anchor(
            kind="dossier.page", subject="case:1/dossier.page:2", sha256=sha(1), storage_name="x/y.pdf",
            meta={"case": "（2026）京0105民初1号"},
        )  # fmt: skip
        ledger_anchor(kind="dossier.page", subject="case:1/dossier.page:3", sha256=sha(2))
        assert selectors.ledger_status_for_sha256(sha256=sha(1)) == "pending"
    assert len(callbacks) == 1  # one flush per transaction, not one per anchor
    assert selectors.ledger_status_for_sha256(sha256=sha(1)) == "recorded"
    record = selectors.ledger_records_for_sha256(sha256=sha(1))[0]
    assert record.index == 0 and record.kind == "dossier.page" and record.storage_name == "x/y.pdf"
    assert record.entry == pending.entry
    entry = entry_parse(record.entry)
    assert entry["meta"] == {"case": "（2026）京0105民初1号"} and "（2026）" in record.entry  # UTF-8, not \u escapes
    assert record.leaf_hash == merkle.leaf_hash(record.entry.encode()).hex()
    assert selectors.ledger_record_for_subject(subject="case:1/dossier.page:3").index == 1
    assert not selectors.waiting().exists()
    checkpoint = record.checkpoint()
    assert checkpoint is not None and checkpoint.tree_size == 2  # the first checkpoint is published at once
    assert LedgerTreeHead.objects.get().root_hash == merkle.root(tree_leaves()).hex() == checkpoint.root_hash


@pytest.mark.django_db
def test_rolled_back_action_anchors_nothing(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                ledger_anchor(kind="dossier.page", subject="case:1", sha256=sha(1))
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not LedgerRecord.objects.exists()
    assert selectors.ledger_status_for_sha256(sha256=sha(1)) == "unknown"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sha256": "ABC"}, "sha256"),
        ({"sha256": sha(1).upper()}, "sha256"),
        ({"sha256": sha(1)[:63] + "g"}, "sha256"),
        ({"kind": "Dossier Page"}, "kind"),
        ({"kind": ""}, "kind"),
        ({"subject": "  "}, "subject"),
        ({"subject": "x" * 256}, "subject"),
        ({"meta": {"f": float("nan")}}, "meta"),
        ({"meta": {"o": object()}}, "meta"),
        ({"meta": ["not", "a", "dict"]}, "meta"),
        ({"meta": {"big": "x" * 5000}}, "meta"),
    ],
)
def test_bad_anchor_is_refused_with_nothing_written(kwargs: dict, field: str) -> None:
    args = {"kind": "dossier.page", "subject": "case:1", "sha256": sha(1)} | kwargs
    with pytest.raises(LedgerInputError) as info:
        ledger_anchor(**args)
    assert info.value.extra["field"] == field and info.value.status == 400
    assert not LedgerRecord.objects.exists()


@pytest.mark.django_db
def test_stored_node_roots_and_proofs_equal_the_rfc_ones_for_every_size(settings) -> None:
    settings.LEDGER_CHECKPOINT_EVERY = 10**9
    sizes_flushed = []
    for batch in (1, 2, 5, 8, 13, 21, 30):  # odd batch sizes cross perfect-subtree boundaries
        anchor_n(batch, start=sum(sizes_flushed))
        assert ledger_flush(max_batch=7) == batch
        sizes_flushed.append(batch)
    leaves = tree_leaves()
    n = len(leaves)
    assert n == 80 and list(LedgerRecord.objects.values_list("index", flat=True)) == list(range(n))
    # every completed perfect subtree of height ≥ NODE_MIN_LEVEL, and nothing else
    assert LedgerNode.objects.count() == sum(n >> level for level in range(NODE_MIN_LEVEL, 64)) == 8
    for size in range(1, n + 1):
        assert selectors.root_at(size) == merkle.root(leaves[:size])
        for index in {0, size // 2, size - 1}:
            proof = selectors.inclusion_proof(index=index, size=size)
            assert proof == merkle.inclusion_proof(leaves, index, size)
            assert merkle.verify_inclusion(leaves[index], index, size, proof, merkle.root(leaves[:size]))
        for first in {1, size // 3 or 1, size}:
            assert selectors.consistency_proof(first=first, second=size) == merkle.consistency_proof(
                leaves, first, size
            )


@pytest.mark.django_db
def test_a_proof_reads_a_constant_number_of_queries(settings) -> None:
    settings.LEDGER_CHECKPOINT_EVERY = 10**9
    anchor_n(300)
    ledger_flush()
    with CaptureQueriesContext(connection) as queries:
        selectors.inclusion_proof(index=137, size=299)
    assert len(queries) == 1  # tree head, leaf rows and node rows in one UNION ALL
    with CaptureQueriesContext(connection) as queries:
        selectors.consistency_proof(first=117, second=300)
    assert len(queries) == 1


@pytest.mark.django_db
def test_proof_requests_beyond_the_tree_are_refused() -> None:
    anchor_n(3)
    ledger_flush()
    with pytest.raises(selectors.ProofRequestError) as info:
        selectors.inclusion_proof(index=0, size=4)
    assert info.value.code == "ledger.size_beyond_tree"
    with pytest.raises(selectors.ProofRequestError):
        selectors.inclusion_proof(index=3, size=3)
    with pytest.raises(selectors.ProofRequestError):
        selectors.consistency_proof(first=0, second=2)
    with pytest.raises(selectors.ProofRequestError):
        selectors.consistency_proof(first=3, second=2)
    with pytest.raises(selectors.ProofRequestError):
        selectors.consistency_proof(first=1, second=9)


@pytest.mark.django_db
def test_checkpoints_every_n_entries_or_t_seconds(settings, time_machine) -> None:
    settings.LEDGER_CHECKPOINT_EVERY = 5
    settings.LEDGER_CHECKPOINT_SECONDS = 60
    time_machine.move_to("2026-12-02 10:00:00+08:00", tick=False)
    anchor_n(1)
    ledger_flush()
    assert list(LedgerCheckpoint.objects.values_list("tree_size", flat=True)) == [1]
    anchor_n(3, start=1)
    ledger_flush()
    assert LedgerCheckpoint.objects.count() == 1  # 3 new < 5 and only 0 s passed
    anchor_n(2, start=4)
    ledger_flush()
    assert sorted(LedgerCheckpoint.objects.values_list("tree_size", flat=True)) == [1, 6]  # 5 new entries
    anchor_n(1, start=6)
    ledger_flush()
    assert LedgerCheckpoint.objects.count() == 2
    time_machine.move_to("2026-12-02 10:01:01+08:00", tick=False)
    ledger_flush()  # nothing new to sequence, but the minute has passed
    assert sorted(LedgerCheckpoint.objects.values_list("tree_size", flat=True)) == [1, 6, 7]
    ledger_flush()
    assert LedgerCheckpoint.objects.count() == 3  # nothing new: no new checkpoint


def _flush_in_thread(errors: list, max_batch: int) -> None:
    try:
        ledger_flush(max_batch=max_batch)
    except Exception as exc:
        errors.append(exc)
    finally:
        connection.close()


def _anchor_in_thread(errors: list, start: int, n: int) -> None:
    try:
        for i in range(start, start + n):
            ledger_anchor(kind="test.item", subject=f"test:{i}", sha256=sha(i))
    except Exception as exc:
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_flushers_never_corrupt_the_tree(settings) -> None:
    settings.LEDGER_CHECKPOINT_EVERY = 17
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    ledger_anchor_many([{"kind": "test.item", "subject": f"seed:{i}", "sha256": sha(f"s{i}")} for i in range(150)])
    errors: list = []
    threads = [threading.Thread(target=_flush_in_thread, args=(errors, b)) for b in (3, 7, 11, 50)]
    threads += [threading.Thread(target=_anchor_in_thread, args=(errors, k * 1000, 15)) for k in range(3)]
    threads += [threading.Thread(target=_flush_in_thread, args=(errors, b)) for b in (5, 13)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ledger_flush()
    n = LedgerRecord.objects.count()
    assert n == 150 + 45
    assert list(LedgerRecord.objects.order_by("index").values_list("index", flat=True)) == list(range(n))
    assert LedgerRecord.objects.values("subject").distinct().count() == n  # nothing sequenced twice
    assert not selectors.waiting().exists() and not LedgerRecord.objects.filter(kind=VOID_KIND).exists()
    head = LedgerTreeHead.objects.get()
    assert head.size == n and head.root_hash == merkle.root(tree_leaves()).hex()
    leaves = tree_leaves()
    for cp in LedgerCheckpoint.objects.all():
        assert cp.root_hash == merkle.root(leaves[: cp.tree_size]).hex()


@pytest.mark.django_db
def test_a_checkpoint_not_yet_due_is_scheduled_once_on_a_deferring_backend(settings, time_machine) -> None:
    from django_tasks_db.models import DBTaskResult

    from smartcourt.ledger import services as ledger_services

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.LEDGER_CHECKPOINT_SECONDS = 60
    ledger_services._scheduled.clear()
    time_machine.move_to("2026-12-02 10:00:00+08:00", tick=False)
    anchor_n(1)
    ledger_flush()  # the first checkpoint is published at once
    anchor_n(2, start=1)
    ledger_flush()
    ledger_flush()
    deferred = DBTaskResult.objects.filter(task_path__endswith="ledger_checkpoint_task")
    assert deferred.count() == 1  # once, however many flushes come before it is due
    assert deferred.get().run_after == LedgerCheckpoint.objects.get().published_at + timedelta(seconds=60)

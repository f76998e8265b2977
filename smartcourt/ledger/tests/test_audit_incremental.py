"""The incremental audit (ADR 0026): a run resumes from the last audit mark (the last checkpoint verified clean),
verifies only the leaves, checkpoints and files after it plus the consistency of the new checkpoints with it; a
mark that no longer holds, or an open finding about the tree, makes the run full again."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from smartcourt.ledger import selectors, services
from smartcourt.ledger.audit import ledger_audit, ledger_audit_from
from smartcourt.ledger.models import LedgerAuditMark, LedgerCheckpoint, LedgerNode, LedgerRecord


def grow(start: int, n: int) -> None:
    for i in range(start, start + n):
        content = f"第{i}页 page {i}".encode()
        name = default_storage.save(f"ledger-test/p{i}.txt", ContentFile(content))
        services.ledger_anchor(kind="dossier.page", subject=f"case:1/dossier.page:{i}",
                               sha256=hashlib.sha256(content).hexdigest(), storage_name=name)  # fmt: skip
    services.ledger_flush()
    services.ledger_checkpoint_publish(force=True)


@pytest.fixture
def audited(settings):  # type: ignore[no-untyped-def]
    settings.LEDGER_CHECKPOINT_EVERY = 10**9
    grow(0, 20)
    first = ledger_audit()
    assert first.ok and first.full and first.leaves == 20 and first.files == 20
    mark = LedgerAuditMark.objects.get()
    assert (mark.tree_size, mark.root_hash, mark.full) == (20, selectors.ledger_head().root_hash, True)
    return mark


@pytest.mark.django_db
def test_a_run_verifies_only_what_came_after_the_mark(audited) -> None:  # type: ignore[no-untyped-def]
    grow(20, 17)
    report = ledger_audit()
    assert report.ok, report.problems
    assert not report.full and (report.start, report.end) == (20, 37)
    assert report.leaves == 17 and report.files == 17 and report.checkpoints == 2  # the mark's and the new one
    assert LedgerAuditMark.objects.order_by("-id").first().tree_size == 37
    again = ledger_audit()
    assert again.ok and again.leaves == 0 and again.files == 0 and (again.start, again.end) == (37, 37)


@pytest.mark.django_db
def test_a_forged_new_leaf_and_an_altered_new_file_are_found(audited) -> None:  # type: ignore[no-untyped-def]
    grow(20, 5)
    LedgerRecord.objects.filter(index=22).update(entry=LedgerRecord.objects.get(index=22).entry.replace("22", "99"))
    record = LedgerRecord.objects.get(index=23)
    with default_storage.open(record.storage_name, "wb") as fh:
        fh.write(b"altered")
    report = ledger_audit()
    kinds = {(k, r) for k, r, _ in report.problems}
    assert ("leaf_hash", "leaf:22") in kinds and ("file_hash", f"file:{record.storage_name}") in kinds
    assert LedgerAuditMark.objects.order_by("-id").first().tree_size == 20  # no mark past a problem
    again = ledger_audit()  # an open tree finding: full again, and the file finding is re-checked
    assert again.full and {("leaf_hash", "leaf:22"), ("file_hash", f"file:{record.storage_name}")} <= {
        (k, r) for k, r, _ in again.problems
    }


@pytest.mark.django_db
def test_an_altered_old_node_breaks_the_consistency_with_the_mark(audited) -> None:  # type: ignore[no-untyped-def]
    grow(20, 12)
    LedgerNode.objects.filter(key=(4 << 56) | 0).update(hash=b"\0" * 32)  # below the mark: its leaves are not re-read
    kinds = {k for k, _, _ in ledger_audit(files=False).problems}
    assert "consistency" in kinds


@pytest.mark.django_db
def test_a_mark_that_does_not_hold_means_a_full_pass(audited) -> None:  # type: ignore[no-untyped-def]
    grow(20, 3)
    LedgerAuditMark.objects.filter(pk=audited.pk).update(frontier="00" * 32)
    report = ledger_audit()
    assert report.ok and report.full and report.leaves == 23


@pytest.mark.django_db
def test_audit_from_a_kept_checkpoint(audited) -> None:  # type: ignore[no-untyped-def]
    grow(20, 9)
    kept = LedgerCheckpoint.objects.get(tree_size=20)
    report = ledger_audit_from(size=kept.tree_size, root_hash=kept.root_hash)
    assert report.ok and (report.start, report.end, report.leaves) == (20, 29, 9)
    assert LedgerAuditMark.objects.count() == 1  # a pure check: nothing recorded
    with pytest.raises(LookupError):
        ledger_audit_from(size=20, root_hash="0" * 64)


@pytest.mark.django_db
def test_an_altered_tile_is_found_by_a_full_pass(audited) -> None:  # type: ignore[no-untyped-def]
    node = LedgerNode.objects.get(key=(4 << 56) | 0)
    tile = bytes(node.leaves)
    assert len(tile) == 16 * 32 and tile[:32].hex() == LedgerRecord.objects.get(index=0).leaf_hash
    LedgerNode.objects.filter(key=node.key).update(leaves=b"\0" * 32 + tile[32:])
    assert ("node", "node:4/0") in {(k, r) for k, r, _ in ledger_audit(full=True, files=False).problems}

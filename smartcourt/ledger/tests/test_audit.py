"""The auditor: a clean log passes; an altered stored file and altered database rows are each detected, stored as
one open finding and announced to the system administrators."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from smartcourt.core.models import Notification
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, user_with_role
from smartcourt.ledger import services
from smartcourt.ledger.audit import ledger_audit, ledger_finding_resolve
from smartcourt.ledger.models import AuditFinding, LedgerCheckpoint, LedgerRecord


def _stored(content: bytes, name: str) -> tuple[str, str]:
    saved = default_storage.save(f"ledger-test/{name}", ContentFile(content))
    return saved, hashlib.sha256(content).hexdigest()


@pytest.fixture
def log(settings):  # type: ignore[no-untyped-def]
    settings.LEDGER_CHECKPOINT_EVERY = 4
    names = []
    for i in range(20):
        name, digest = _stored(f"第{i}页 page {i}".encode(), f"p{i}.txt")
        services.ledger_anchor(
            kind="dossier.page", subject=f"case:1/dossier.page:{i}", sha256=digest, storage_name=name
        )
        services.ledger_flush()
        names.append(name)
    services.ledger_checkpoint_publish(force=True)
    return names


@pytest.mark.django_db
def test_a_clean_log_passes(log) -> None:  # type: ignore[no-untyped-def]
    report = ledger_audit()
    assert report.ok, report.problems
    assert report.leaves == 20 and report.files == 20 and report.checkpoints == LedgerCheckpoint.objects.count() >= 3
    assert report.nodes == 1  # the one perfect subtree of 16 leaves (lower ones are not stored)
    assert not AuditFinding.objects.exists()


@pytest.mark.django_db
def test_an_altered_stored_file_is_detected_and_admins_are_told(log) -> None:  # type: ignore[no-untyped-def]
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory())
    judge = user_with_role(Role.JUDGE, CourtFactory())
    with default_storage.open(log[3], "wb") as fh:
        fh.write("第3页 page 3 — 已被改动".encode())
    default_storage.delete(log[5])
    report = ledger_audit()
    kinds = {(f.kind, f.ref) for f in report.new_findings}
    assert kinds == {("file_hash", f"file:{log[3]}"), ("file_missing", f"file:{log[5]}")}
    assert Notification.objects.filter(recipient=admin, topic="ledger.audit").count() == 1
    assert not Notification.objects.filter(recipient=judge).exists()
    again = ledger_audit()  # still wrong: the open findings are seen again, not duplicated, nobody re-notified
    assert again.new_findings == [] and len(again.problems) == 2
    assert AuditFinding.objects.count() == 2 and Notification.objects.count() == 1
    finding = AuditFinding.objects.get(kind="file_hash")
    ledger_finding_resolve(finding=finding, actor=admin, resolution="从备份恢复")
    with default_storage.open(log[3], "wb") as fh:
        fh.write(b"\xe7\xac\xac3\xe9\xa1\xb5 page 3")  # the original bytes, restored
    assert [p[0] for p in ledger_audit().problems] == ["file_missing"]


@pytest.mark.django_db
def test_a_raw_sql_edit_of_an_entry_is_detected(log) -> None:  # type: ignore[no-untyped-def]
    table = LedgerRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET entry = REPLACE(entry, 'page:7', 'page:8') WHERE {connection.ops.quote_name('index')} = 7"
        )
    kinds = {(p[0], p[1]) for p in ledger_audit(files=False).problems}
    assert ("leaf_hash", "leaf:7") in kinds and ("entry_fields", "leaf:7") in kinds


@pytest.mark.django_db
def test_a_raw_sql_edit_of_the_hash_column_and_leaf_hash_is_detected(log) -> None:  # type: ignore[no-untyped-def]
    """A forger who rewrites entry, sha256 and leaf_hash together still breaks the stored nodes and checkpoints."""
    record = LedgerRecord.objects.get(index=2)
    forged_entry = record.entry.replace(record.sha256, "0" * 64)
    from smartcourt.ledger import merkle

    LedgerRecord.objects.filter(index=2).update(
        entry=forged_entry, sha256="0" * 64, leaf_hash=merkle.leaf_hash(forged_entry.encode()).hex()
    )
    problems = ledger_audit(files=False).problems
    kinds = {p[0] for p in problems}
    assert {"node", "checkpoint_root", "root"} <= kinds
    assert "leaf_hash" not in kinds  # the leaf itself is self-consistent: the tree above it is what gives it away


@pytest.mark.django_db
def test_an_edited_checkpoint_or_node_or_a_gap_is_detected(log) -> None:  # type: ignore[no-untyped-def]
    checkpoint = LedgerCheckpoint.objects.order_by("tree_size").first()
    sig = checkpoint.signature
    LedgerCheckpoint.objects.filter(pk=checkpoint.pk).update(
        signature=sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
    )
    from smartcourt.ledger.models import LedgerNode

    node = LedgerNode.objects.order_by("key").first()
    LedgerNode.objects.filter(pk=node.pk).update(hash=b"\0" * 32)
    LedgerRecord.objects.filter(index=9).delete()
    kinds = {p[0] for p in ledger_audit(files=False).problems}
    assert {"checkpoint_signature", "node", "gap", "root"} <= kinds


@pytest.mark.django_db
def test_management_command_reports_and_fails_on_findings(log, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("ledger_audit")
    assert "一致" in capsys.readouterr().out
    with default_storage.open(log[0], "wb") as fh:
        fh.write(b"tampered")
    call_command("ledger_audit")  # incremental: nothing new since the mark, an old file is not re-read …
    assert "incremental [20, 20)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        call_command("ledger_audit", "--full")  # … a full pass re-reads every file
    assert info.value.code == 1
    assert "file_hash" in capsys.readouterr().out

"""The sweeper of orphaned blobs: bytes stored by a transaction that rolled back are deleted after the grace
period; a blob that a committed transaction owns, or that any row names, stays; so does a young orphan."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections, transaction

from smartcourt.core.intake.models import StoredBlob
from smartcourt.core.intake.references import BlobReference, blob_referenced_by, blob_references
from smartcourt.core.intake.services import blobs_sweep
from smartcourt.core.intake.store import blob_exists, blob_store, written_buckets
from smartcourt.core.intake.tasks import intake_sweep_task
from smartcourt.core.models import AuditLog

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # 09:30 in Beijing


def _orphan(content: bytes) -> str:
    """Bytes stored inside a transaction that then fails: the blob stays, its owner row goes."""
    with pytest.raises(RuntimeError), transaction.atomic():
        name = blob_store(content=content, ext="pdf").name
        raise RuntimeError("rolled back after storing")
    return name


def _referenced(content: bytes) -> str:
    """Bytes a row names (here a ledger leaf waiting to be sequenced) although no StoredBlob row owns them: e.g. a
    blob stored before owners were recorded, or a row restored from a backup."""
    from smartcourt.ledger.services import ledger_anchor

    blob = blob_store(content=content, ext="pdf")
    StoredBlob.objects.filter(name=blob.name).delete()
    ledger_anchor(kind="t", subject="t:1", sha256=blob.sha256, storage_name=blob.name)
    return blob.name


def test_an_orphan_is_deleted_after_the_grace_period_and_what_is_owned_referenced_or_young_stays() -> None:
    with time_machine.travel(T0, tick=False) as clock:
        orphan = _orphan(b"%PDF-1.7 rolled back")
        owned = blob_store(content=b"%PDF-1.7 committed", ext="pdf").name
        referenced = _referenced(b"%PDF-1.7 named by a row")
        clock.shift(timedelta(hours=23))
        early = blobs_sweep()  # within the grace period nothing is looked at
        assert early.deleted == [] and early.waiting == 3 and blob_exists(orphan)
        clock.shift(timedelta(hours=1))
        young = _orphan(b"%PDF-1.7 rolled back a day later")
        clock.shift(timedelta(hours=2))  # 26 h after the first writes, 2 h after the young orphan
        report = blobs_sweep()
    assert report.deleted == [orphan] and not blob_exists(orphan)
    assert blob_exists(owned) and blob_exists(referenced) and blob_exists(young)
    assert report.adopted == [referenced] and StoredBlob.objects.filter(name=referenced).exists()  # now owned
    assert report.owned == 1 and report.waiting == 1 and report.failed == []
    audit = AuditLog.objects.get(action="intake.sweep")
    assert audit.extra["deleted"] == 1 and audit.extra["adopted"] == 1 and orphan in audit.extra["names"]
    assert len(written_buckets()) == 1  # the settled hour's markers and folder are gone; the young one's waits
    with time_machine.travel(T0 + timedelta(hours=50), tick=False):
        later = blobs_sweep()
    assert later.deleted == [young] and not blob_exists(young) and written_buckets() == []


def test_a_dry_run_reports_and_deletes_nothing(capsys) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(T0, tick=False):
        orphan = _orphan(b"%PDF-1.7 orphan")
    with time_machine.travel(T0 + timedelta(hours=25), tick=False):
        report = blobs_sweep(dry_run=True)
        assert report.deleted == [orphan] and blob_exists(orphan) and not AuditLog.objects.exists()
        call_command("intake_sweep", "--dry-run")
        assert f"将删除 {orphan}" in capsys.readouterr().out and blob_exists(orphan)
        call_command("intake_sweep")
    out = capsys.readouterr().out
    assert f"已删除 {orphan}" in out and "已删除 1 个孤立文件" in out and not blob_exists(orphan)


def test_the_task_sweeps(settings) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(T0, tick=False):
        orphan = _orphan(b"%PDF-1.7 for the task")
    with time_machine.travel(T0 + timedelta(hours=25), tick=False):
        result = intake_sweep_task.enqueue()
    assert result.return_value == 1 and not blob_exists(orphan)


def test_bytes_stored_again_before_the_sweep_are_owned_and_stay() -> None:
    with time_machine.travel(T0, tick=False) as clock:
        name = _orphan(b"%PDF-1.7 retried")
        clock.shift(timedelta(hours=30))
        assert blob_store(content=b"%PDF-1.7 retried", ext="pdf").name == name  # the retry commits
        report = blobs_sweep()
    assert report.deleted == [] and report.owned == 1 and blob_exists(name)


def test_every_declared_reference_is_a_valid_lookup() -> None:
    references = blob_references()
    declared = {(r.model, r.lookup) for r in references}
    assert {
        ("dossier.DossierPage", "storage_name"),
        ("filing.Evidence", "file"),
        ("portal.LitigantAccount", "id_photo"),
        ("service.ServiceAttempt", "evidence__photo_storage_name"),
        ("ledger.LedgerRecord", "storage_name"),
    } <= declared
    for ref in references:  # a misspelt field would raise FieldError here, not at 03:00
        assert ref.refers(name="blobs/00/00/none.pdf", sha256="0" * 64) is False
    assert blob_referenced_by(name="blobs/00/00/none.pdf", sha256="0" * 64) == ""


def test_a_photo_named_only_inside_a_json_field_is_a_reference() -> None:
    """The bailiff's photo of in-person service is named only in the attempt's evidence (JSON)."""
    from smartcourt.service import services
    from smartcourt.service.tests.helpers import JPEG, PDF, world

    w = world()
    task = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF, document_type="summons",
                                        title="传票", actor=w.clerk)  # fmt: skip
    services.service_task_next_channel(task=task, actor=w.clerk, reason="邮寄地址无人")
    task.refresh_from_db()
    services.service_in_person_record(task=task, outcome="left", photo=JPEG, latitude=31.3, longitude=120.6,
                                      accuracy=8, witness="居委会 张主任", actor=w.clerk)  # fmt: skip
    task.refresh_from_db()
    evidence = task.served_attempt.evidence
    name, sha = evidence["photo_storage_name"], hashlib.sha256(JPEG).hexdigest()
    assert name == f"blobs/{sha[:2]}/{sha[2:4]}/{sha}.jpg" and evidence["photo_sha256"] == sha
    assert blob_referenced_by(name=name, sha256=sha) == "service.ServiceAttempt.evidence__photo_storage_name"
    assert BlobReference("service.ServiceAttempt", "evidence__photo_storage_name").refers(name=name, sha256=sha)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time anyway")
def test_the_sweeper_waits_for_a_writer_storing_the_same_bytes_and_keeps_them() -> None:
    """Yesterday's orphan is being stored again by a transaction that has not committed yet: the sweeper's lock
    (inserting the blob's row) waits for that writer, sees the committed row, and keeps the bytes."""
    content = b"%PDF-1.7 stored again while the sweep runs"
    with time_machine.travel(T0, tick=False):
        name = _orphan(content)
    stored, release = threading.Event(), threading.Event()
    reports: list[object] = []

    def writer() -> None:
        try:
            with transaction.atomic():
                blob_store(content=content, ext="pdf")
                stored.set()
                release.wait(30)
        finally:
            connections.close_all()

    def sweeper() -> None:
        try:
            reports.append(blobs_sweep(now=T0 + timedelta(hours=25)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer), threading.Thread(target=sweeper)]
    threads[0].start()
    assert stored.wait(30)
    threads[1].start()
    for _ in range(3000):  # until the sweeper waits on the writer's row lock, or has finished without waiting
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] or not threads[1].is_alive():
                break
        threading.Event().wait(0.01)
    release.set()
    for t in threads:
        t.join(30)
    [report] = reports
    assert report.deleted == [] and report.owned == 1  # type: ignore[attr-defined]
    assert blob_exists(name) and StoredBlob.objects.filter(name=name).exists()

"""Writes of the file intake: the sweeper of orphaned blobs (孤立文件清理).

A blob is orphaned when the transaction that stored it rolled back: its `StoredBlob` row went with the transaction,
its bytes stayed in storage. The sweeper reads the markers of new bytes (`store.WRITTEN`) older than the grace
period and settles each blob in a transaction of its own:

- it inserts the blob's `StoredBlob` row itself. That insert is the lock: if a committed row exists it fails (the
  blob is owned: keep it); if a writer's row is still uncommitted it waits for that writer (PostgreSQL waits on the
  unique index; SQLite lets one writer in at a time) — so a blob that `blob_store` has returned is never deleted;
- holding the row, it deletes the bytes only if no model refers to them (`references.blob_referenced_by`);
  a blob that something refers to keeps the row (adopted);
- then the marker goes. A crash anywhere leaves the marker, and the next run settles the blob again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from smartcourt.core.actors import SYSTEM
from smartcourt.core.services import AuditAction, audit_record

from .limits import sweep_grace
from .models import StoredBlob
from .references import blob_referenced_by
from .store import written_buckets, written_markers

logger = logging.getLogger(__name__)
OWNED, ADOPTED, DELETED, MISSING = "owned", "adopted", "deleted", "missing"


@dataclass
class SweepReport:
    dry_run: bool
    deleted: list[str] = field(default_factory=list)  # orphans removed (or, in a dry run, that would be)
    adopted: list[str] = field(default_factory=list)  # unowned but referenced: kept, and now owned
    owned: int = 0  # new bytes a committed transaction owns
    missing: int = 0  # markers whose bytes are gone (never written, or swept before)
    waiting: int = 0  # markers still inside the grace period, not looked at
    failed: list[str] = field(default_factory=list)  # storage errors: the marker stays for the next run


def blobs_sweep(*, dry_run: bool = False, now: datetime | None = None, grace: timedelta | None = None) -> SweepReport:
    """Delete blobs written more than `grace` (INTAKE_SWEEP_GRACE_HOURS, 24 h) ago that no committed transaction
    owns and no row refers to; `dry_run` only reports. One transaction per blob; one audit row per run that
    deleted or adopted anything."""
    now = now or timezone.now()
    cutoff = now - (grace if grace is not None else sweep_grace())
    report = SweepReport(dry_run=dry_run)
    for start, bucket in written_buckets():
        markers = written_markers(bucket)
        if start + timedelta(hours=1) > cutoff:  # some of this hour's writes are younger than the grace period
            report.waiting += len(markers)
            continue
        for marker, name in markers:
            try:
                outcome = _settle_dry(name) if dry_run else _settle(name)
                if not dry_run:
                    default_storage.delete(marker)
            except Exception:
                logger.exception("blob %s could not be settled; the next sweep tries again", name)
                report.failed.append(name)
                continue
            if outcome == DELETED:
                report.deleted.append(name)
            elif outcome == ADOPTED:
                report.adopted.append(name)
            elif outcome == OWNED:
                report.owned += 1
            else:
                report.missing += 1
        if not dry_run:
            _folder_remove(bucket)
    if not dry_run and (report.deleted or report.adopted):
        audit_record(
            actor=SYSTEM,
            action=AuditAction.INTAKE_SWEEP,
            extra={
                "deleted": len(report.deleted),
                "adopted": len(report.adopted),
                "names": (report.deleted + report.adopted)[:50],
            },
        )
    logger.info(
        "intake sweep%s: %d deleted, %d adopted, %d owned, %d missing, %d waiting, %d failed",
        " (dry run)" if dry_run else "", len(report.deleted), len(report.adopted), report.owned, report.missing,
        report.waiting, len(report.failed),
    )  # fmt: skip
    return report


def _sha(name: str) -> str:
    return name.rsplit("/", 1)[-1].partition(".")[0]


@transaction.atomic
def _settle(name: str) -> str:
    """Decide about one blob while holding its StoredBlob row (see the module docstring)."""
    try:
        with transaction.atomic():
            lock = StoredBlob.objects.create(name=name, sha256=_sha(name), size=0)
    except IntegrityError:
        return OWNED
    if not default_storage.exists(name):
        lock.delete()
        return MISSING
    if blob_referenced_by(name=name, sha256=lock.sha256):
        lock.size = default_storage.size(name)
        lock.save(update_fields=["size", "updated_at"])
        return ADOPTED
    default_storage.delete(name)
    lock.delete()
    return DELETED


def _settle_dry(name: str) -> str:
    if StoredBlob.objects.filter(name=name).exists():
        return OWNED
    if not default_storage.exists(name):
        return MISSING
    return ADOPTED if blob_referenced_by(name=name, sha256=_sha(name)) else DELETED


def _folder_remove(folder: str) -> None:
    """An hour's marker folder once empty (a filesystem keeps empty folders; an object store has none)."""
    try:
        if not any(default_storage.listdir(folder)):
            default_storage.delete(folder)
    except OSError:
        logger.warning("marker folder %s could not be removed", folder)

"""The one content-addressed store: `blobs/<aa>/<bb>/<sha256>.<ext>` in Django's default storage (FILE_STORAGE:
the filesystem, or S3 through django-storages), write-once, the same bytes stored once whoever stores them.

`blob_store` runs in the caller's transaction and writes, in this order:
1. a `StoredBlob` row (INSERT … ON CONFLICT DO NOTHING): the owner's mark, committed or rolled back with the caller;
2. a marker `blobs/_written/<UTC hour>/<sha256>.<ext>`, only when the bytes are new to the storage, so the sweeper
   finds recent writes without listing the whole store;
3. the bytes themselves.
A transaction that rolls back after step 3 leaves bytes without a row; `services.blobs_sweep` deletes them once
the grace period has passed and nothing refers to them (docs/decisions/0009-file-intake.md).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone

from .models import StoredBlob

logger = logging.getLogger(__name__)
PREFIX = "blobs"
WRITTEN = f"{PREFIX}/_written"  # markers of new bytes, one folder per UTC hour
BUCKET_FORMAT = "%Y%m%d%H"
_EXT = re.compile(r"[a-z0-9]{1,8}")
_SHA = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Blob:
    name: str  # the storage name, kept by the row that refers to the bytes
    sha256: str
    size: int


def blob_name(sha256: str, ext: str) -> str:
    return f"{PREFIX}/{sha256[:2]}/{sha256[2:4]}/{sha256}.{ext}"


def blob_store(*, content: bytes, ext: str) -> Blob:
    """Store `content` under its SHA-256 unless the same bytes are there already; the owner's row joins the
    caller's transaction. `ext` is the sniffed kind's extension (`sniff.EXTENSIONS`)."""
    if not _EXT.fullmatch(ext):
        raise ValueError(f"blob extension must be 1–8 lowercase letters or digits, not {ext!r}")
    sha = hashlib.sha256(content).hexdigest()
    name = blob_name(sha, ext)
    blob = Blob(name, sha, len(content))
    # The row before the bytes: a sweeper deciding about this name waits on it (see services.blobs_sweep).
    StoredBlob.objects.bulk_create([StoredBlob(name=name, sha256=sha, size=len(content))], ignore_conflicts=True)
    if default_storage.exists(name):
        if default_storage.size(name) == len(content):
            return blob
        # Shorter or longer than its bytes: a writer died mid-file (the filesystem writes in place). Replace it.
        logger.warning(
            "blob %s holds %d bytes instead of %d: rewritten", name, default_storage.size(name), len(content)
        )
        default_storage.delete(name)
    _mark_written(sha, ext)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # a racing writer stored the same bytes first: keep one copy
        default_storage.delete(saved)
    return blob


def blob_open(name: str, mode: str = "rb") -> IO[bytes]:
    """A stored file by its storage name (any name a row keeps, including those written before this store)."""
    return default_storage.open(name, mode)


def blob_read(name: str) -> bytes:
    with blob_open(name) as fh:
        return fh.read()


def blob_exists(name: str) -> bool:
    return bool(name) and default_storage.exists(name)


# --- markers of new bytes (read by the sweeper) -------------------------------------------------------------------


def _mark_written(sha: str, ext: str, now: datetime | None = None) -> None:
    bucket = (now or timezone.now()).astimezone(UTC).strftime(BUCKET_FORMAT)
    marker = f"{WRITTEN}/{bucket}/{sha}.{ext}"
    if default_storage.exists(marker):
        return
    saved = default_storage.save(marker, ContentFile(b""))
    if saved != marker:
        default_storage.delete(saved)


def written_buckets() -> list[tuple[datetime, str]]:
    """The hour folders of markers, oldest first: (start of the hour in UTC, folder name)."""
    try:
        folders, _files = default_storage.listdir(WRITTEN)
    except FileNotFoundError:  # the filesystem before the first write (an object store lists nothing instead)
        return []
    out = []
    for folder in folders:
        try:
            out.append((datetime.strptime(folder, BUCKET_FORMAT).replace(tzinfo=UTC), f"{WRITTEN}/{folder}"))
        except ValueError:
            logger.warning("unexpected folder %s/%s left alone", WRITTEN, folder)
    return sorted(out)


def written_markers(bucket: str) -> list[tuple[str, str]]:
    """(marker name, blob name) for every marker in an hour folder."""
    _folders, files = default_storage.listdir(bucket)
    out = []
    for file in sorted(files):
        stem, _, ext = file.partition(".")
        if _SHA.fullmatch(stem) and _EXT.fullmatch(ext):
            out.append((f"{bucket}/{file}", blob_name(stem, ext)))
    return out


# --- the whole storage, for backup and restore (smartcourt.ops, ADR 0028) -----------------------------------------


def stored_names(folder: str = "") -> Iterator[str]:
    """Every file name in the storage (blobs, markers and files of older FileFields), depth first and sorted."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # the filesystem before the first file (an object store lists nothing instead)
        return
    prefix = f"{folder}/" if folder else ""
    for file in sorted(files):
        yield f"{prefix}{file}"
    for sub in sorted(folders):
        yield from stored_names(f"{prefix}{sub}")


def storage_folder() -> Path | None:
    """The storage's root folder when it is the filesystem (MEDIA_ROOT), None for an object store."""
    if isinstance(default_storage, FileSystemStorage):  # default_storage is a lazy proxy: isinstance sees through it
        return Path(default_storage.location)
    return None


def stored_file_put(name: str, fh: IO[bytes]) -> None:
    """Write a file under exactly `name` (a restore into an empty storage); refuses a name already taken."""
    saved = default_storage.save(name, File(fh))
    if saved != name:
        default_storage.delete(saved)
        raise FileExistsError(name)


def stored_file_delete(name: str) -> None:
    default_storage.delete(name)

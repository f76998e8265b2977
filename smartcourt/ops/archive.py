"""The backup's on-disk shape, shared by `backup` and `restore` (ADR 0028).

    DEST/
      manifest.json     what the backup holds: the database dump, every stored file (name, SHA-256, size), the ledger
                        checkpoint (tree size and root) and the row count of every table, all as of one snapshot
      manifest.sha256   the SHA-256 of manifest.json, in `sha256sum` format (`cd DEST && sha256sum -c manifest.sha256`)
      database.pgdump   PostgreSQL: `pg_dump --format=custom` of that snapshot
      database.sqlite3  SQLite: a copy made with SQLite's online backup API, of that snapshot
      media/<name>      every file of the file storage, under its storage name

The manifest names the hash of the dump and of every file, and manifest.sha256 the hash of the manifest, so one
line checks the whole backup. A backup is written to a hidden sibling folder and renamed into place when complete:
a folder called DEST is never half a backup.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection

FORMAT = "smartcourt-backup/v1"
MANIFEST = "manifest.json"
MANIFEST_HASH = "manifest.sha256"
MEDIA = "media"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A refusal or failure of backup/restore; the message is Chinese and says what to do."""


def sha256_stream(fh: IO[bytes], *, copy_to: IO[bytes] | None = None) -> tuple[str, int]:
    """SHA-256 and size of a stream read to its end, optionally copied to `copy_to` on the way."""
    digest, size = hashlib.sha256(), 0
    while chunk := fh.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest(), size


def sha256_file(path: Path) -> tuple[str, int]:
    with path.open("rb") as fh:
        return sha256_stream(fh)


def fsync_path(path: Path) -> None:
    """Flush a file or folder to disk, so a backup reported complete survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def manifest_write(folder: Path, manifest: dict[str, Any]) -> str:
    """Write manifest.json and its hash file; returns the manifest's SHA-256."""
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n"
    (folder / MANIFEST).write_bytes(text)
    digest = hashlib.sha256(text).hexdigest()
    (folder / MANIFEST_HASH).write_text(f"{digest}  {MANIFEST}\n")
    for name in (MANIFEST, MANIFEST_HASH):
        fsync_path(folder / name)
    return digest


def manifest_read(folder: Path) -> tuple[dict[str, Any], str]:
    """The manifest of the backup in `folder` and its hash, after checking it against manifest.sha256."""
    if not (folder / MANIFEST).is_file() or not (folder / MANIFEST_HASH).is_file():
        raise BackupError(f"{folder} 不是完整的备份：缺少 {MANIFEST} 或 {MANIFEST_HASH}。")
    text = (folder / MANIFEST).read_bytes()
    expected = (
        (folder / MANIFEST_HASH).read_text().split(maxsplit=1)[0] if (folder / MANIFEST_HASH).stat().st_size else ""
    )
    digest = hashlib.sha256(text).hexdigest()
    if digest != expected:
        raise BackupError(f"备份清单 {MANIFEST} 的SHA-256与 {MANIFEST_HASH} 不符：备份已损坏或被改动，不予恢复。")
    manifest = json.loads(text)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不认识的备份格式“{manifest.get('format')}”（本程序读取 {FORMAT}）。")
    return manifest, digest


@dataclass(frozen=True)
class StoredFile:
    name: str
    sha256: str
    size: int


def media_path(folder: Path, name: str) -> Path:
    """Where a stored file sits inside the backup; refuses a name that would leave the media folder."""
    root = (folder / MEDIA).resolve()
    path = (root / name).resolve()
    if root not in path.parents:
        raise BackupError(f"备份清单中的文件名“{name}”不合法（越出 media 目录），不予恢复。")
    return path


def database_label() -> str:
    """The configured database, for messages: its engine and name (never its password)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {s['NAME']}"
    return f"PostgreSQL {s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}/{s['NAME']}"


def pg_environment() -> dict[str, str]:
    """libpq variables for pg_dump / pg_restore, from the Django database settings (the password never goes on the
    command line, where `ps` would show it)."""
    s = connection.settings_dict
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):  # fmt: skip
        if s.get(key):
            env[var] = str(s[key])
    options = s.get("OPTIONS") or {}
    for key, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                     ("sslkey", "PGSSLKEY")):  # fmt: skip
        if options.get(key):
            env[var] = str(options[key])
    return env


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)

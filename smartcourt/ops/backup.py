"""`manage.py backup DEST`: the database, every stored file and a ledger checkpoint, as of one moment (ADR 0028).

One snapshot for everything the manifest says about the database:
- PostgreSQL: a REPEATABLE READ, READ ONLY transaction exports its snapshot (`pg_export_snapshot()`); the ledger
  checkpoint and the row counts are read in that transaction and `pg_dump --snapshot` dumps that same snapshot, while
  the site keeps writing.
- SQLite: a read transaction (BEGIN DEFERRED; WAL mode lets writers go on) on Django's own connection; the checkpoint
  and the counts are read in it and SQLite's online backup API copies the database from that same connection, so the
  same snapshot.
Then the file storage is copied. Stored files are write-once and never deleted while a row refers to them (the
intake sweeper deletes only what no row names), so every file the snapshot refers to is there when we copy; a file
written after the snapshot is copied too and is, for the restored database, an orphan the sweeper removes.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from smartcourt.core.intake.store import blob_open, stored_names
from smartcourt.ledger import selectors as ledger_selectors

from .archive import (
    DUMP_NAMES,
    FORMAT,
    MEDIA,
    BackupError,
    database_label,
    fsync_path,
    manifest_write,
    pg_environment,
    sha256_file,
    sha256_stream,
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BackupReport:
    path: Path
    manifest_sha256: str
    manifest: dict[str, Any]


def table_counts() -> dict[str, int]:
    """Rows of every table Django manages (many-to-many tables included), keyed by model label."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            counts[meta.label] = model._base_manager.count()
    return dict(sorted(counts.items()))


def ledger_checkpoint() -> dict[str, Any]:
    """The ledger's size and root (RFC 9162 MTH) through the ledger's public selectors."""
    size = ledger_selectors.tree_size()
    return {"tree_size": size, "root": ledger_selectors.root_at(size).hex()}


def _snapshot_facts() -> dict[str, Any]:
    return {"ledger": ledger_checkpoint(), "counts": table_counts()}


@contextmanager
def _postgresql_snapshot() -> Iterator[tuple[str, dict[str, Any]]]:
    """(exported snapshot id, facts read in it); the snapshot lives until the block ends."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        yield snapshot, _snapshot_facts()


def _dump_postgresql(target: Path, progress: Progress) -> dict[str, Any]:
    if shutil.which("pg_dump") is None:
        raise BackupError("找不到 pg_dump：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。")
    with _postgresql_snapshot() as (snapshot, facts):
        progress(f"账本检查点：{facts['ledger']['tree_size']} 条，根 {facts['ledger']['root'][:16]}…")
        proc = subprocess.run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            env=pg_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode != 0:
        raise BackupError(f"pg_dump 失败（退出码 {proc.returncode}）：{proc.stderr.strip()[-800:]}")
    return facts


def _dump_sqlite(target: Path, progress: Progress) -> dict[str, Any]:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("备份不能在事务中运行。")
    raw = connection.connection
    cursor = raw.cursor()
    cursor.execute("BEGIN DEFERRED")  # Django keeps sqlite3 in autocommit: this read transaction is ours alone
    try:
        facts = _snapshot_facts()  # the first read fixes the snapshot (WAL): the copy below sees the same one
        progress(f"账本检查点：{facts['ledger']['tree_size']} 条，根 {facts['ledger']['root'][:16]}…")
        copy = sqlite3.connect(target)
        try:
            raw.backup(copy)  # one step: the whole database, inside our read transaction
            # A self-contained file (no -wal/-shm beside it, readable from read-only media); restore turns WAL on.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        cursor.execute("ROLLBACK")
    return facts


def _copy_media(folder: Path, progress: Progress) -> list[dict[str, Any]]:
    files = []
    for name in stored_names():
        path = folder / MEDIA / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with blob_open(name) as src, path.open("wb") as dst:
            sha, size = sha256_stream(src, copy_to=dst)
            dst.flush()
            os.fsync(dst.fileno())
        files.append({"name": name, "sha256": sha, "size": size})
        if len(files) % 1000 == 0:
            progress(f"已复制 {len(files)} 个文件…")
    return files


def backup_create(dest: Path, *, progress: Progress = lambda line: None) -> BackupReport:
    """Write a complete backup to the new folder `dest` (refused if it exists and is not empty)."""
    dest = dest.absolute()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"备份目标 {dest} 已存在且不是空目录：请指定一个新目录，以免覆盖已有备份。")
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"不支持备份 {vendor} 数据库（支持 PostgreSQL 与 SQLite）。")
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = dest.parent / f".{dest.name}.partial-{os.getpid()}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(mode=0o700)  # the backup holds personal data and account secrets: the operator's eyes only
    try:
        started = timezone.now()
        dump = work / DUMP_NAMES[vendor]
        progress(f"导出数据库（{database_label()}）…")
        facts = (_dump_postgresql if vendor == "postgresql" else _dump_sqlite)(dump, progress)
        dump_sha, dump_size = sha256_file(dump)
        progress(f"数据库已导出：{dump_size} 字节")
        progress("复制存储的文件…")
        files = _copy_media(work, progress)
        progress(f"文件已复制：{len(files)} 个，共 {sum(f['size'] for f in files)} 字节")
        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(),
            "database": {"engine": vendor, "file": dump.name, "sha256": dump_sha, "size": dump_size},
            "ledger": facts["ledger"],
            "counts": facts["counts"],
            "files": files,
        }
        digest = manifest_write(work, manifest)
        fsync_path(work)
        if dest.exists():
            dest.rmdir()  # the empty folder the operator made for it
        work.rename(dest)
        fsync_path(dest.parent)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BackupReport(path=dest, manifest_sha256=digest, manifest=manifest)

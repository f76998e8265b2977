"""`manage.py restore SRC`: a backup into an EMPTY database and an empty file storage, all or nothing (ADR 0028).

1. Check before touching anything: the manifest against manifest.sha256, the dump against the manifest, the
   engine against the configured database; the database must have no table and the file storage no file.
2. Files first, into a hidden sibling of MEDIA_ROOT (an object store: straight into the bucket), each re-hashed
   against the manifest as it is copied.
3. The database: `pg_restore --single-transaction --exit-on-error` (a failure leaves the database empty); SQLite: the
   online backup API into a new file beside the target, checked, then renamed over it.
4. Verify the restored database against the manifest: the ledger's size and root (ledger selectors) and the row
   count of every table. A mismatch empties the database again and removes the staged files.
5. Only then the staged files are renamed into MEDIA_ROOT, and the ledger auditor re-verifies the whole log and
   every anchored file (`--no-audit` skips it).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection

from smartcourt.core.intake.store import storage_folder, stored_file_delete, stored_file_put, stored_names

from .archive import (
    BackupError,
    database_label,
    manifest_read,
    media_path,
    pg_environment,
    sha256_file,
    sha256_stream,
)
from .backup import ledger_checkpoint

Progress = Callable[[str], None]


@dataclass
class RestoreReport:
    manifest_sha256: str
    ledger: dict[str, Any]
    files: int
    bytes: int
    counts: dict[str, int]
    audit_problems: list[tuple[str, str, str]] = field(default_factory=list)
    audited: bool = False


def _refuse_non_empty_database() -> None:
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as exc:
        raise BackupError(
            f"无法连接目标数据库（{database_label()}）：{exc}。请先创建一个空数据库"
            "（PostgreSQL：createdb 库名；SQLite：DATABASE_URL 指向一个尚不存在的文件）后重试。"
        ) from exc
    if tables:
        shown = "、".join(sorted(tables)[:5])
        raise BackupError(
            f"目标数据库不是空库（{database_label()} 已有 {len(tables)} 张表，如 {shown}）：恢复只写入空数据库，"
            "不会覆盖或合并现有数据。请新建一个空数据库（PostgreSQL：createdb 新库名；SQLite：指向一个尚不存在的"
            "文件），将 DATABASE_URL 指向它后重试。"
        )


def _refuse_non_empty_storage() -> None:
    first = next(stored_names(), None)
    if first is not None:
        where = storage_folder() or "文件存储"
        raise BackupError(
            f"目标文件目录不是空的（{where} 中已有文件，如 {first}）：恢复只写入空的文件目录。"
            "请将 MEDIA_ROOT 指向一个空目录（或新的存储桶）后重试。"
        )


# --- files -----------------------------------------------------------------------------------------------------


class _Staging:
    """Where restored files wait until the database is verified: a sibling folder of MEDIA_ROOT renamed into place
    (the filesystem), or the storage itself, emptied again on failure (an object store)."""

    def __init__(self) -> None:
        folder = storage_folder()
        self.local = folder is not None
        self.written: list[str] = []
        if folder is not None:
            root = folder.absolute()
            self.root = root
            self.folder = root.parent / f".{root.name}.restoring-{os.getpid()}"
            if self.folder.exists():
                shutil.rmtree(self.folder)
            self.folder.mkdir(parents=True)

    def put(self, src: Path, name: str, sha256: str, size: int) -> None:
        with src.open("rb") as fh:
            if self.local:
                target = self.folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    got, got_size = sha256_stream(fh, copy_to=out)
                    out.flush()
                    os.fsync(out.fileno())
            else:
                got, got_size = sha256_stream(fh)
                if (got, got_size) == (sha256, size):
                    fh.seek(0)
                    try:
                        stored_file_put(name, fh)
                    except FileExistsError:
                        raise BackupError(f"文件存储中已有 {name}：目标存储不是空的。") from None
                    self.written.append(name)
        if (got, got_size) != (sha256, size):
            raise BackupError(f"备份中的文件 {name} 与清单不符（SHA-256 或大小不同）：备份已损坏，未做任何恢复。")

    def commit(self) -> None:
        if not self.local:
            return
        if self.root.exists():
            self.root.rmdir()  # empty (checked): the staged folder takes its place
        self.folder.rename(self.root)

    def discard(self) -> None:
        if self.local:
            shutil.rmtree(self.folder, ignore_errors=True)
            return
        for name in self.written:
            try:
                stored_file_delete(name)
            except Exception:  # best effort: say which file is left
                raise BackupError(f"无法删除已写入的文件 {name}，请手工清理文件存储。") from None


# --- database --------------------------------------------------------------------------------------------------


def _restore_postgresql(dump: Path) -> None:
    if shutil.which("pg_restore") is None:
        raise BackupError("找不到 pg_restore：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。")
    connection.close()
    proc = subprocess.run(
        ["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl",
         f"--dbname={connection.settings_dict['NAME']}", str(dump)],
        env=pg_environment(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise BackupError(f"pg_restore 失败（退出码 {proc.returncode}），数据库未写入：{proc.stderr.strip()[-800:]}")


def _restore_sqlite(dump: Path) -> None:
    target = Path(connection.settings_dict["NAME"]).absolute()
    connection.close()
    staged = target.parent / f".{target.name}.restoring-{os.getpid()}"
    staged.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{dump}?mode=ro&immutable=1", uri=True)  # writes nothing beside the backup
    try:
        dst = sqlite3.connect(staged)
        try:
            src.backup(dst)
            if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("备份中的 SQLite 数据库未通过完整性检查（quick_check），未做任何恢复。")
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    for suffix in ("-wal", "-shm"):  # the empty database's own journal must not be replayed onto the copy
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    staged.rename(target)


def _empty_database_again() -> None:
    """Undo a restore that failed its verification: the database was empty before, so it is emptied again."""
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public AUTHORIZATION pg_database_owner")
        cursor.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")


def _counts_compare(expected: dict[str, int]) -> tuple[dict[str, int], list[str]]:
    got, problems = {}, []
    for label, count in expected.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # a model this version of the code no longer has: nothing to compare against
        try:
            got[label] = model._base_manager.count()
        except DatabaseError as exc:
            problems.append(f"{label}：无法读取（{exc}）")
            continue
        if got[label] != count:
            problems.append(f"{label}：恢复后 {got[label]} 行，备份时 {count} 行")
    return got, problems


# --- the whole restore -------------------------------------------------------------------------------------------


def backup_restore(src: Path, *, audit: bool = True, progress: Progress = lambda line: None) -> RestoreReport:
    """Restore the backup in `src` into the configured (empty) database and (empty) file storage."""
    src = src.absolute()
    manifest, digest = manifest_read(src)
    database = manifest["database"]
    if database["engine"] != connection.vendor:
        raise BackupError(
            f"这是 {database['engine']} 数据库的备份，当前配置的是 {connection.vendor}（{database_label()}）："
            "请将 DATABASE_URL 指向同类数据库。"
        )
    _refuse_non_empty_database()
    _refuse_non_empty_storage()
    dump = src / database["file"]
    progress(f"校验备份（清单 SHA-256 {digest[:16]}…）…")
    if not dump.is_file() or sha256_file(dump) != (database["sha256"], database["size"]):
        raise BackupError(f"备份中的数据库文件 {database['file']} 缺失或与清单不符：备份已损坏，未做任何恢复。")
    files = manifest["files"]
    staging = _Staging()
    restored_db = False
    try:
        progress(f"恢复文件：{len(files)} 个…")
        for entry in files:
            staging.put(media_path(src, entry["name"]), entry["name"], entry["sha256"], entry["size"])
        progress(f"恢复数据库（{database_label()}）…")
        (_restore_postgresql if connection.vendor == "postgresql" else _restore_sqlite)(dump)
        restored_db = True
        progress("核对账本检查点与各表行数…")
        ledger = ledger_checkpoint()
        counts, problems = _counts_compare(manifest["counts"])
        if ledger != manifest["ledger"]:
            problems.insert(0, f"账本：恢复后 {ledger}，备份时 {manifest['ledger']}")
        if problems:
            raise BackupError("恢复后的数据库与备份清单不符，已撤销本次恢复：" + "；".join(problems[:10]))
        staging.commit()
        # Nothing cached from the database this replaced may answer for it: sessions, signed-in people (keyed by ids
        # the restored rows reuse), shared figures.
        from django.core.cache import cache

        cache.clear()
    except BaseException:
        staging.discard()
        if restored_db:
            _empty_database_again()
        raise
    report = RestoreReport(
        manifest_sha256=digest, ledger=ledger, files=len(files), bytes=sum(f["size"] for f in files), counts=counts
    )
    if audit:
        from smartcourt.ledger.audit import ledger_audit

        progress("账本审计：重新校验全部存证记录与存证文件…")
        # The whole log, not only what follows the last audit mark (ADR 0026): a restored copy is checked end to end.
        result = ledger_audit(files=True, full=True)
        report.audited, report.audit_problems = True, list(result.problems)
    return report

"""Backup and restore (issue 15 item 7, ADR 0028): a seeded court — cases, dossier files, ledger entries with a
checkpoint — is backed up, then restored by a separate process into an EMPTY database and an empty media folder;
the ledger root and size, every stored file's hash and the case count are identical, and the auditor finds
nothing. A restore into a database that holds tables is refused in Chinese; a damaged backup restores nothing.
Runs on whichever database the suite runs on (SQLite or PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.intake.models import StoredBlob
from smartcourt.ledger import selectors as ledger_selectors
from smartcourt.ledger.audit import ledger_audit
from tests.conftest import _isolated

ROOT = Path(settings.BASE_DIR)
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# What the restored installation reports about itself, through the same public functions as the test's side.
PROBE = """
import hashlib, json, os
from django.conf import settings
from smartcourt.cases.models import Case
from smartcourt.core.intake.models import StoredBlob
from smartcourt.ledger import selectors
size = selectors.tree_size()
print(json.dumps({
    "size": size, "root": selectors.root_at(size).hex(), "cases": Case.objects.count(),
    "blobs": sorted(StoredBlob.objects.values_list("name", "sha256")),
}))
"""


def _files(root: Path) -> dict[str, str]:
    """SHA-256 of every file under a media folder, by storage name."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def court(tmp_path) -> Iterator[dict]:  # type: ignore[type-arg]
    """A committed world (tests/world.py: dossier document, ledger with a checkpoint, filings) plus more cases."""
    from tests.world import build_world

    with _isolated(tmp_path):
        world = build_world()
        for i in range(5):
            make_case(court=world.court, division=world.division, plaintiff=f"原告{i}")
        yield {"world": world, "media": tmp_path / "media", "key": tmp_path / "ledger-signing.key"}


@pytest.fixture
def empty_database(tmp_path) -> Iterator[str]:
    """The DATABASE_URL of a new, empty database of the suite's engine (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    s = connection.settings_dict
    name = f"{s['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        yield f"postgres://{s['USER'] or 'postgres'}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(*args: str, database_url: str, media: Path, key: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartcourt.settings.test",
        "DATABASE_URL": database_url,
        "TEST_DB_NAME": "",
        "MEDIA_ROOT": str(media),
        "LEDGER_KEY_FILE": str(key),
        "LEDGER_ORIGIN": "test.court.example/ledger",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_a_restored_backup_has_the_same_ledger_files_and_cases(court, empty_database, tmp_path) -> None:
    size = ledger_selectors.tree_size()
    before = {
        "size": size,
        "root": ledger_selectors.root_at(size).hex(),
        "cases": Case.objects.count(),
        "blobs": sorted(map(list, StoredBlob.objects.values_list("name", "sha256"))),
    }
    files_before = _files(court["media"])
    assert size >= 3 and before["cases"] >= 6 and before["blobs"], "the seed has ledger entries, cases and files"
    assert ledger_audit(files=True).ok

    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["ledger"] == {"tree_size": before["size"], "root": before["root"]}
    assert manifest["counts"]["cases.Case"] == before["cases"]
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == files_before
    recorded = (backup / "manifest.sha256").read_text().split()[0]
    assert recorded == hashlib.sha256((backup / "manifest.json").read_bytes()).hexdigest()

    media = tmp_path / "restored-media"
    restored = _manage("restore", str(backup), database_url=empty_database, media=media, key=court["key"])
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "恢复完成并已核对" in restored.stdout

    probe = _manage("shell", "-c", PROBE, database_url=empty_database, media=media, key=court["key"])
    assert probe.returncode == 0, probe.stderr
    after = json.loads(probe.stdout.strip().splitlines()[-1])
    assert after == before  # ledger size and root, case count, every stored blob with its hash
    assert _files(media) == files_before  # every stored file, byte for byte
    audit = _manage("ledger_audit", database_url=empty_database, media=media, key=court["key"])
    assert audit.returncode == 0, audit.stdout + audit.stderr  # the auditor finds nothing

    # A second restore onto the now-filled database is refused, in Chinese, and changes nothing.
    again = _manage("restore", str(backup), database_url=empty_database, media=tmp_path / "m2", key=court["key"])
    assert again.returncode != 0 and "不是空库" in again.stderr, again.stderr
    assert not (tmp_path / "m2").exists()


def test_restore_refuses_a_database_that_is_not_empty(court, tmp_path) -> None:
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    cases = Case.objects.count()
    with pytest.raises(CommandError, match="目标数据库不是空库"):
        call_command("restore", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Case.objects.count() == cases


def test_a_damaged_backup_restores_nothing(court, empty_database, tmp_path) -> None:
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    manifest = json.loads((backup / "manifest.json").read_text())
    victim = backup / "media" / manifest["files"][-1]["name"]
    victim.write_bytes(victim.read_bytes() + b"tampered")  # the manifest is intact, one file is not
    media = tmp_path / "restored-media"
    result = _manage("restore", str(backup), database_url=empty_database, media=media, key=court["key"])
    assert result.returncode != 0 and "与清单不符" in result.stderr, result.stdout + result.stderr
    tables = _manage(
        "shell", "-c", "from django.db import connection; print(len(connection.introspection.table_names()))",
        database_url=empty_database, media=media, key=court["key"],
    )  # fmt: skip
    assert tables.stdout.strip().splitlines()[-1] == "0"  # the database is still empty
    assert not media.exists() or not any(media.iterdir())  # and so is the media folder

    (backup / "manifest.json").write_text((backup / "manifest.json").read_text().replace('"tree_size"', '"tree_size" '))
    with pytest.raises(CommandError, match=r"manifest\.sha256"):
        call_command("restore", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_backup_refuses_a_folder_that_holds_something(court, tmp_path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("x")
    with pytest.raises(CommandError, match="已存在且不是空目录"):
        call_command("backup", str(tmp_path / "old"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (tmp_path / "old" / "keep.txt").read_text() == "x"

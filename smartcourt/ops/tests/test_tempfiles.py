"""The sweep of upload temp files: what a killed web worker left is deleted once older than the age limit; what a
running request is writing stays; the sweep is a schedule of the jobs app."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from smartcourt.core.intake.scan import scan_bytes
from smartcourt.jobs.scheduler import schedules_all
from smartcourt.ops.tasks import upload_temp_sweep_task
from smartcourt.ops.tempfiles import upload_temp_sweep


def _aged(path, hours: float) -> None:
    past = time.time() - hours * 3600
    os.utime(path, (past, past))


def test_files_older_than_the_limit_are_deleted_younger_ones_kept(tmp_path) -> None:
    folder = tmp_path / "uploads"
    (folder / "sub").mkdir(parents=True)
    left = folder / "tmpab12.upload.pdf"  # Django's spooled upload of a killed worker
    scan = folder / "sub" / "intake-scan-xyz"
    running = folder / "tmpcd34.upload.jpg"  # a request still writing
    for path in (left, scan, running):
        path.write_bytes(b"x" * 10)
    _aged(left, 7)
    _aged(scan, 30)
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(folder), UPLOAD_TEMP_MAX_AGE_HOURS=6):
        report = upload_temp_sweep()
    assert sorted(report.deleted) == ["sub/intake-scan-xyz", "tmpab12.upload.pdf"]
    assert report.kept == 1 and running.exists() and (folder / "sub").is_dir()
    assert not left.exists() and not scan.exists()


def test_nothing_is_swept_when_django_uses_the_system_temp_folder(tmp_path) -> None:
    with override_settings(FILE_UPLOAD_TEMP_DIR=None):
        report = upload_temp_sweep(now=timezone.now() + timedelta(days=365))
    assert report.deleted == [] and report.kept == 0


def test_the_virus_scan_copy_is_made_in_the_swept_folder(tmp_path, settings) -> None:
    seen = []
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.INTAKE_VIRUS_SCANNER = "smartcourt.ops.tests.test_tempfiles.recording_scanner"
    recording_scanner.seen = seen  # type: ignore[attr-defined]
    scan_bytes(b"%PDF-1.4")
    assert seen and os.path.dirname(seen[0]) == str(tmp_path)
    assert not os.listdir(tmp_path)  # removed after the scan


def recording_scanner(path: str):  # type: ignore[no-untyped-def]
    from smartcourt.core.intake.scan import SKIPPED, ScanResult

    recording_scanner.seen.append(path)  # type: ignore[attr-defined]
    return ScanResult(SKIPPED, "test")


@pytest.mark.django_db
def test_the_sweep_is_an_hourly_schedule(tmp_path) -> None:
    found = {s.name: s for s in schedules_all()}
    assert found["ops.upload_temp_sweep"].every == timedelta(hours=1)
    old = tmp_path / "tmp1.upload"
    old.write_bytes(b"x")
    _aged(old, 24)
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        result = upload_temp_sweep_task.enqueue()
    assert result.return_value == 1 and not old.exists()

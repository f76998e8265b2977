"""The virus-scan hook: a pluggable scanner (INTAKE_VIRUS_SCANNER); infected files refused before storing."""

from __future__ import annotations

import pytest

from smartcourt.core.intake import scan
from smartcourt.core.intake.errors import FileInfected


def test_without_clamav_the_scan_is_skipped_with_a_note(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.INTAKE_VIRUS_SCANNER = scan.DEFAULT_SCANNER
    monkeypatch.setattr(scan.shutil, "which", lambda name: None)
    result = scan.scan_or_refuse(content=b"%PDF-1.7", filename="a.pdf")
    assert result.status == scan.SKIPPED and "未安装 ClamAV" in result.note


def test_the_configured_scanner_reads_the_bytes(settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTAKE_VIRUS_SCANNER = "smartcourt.core.tests.intake.conftest.clean_scanner"
    assert scan.scan_or_refuse(content=b"%PDF-1.7 content", filename="a.pdf").status == scan.CLEAN


def test_an_infected_file_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTAKE_VIRUS_SCANNER = "smartcourt.core.tests.intake.conftest.infected_scanner"
    with pytest.raises(FileInfected) as exc:
        scan.scan_or_refuse(content=b"X5O!P%@AP", filename="病毒.pdf")
    assert exc.value.code == "intake.infected" and "病毒.pdf" in str(exc.value.message)
    assert "Eicar-Test-Signature" in str(exc.value.message) and "已拒收" in str(exc.value.message)

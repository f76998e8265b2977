"""Intake test fixtures: a private media root per test, and scanners to plug in as INTAKE_VIRUS_SCANNER."""

from __future__ import annotations

import pytest

from smartcourt.core.intake.scan import INFECTED, ScanResult


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def infected_scanner(path: str) -> ScanResult:
    """A scanner that finds the EICAR test signature in every file."""
    return ScanResult(INFECTED, "Eicar-Test-Signature FOUND")


def clean_scanner(path: str) -> ScanResult:
    with open(path, "rb") as fh:
        assert fh.read()  # the scanner is given the file's bytes, not an empty copy
    return ScanResult("clean", "测试扫描器：未发现病毒。")

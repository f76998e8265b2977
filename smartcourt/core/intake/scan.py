"""The virus-scan hook (病毒扫描): every file is scanned before it is stored; an infected one is refused.

The scanner is a dotted path in settings.INTAKE_VIRUS_SCANNER to a callable taking a file path and returning a
ScanResult. The default asks ClamAV through `clamdscan` when the machine has it; without it the file is kept with
a recorded note (its type has been checked by content), so an installation without ClamAV still works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from .checks import shown_name
from .errors import FileInfected

CLEAN, INFECTED, SKIPPED = "clean", "infected", "skipped"  # the Evidence.Scan values
DEFAULT_SCANNER = "smartcourt.core.intake.scan.clamd_scan"


@dataclass(frozen=True)
class ScanResult:
    status: str  # clean / infected / skipped
    note: str


def clamd_scan(path: str) -> ScanResult:
    """ClamAV's verdict on the file at `path` (through the clamd daemon), or "skipped" with the reason."""
    binary = shutil.which("clamdscan")
    if binary is None:
        return ScanResult(SKIPPED, "本机未安装 ClamAV（clamdscan），未做病毒扫描；文件类型已按内容校验。")
    try:
        proc = subprocess.run(
            [binary, "--no-summary", "--fdpass", path], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return ScanResult(SKIPPED, f"病毒扫描未完成（{type(exc).__name__}），已记录。")
    if proc.returncode == 0:
        return ScanResult(CLEAN, "ClamAV 扫描未发现病毒。")
    if proc.returncode == 1:
        return ScanResult(INFECTED, (proc.stdout.strip() or "ClamAV 报告发现病毒")[:200])
    return ScanResult(SKIPPED, f"ClamAV 扫描出错：{(proc.stderr or proc.stdout).strip()[:150]}")


def scanner() -> Callable[[str], ScanResult]:
    return import_string(getattr(settings, "INTAKE_VIRUS_SCANNER", "") or DEFAULT_SCANNER)


def scan_bytes(content: bytes) -> ScanResult:
    """Scan `content` through a private temporary copy (scanners read files)."""
    fd, path = tempfile.mkstemp(prefix="intake-scan-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        return scanner()(path)
    finally:
        os.unlink(path)


def scan_or_refuse(*, content: bytes, filename: str) -> ScanResult:
    """The scan's result, or FileInfected (nothing stored) when the scanner finds a virus."""
    result = scan_bytes(content)
    if result.status == INFECTED:
        raise FileInfected(f"文件“{shown_name(filename)}”未通过病毒扫描（{result.note}），已拒收。")
    return result

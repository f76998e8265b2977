"""The virus-scan hook (病毒扫描): every file is scanned before it is stored; an infected one is refused.

The scanner is a dotted path in settings.INTAKE_VIRUS_SCANNER to a callable taking a file path and returning a
ScanResult. The default asks ClamAV through `clamdscan` when the machine has it; without it the file is kept with
a recorded note (its type has been checked by content), so an installation without ClamAV still works — but never
silently: where a scanner is expected (INTAKE_VIRUS_SCAN_REQUIRED, on in production) a missing one is a system check
warning (`intake.W001`, shown by `migrate`, `runserver` and `check`), a warning on /healthz and a banner on the
administrators' system status panel. A custom scanner may say whether it can scan with an `available()` attribute
returning (bool, reason).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
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
    return import_string(_scanner_path())


def _scanner_path() -> str:
    return getattr(settings, "INTAKE_VIRUS_SCANNER", "") or DEFAULT_SCANNER


@dataclass(frozen=True)
class ScannerStatus:
    available: bool
    note: str  # Chinese: what scans the files, or why nothing does


def scanner_status() -> ScannerStatus:
    """Can uploads be scanned here? ClamAV's `clamdscan` on the PATH for the default scanner; a custom scanner's own
    `available()` when it has one (otherwise it is taken as able to scan)."""
    path = _scanner_path()
    try:
        found = import_string(path)
    except ImportError as exc:
        return ScannerStatus(False, f"病毒扫描程序“{path}”无法加载（{exc}），上传的文件未做病毒扫描。")
    if path == DEFAULT_SCANNER:
        if shutil.which("clamdscan") is None:
            return ScannerStatus(
                False, "本机未安装 ClamAV（clamdscan），上传的文件未做病毒扫描（文件类型仍按内容校验）。"
            )
        return ScannerStatus(True, "ClamAV（clamdscan）")
    available = getattr(found, "available", None)
    if callable(available):
        ok, reason = available()
        return ScannerStatus(bool(ok), str(reason))
    return ScannerStatus(True, path)


def scanner_warning() -> str:
    """The deployment warning to show (Chinese), or "" when a scanner works or none is expected here."""
    if not getattr(settings, "INTAKE_VIRUS_SCAN_REQUIRED", False):
        return ""
    status = scanner_status()
    return "" if status.available else status.note


@checks.register(checks.Tags.security)
def virus_scanner_check(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """System check intake.W001: a deployment that expects a virus scanner (INTAKE_VIRUS_SCAN_REQUIRED) has none."""
    warning = scanner_warning()
    if not warning:
        return []
    return [
        checks.Warning(
            warning,
            hint="安装 ClamAV 并启动 clamd（clamdscan 可用），或在 INTAKE_VIRUS_SCANNER 中配置其他扫描程序；"
            "确无扫描条件时设置 INTAKE_VIRUS_SCAN_REQUIRED=False 明示接受。",
            id="intake.W001",
        )
    ]


def scan_bytes(content: bytes) -> ScanResult:
    """Scan `content` through a private temporary copy (scanners read files)."""
    # In the upload temp folder, whose left-overs (a worker killed mid-scan) the hourly sweep deletes (smartcourt.ops).
    folder = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    fd, path = tempfile.mkstemp(prefix="intake-scan-", dir=folder if folder and os.path.isdir(folder) else None)
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

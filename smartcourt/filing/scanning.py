"""Virus scanning hook: ClamAV through `clamdscan` when the machine has it; otherwise skipped with a recorded note."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class ScanResult:
    status: str  # clean / infected / skipped (Evidence.Scan values)
    note: str


def scan_file(path: str) -> ScanResult:
    binary = shutil.which("clamdscan")
    if binary is None:
        return ScanResult("skipped", "本机未安装 ClamAV（clamdscan），未做病毒扫描；文件类型已按内容校验。")
    try:
        proc = subprocess.run(
            [binary, "--no-summary", "--fdpass", path], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return ScanResult("skipped", f"病毒扫描未完成（{type(exc).__name__}），已记录。")
    if proc.returncode == 0:
        return ScanResult("clean", "ClamAV 扫描未发现病毒。")
    if proc.returncode == 1:
        return ScanResult("infected", (proc.stdout.strip() or "ClamAV 报告发现病毒")[:200])
    return ScanResult("skipped", f"ClamAV 扫描出错：{(proc.stderr or proc.stdout).strip()[:150]}")

"""The sweep of upload temp files (上传临时文件清理).

Django spools an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file in FILE_UPLOAD_TEMP_DIR and
deletes it when the request ends; the file intake's virus scan writes its private copy there too
(`core.intake.scan`). A web worker killed mid-request (kill -9, the OOM killer, a gunicorn timeout) runs no cleanup,
so its file stays. The folder holds nothing else, so whatever in it has not been written to for longer than any
request lives (UPLOAD_TEMP_MAX_AGE_HOURS, 6 h; a request is cut off after minutes) is left over: the hourly
`ops.upload_temp_sweep` schedule deletes it. A file still being written has a fresh modification time and stays.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def upload_temp_dir() -> Path | None:
    """The folder of upload temp files, or None when Django uses the system's (then nothing is swept: other
    programs' files live there too)."""
    configured = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    return Path(configured) if configured else None


def upload_temp_dir_ensure() -> None:
    """Create the folder at start-up: Django does not, and an upload into a missing folder is a 500."""
    folder = upload_temp_dir()
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            logger.warning("upload temp folder %s cannot be created: large uploads will fail", folder)


def max_age() -> timedelta:
    return timedelta(hours=float(getattr(settings, "UPLOAD_TEMP_MAX_AGE_HOURS", 6)))


@dataclass
class TempSweepReport:
    deleted: list[str] = field(default_factory=list)
    kept: int = 0  # younger than the age limit: maybe a request still running
    failed: list[str] = field(default_factory=list)


def upload_temp_sweep(*, now: datetime | None = None, older_than: timedelta | None = None) -> TempSweepReport:
    """Delete the files of FILE_UPLOAD_TEMP_DIR (and below) last written more than `older_than` ago."""
    report = TempSweepReport()
    folder = upload_temp_dir()
    if folder is None or not folder.is_dir():
        return report
    cutoff = ((now or timezone.now()) - (older_than if older_than is not None else max_age())).timestamp()
    for dirpath, _dirnames, filenames in os.walk(folder):
        for filename in filenames:
            path = Path(dirpath) / filename
            try:
                info = path.lstat()
                if info.st_mtime >= cutoff:
                    report.kept += 1
                    continue
                path.unlink()
            except FileNotFoundError:  # its request ended and removed it meanwhile
                continue
            except OSError:
                logger.exception("upload temp file %s could not be removed", path)
                report.failed.append(str(path))
                continue
            report.deleted.append(str(path.relative_to(folder)))
    if report.deleted:
        logger.warning("upload temp sweep: %d left-over files removed (killed web workers)", len(report.deleted))
    return report

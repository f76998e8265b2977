"""The intake's limits, from settings (each with its default); the pure checks take them as arguments.

The byte limit is each channel's own (online filing 50 MB, a dossier scan 200 MB, service of process 20 MB), so the
caller passes it; pages, pixels and unpacked archive size guard every channel alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class Limits:
    # 80 megapixels: an A3 page scanned at 600 dpi (7016 × 9921) fits, a 20,000 × 20,000 bomb does not.
    max_pixels: int = 80_000_000
    max_pages: int = 2000
    max_unzipped_bytes: int = 200 * 1024 * 1024  # what a DOCX may unpack to (a zip bomb unpacks to gigabytes)
    max_zip_entries: int = 10_000
    # Unpacked ÷ packed, per member and for the whole archive (members under 1 MB exempt): Word's XML packs about
    # 5–20 : 1 and pictures about 1 : 1; a 200 KB file unpacking to 200 MB of zeros is ~1,000 : 1.
    max_zip_ratio: int = 100


def limits_current() -> Limits:
    """The limits configured for this installation (INTAKE_MAX_IMAGE_PIXELS, INTAKE_MAX_PAGES …)."""
    default = Limits()
    return Limits(
        max_pixels=int(getattr(settings, "INTAKE_MAX_IMAGE_PIXELS", default.max_pixels)),
        max_pages=int(getattr(settings, "INTAKE_MAX_PAGES", default.max_pages)),
        max_unzipped_bytes=int(getattr(settings, "INTAKE_MAX_UNZIPPED_BYTES", default.max_unzipped_bytes)),
        max_zip_entries=int(getattr(settings, "INTAKE_MAX_ZIP_ENTRIES", default.max_zip_entries)),
        max_zip_ratio=int(getattr(settings, "INTAKE_MAX_ZIP_RATIO", default.max_zip_ratio)),
    )


MB = 1024 * 1024
DOSSIER_MAX_BYTES = 200 * MB  # one scanned or uploaded dossier file (a thick volume scanned at 300 dpi)
FILING_MAX_BYTES = 50 * MB  # one evidence file of an online filing (a filing stays reviewable)


def size_label(n: int) -> str:
    """A byte count as messages show it: "200 MB", "1.5 MB", "100 KB"."""
    if n >= MB:
        return f"{n // MB} MB" if n % MB == 0 else f"{n / MB:.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


def dossier_max_bytes() -> int:
    """The largest file the dossier takes (DOSSIER_MAX_BYTES); also what the public verification page hashes."""
    return int(getattr(settings, "DOSSIER_MAX_BYTES", DOSSIER_MAX_BYTES))


def filing_max_bytes() -> int:
    """The largest evidence file an online filing takes (FILING_UPLOAD_MAX_BYTES)."""
    return int(getattr(settings, "FILING_UPLOAD_MAX_BYTES", FILING_MAX_BYTES))


def sweep_grace() -> timedelta:
    """How old a blob without an owner must be before the sweeper deletes it (in-flight uploads are younger)."""
    return timedelta(hours=float(getattr(settings, "INTAKE_SWEEP_GRACE_HOURS", 24)))

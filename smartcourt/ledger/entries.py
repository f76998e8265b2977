"""Canonical ledger entries (pure): the exact bytes that become a leaf.

An entry is JSON with sorted keys, compact separators and UTF-8 text (ensure_ascii=False):

    {"kind":"dossier.page","meta":{...},"sha256":"<64 hex>","subject":"case:1/dossier.page:2","time":"…Z","v":1}

`time` is the anchoring instant in UTC with millisecond precision. The storage name is not part of the entry (where
a file lives may change; what it contains may not). Leaf hash = SHA-256(0x00 ‖ entry bytes), RFC 9162 §2.1.1.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

ENTRY_VERSION = 1
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
KIND_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
MAX_META_BYTES = 4096


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def truncate_ms(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def entry_build(*, kind: str, subject: str, sha256: str, meta: dict[str, Any], time: datetime | str) -> str:
    """The canonical entry; `time` is the anchoring instant, or its `format_time` text (a batch formats it once)."""
    return canonical_json(
        {
            "v": ENTRY_VERSION,
            "kind": kind,
            "subject": subject,
            "sha256": sha256,
            "meta": meta,
            "time": time if isinstance(time, str) else format_time(time),
        }
    )


def entry_parse(text: str) -> dict[str, Any]:
    """Parse an entry and check it is canonical (re-serialising gives the same text)."""
    value = json.loads(text)
    if not isinstance(value, dict) or canonical_json(value) != text:
        raise ValueError("entry is not canonical JSON")
    for key in ("kind", "subject", "sha256", "time"):
        if not isinstance(value.get(key), str):
            raise ValueError(f"entry lacks {key}")
    return value

"""The demo's pages say when the demo court's history is still being written (ADR 0029): `make demo` serves the
site once the organisation, the logins and the sample cases exist, and writes the rest in the background
(`seed_demo --stage rest --progress-file …`); while that file exists, every page shows its step and the log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def seed_progress(request: HttpRequest) -> dict[str, Any]:
    path = getattr(settings, "DEMO_SEED_PROGRESS_FILE", None)
    if not path:
        return {}
    try:
        step = Path(path).read_text(encoding="utf-8").strip()
    except OSError:
        return {}
    return {"demo_seed_progress": step, "demo_seed_log": getattr(settings, "DEMO_SEED_LOG", "")}

"""Demo statutes (法律法规库): the statute set shipped inside the knowledge app, imported as `import_statutes` does.

Idempotent: a re-run finds every version unchanged and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from smartcourt.knowledge.services import statutes_import

SHIPPED_LAWS = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "laws"


def demo_seed(*, seed: int, log: Callable[[str], None] = print) -> int:
    report = statutes_import(SHIPPED_LAWS)
    return report.articles

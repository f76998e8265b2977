"""One file intake: only `core.intake` touches the file storage, and the files no longer tie filing and the
dossier to each other (filing imports nothing of the dossier; the dossier none of filing's upload code)."""

from __future__ import annotations

import ast
from pathlib import Path

import smartcourt

ROOT = Path(smartcourt.__file__).parent


def _modules(app: str) -> list[Path]:
    return [p for p in (ROOT / app).rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_intake_uses_the_file_storage() -> None:
    users = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if "tests" not in p.parts
        and "migrations" not in p.parts
        and not p.is_relative_to(ROOT / "core" / "intake")
        and any(n.startswith("django.core.files.storage") for n in _imports(p))
    ]
    assert users == []


def test_filing_imports_nothing_of_the_dossier() -> None:
    found = {
        str(p.relative_to(ROOT)): n
        for p in _modules("filing")
        for n in _imports(p)
        if n.startswith("smartcourt.dossier")
    }
    assert found == {}


def test_the_dossier_imports_none_of_filings_upload_code() -> None:
    gone = ("smartcourt.filing.rules.uploads", "smartcourt.filing.scanning")
    found = {str(p.relative_to(ROOT)): n for p in _modules("dossier") for n in _imports(p) if n.startswith(gone)}
    assert found == {}

"""mypy with a baseline that only shrinks.

    python scripts/mypy_baseline.py              # check: fails on any error not in mypy-baseline.txt
    python scripts/mypy_baseline.py --update     # after fixing errors: drop them from the baseline
    python scripts/mypy_baseline.py --regenerate # after moving code (the integrator): rewrite the baseline

The baseline lists today's errors one per line as `path: [code] message`, without line numbers, so editing a file
elsewhere does not disturb it. The check compares counts per line: one error more than the baseline holds fails
(new code is typed), one fewer fails too until `--update` writes the smaller baseline (so it never grows back).
`--update` refuses to add anything; `--regenerate` accepts whatever mypy reports now and is for renames and moves,
where the diff of mypy-baseline.txt shows a reviewer what was carried over.
Configuration (strictness, the django-stubs plugin) lives in pyproject.toml's [tool.mypy].
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
HEADER = (
    "# mypy errors accepted on code written before the type check (scripts/mypy_baseline.py).\n"
    "# This file only shrinks: fix an error, then run `python scripts/mypy_baseline.py --update`.\n"
)
_LINE_REFERENCE = re.compile(r"\bline \d+\b")


def _normalise(error: dict[str, object]) -> str:
    """One error as a baseline line: no line number, so unrelated edits to the file keep it matching."""
    message = _LINE_REFERENCE.sub("line N", str(error["message"]))
    return f"{error['file']}: [{error['code']}] {message}"


def run_mypy() -> tuple[Counter[str], dict[str, list[str]]]:
    """Current errors as baseline lines (counted), and where each occurs (path:line) for the report."""
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--output", "json"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if proc.returncode not in (0, 1):  # 2: mypy itself failed (bad config, crash)
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"mypy failed (exit {proc.returncode})")
    counts: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    for raw in proc.stdout.splitlines():
        if not raw.startswith("{"):
            continue
        error = json.loads(raw)
        if error["severity"] != "error":
            continue
        key = _normalise(error)
        counts[key] += 1
        where.setdefault(key, []).append(f"{error['file']}:{error['line']}")
    if proc.returncode == 1 and not counts:
        sys.stderr.write(proc.stdout + proc.stderr)  # e.g. a config error printed as plain text
        raise SystemExit("mypy failed without reporting errors as JSON")
    return counts, where


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def write_baseline(counts: Counter[str]) -> None:
    body = "".join(f"{line}\n" for line in sorted(counts.elements()))
    BASELINE.write_text(HEADER + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true", help="drop fixed errors from the baseline (never adds)")
    mode.add_argument("--regenerate", action="store_true", help="rewrite the baseline from scratch (after moves)")
    args = parser.parse_args(argv)

    current, where = run_mypy()
    baseline = read_baseline()
    new = current - baseline
    fixed = baseline - current

    if args.regenerate:
        write_baseline(current)
        print(f"mypy baseline rewritten: {sum(current.values())} errors ({BASELINE.name}).")
        return 0
    if new:
        print(f"mypy: {sum(new.values())} new error(s) not in the baseline — fix them (the baseline only shrinks):")
        for key in sorted(new):
            locations = ", ".join(where[key])
            print(f"  {key}\n      at {locations}")
        return 1
    if fixed:
        if args.update:
            write_baseline(current)
            print(f"mypy baseline shrunk by {sum(fixed.values())}: {sum(current.values())} errors remain.")
            return 0
        print(f"mypy: {sum(fixed.values())} baseline error(s) fixed — well done; shrink the baseline with")
        print("  python scripts/mypy_baseline.py --update")
        for key in sorted(fixed):
            print(f"  fixed: {key}")
        return 1
    print(f"mypy: no new errors ({sum(current.values())} in the baseline).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

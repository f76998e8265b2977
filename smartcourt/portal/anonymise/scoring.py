"""Scores an anonymiser on a gold set in the format of `shared/data/anon/` (see its README): recall per span type
over the spans that must be removed, precision over the replacements, over-anonymisation of kept names.
Used by the dev-set test and by `bench/anonymise.py`."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import Result

Anonymiser = Callable[[str, list[dict[str, Any]], str], Result]


@dataclass
class Score:
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    replacements: int = 0
    true_replacements: int = 0
    replaced_chars: int = 0
    true_chars: int = 0
    kept_names: int = 0
    kept_names_touched: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str]] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        if kind is None:
            total = sum(self.gold.values())
            return sum(self.found.values()) / total if total else 1.0
        return self.found[kind] / self.gold[kind] if self.gold[kind] else 1.0

    @property
    def precision(self) -> float:
        return self.true_replacements / self.replacements if self.replacements else 1.0

    @property
    def char_precision(self) -> float:
        return self.true_chars / self.replaced_chars if self.replaced_chars else 1.0


def dev_set_path() -> Path:
    """`../shared/data/anon/dev.jsonl` next to the project (a worktree elsewhere names the data folder in
    SMARTCOURT_SHARED_DATA). Tests and the bench skip cleanly when it is absent; the product never reads it."""
    default = Path(__file__).resolve().parents[4] / "shared" / "data"
    return Path(os.environ.get("SMARTCOURT_SHARED_DATA") or default) / "anon" / "dev.jsonl"


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(docs: Iterable[dict[str, Any]], system: Anonymiser) -> Score:
    out = Score()
    for doc in docs:
        text = doc["text"]
        result = system(text, doc.get("parties") or [], doc.get("case_type") or "")
        covered = bytearray(len(text))
        for r in result.replacements:
            for i in range(r.start, r.end):
                covered[i] = 1
        must = [s for s in doc["spans"] if s["anonymise"]]
        inside = bytearray(len(text))
        for s in must:
            for i in range(s["start"], s["end"]):
                inside[i] = 1
        for s in must:
            start = s["start"] + (len(s.get("surname") or "") if s["type"] == "name" else 0)
            out.gold[s["type"]] += 1
            if all(covered[i] for i in range(start, s["end"])):
                out.found[s["type"]] += 1
            else:
                ctx = text[max(0, s["start"] - 12) : s["end"] + 6]
                out.misses.append((doc["id"], s["type"], ctx))
        for s in doc["spans"]:
            if s["type"] == "name" and not s["anonymise"]:
                out.kept_names += 1
                start = s["start"] + len(s.get("surname") or "")
                if any(covered[i] for i in range(start, s["end"])):
                    out.kept_names_touched += 1
        for r in result.replacements:
            out.replacements += 1
            out.replaced_chars += r.end - r.start
            hits = sum(inside[i] for i in range(r.start, r.end))
            out.true_chars += hits
            if hits:
                out.true_replacements += 1
            else:
                out.false_positives.append((doc["id"], text[max(0, r.start - 8) : r.end + 4]))
    return out

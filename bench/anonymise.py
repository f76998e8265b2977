"""Anonymisation benchmark (裁判文书隐名处理, issue 17): recall per span type, precision and over-anonymisation of
`smartcourt.portal.anonymise` on ``../shared/data/anon/dev.jsonl`` (scored as its README defines), next to the
registry-only method (the case's party registry matched literally, nothing detected) measured in the same run,
with the documents per second of each.

Targets: recall ≥ 99.5 % overall and for every type, precision ≥ 98 %, no adult defendant's given name touched.
Set SMARTCOURT_SHARED_DATA when the data folder is not ``../shared/data``.

Run: ``.venv/bin/python -m bench anonymise``.
"""

from __future__ import annotations

import time

from smartcourt.portal.anonymise import anonymise, anonymise_registry_only
from smartcourt.portal.anonymise.scoring import dev_set_path, load, score

TARGET_RECALL = 0.995
TARGET_PRECISION = 0.98


def run() -> None:
    path = dev_set_path()
    if not path.exists():
        print(f"  skipped: {path} is not on this machine")
        return
    docs = load(path)
    systems = {
        "registry only (baseline)": lambda t, p, c: anonymise_registry_only(t, p, c),
        "registry + detection (ours)": lambda t, p, c: anonymise(t, p, c),
    }
    results = {}
    for name, system in systems.items():
        started = time.perf_counter()
        s = score(docs, system)
        results[name] = (s, len(docs) / (time.perf_counter() - started))
    kinds = sorted(next(iter(results.values()))[0].gold)
    print(f"  {len(docs)} documents; spans to remove: {sum(next(iter(results.values()))[0].gold.values())}")
    header = f"  {'':<36}" + "".join(f"{k:>11}" for k in [*kinds, "overall"])
    print(header)
    for name, (s, _rate) in results.items():
        cells = "".join(f"{s.recall(k):>11.2%}" for k in kinds) + f"{s.recall():>11.2%}"
        print(f"  {'recall ' + name:<36}{cells}")
    for name, (s, rate) in results.items():
        print(
            f"  {name:<36} precision {s.precision:7.2%} (chars {s.char_precision:7.2%}), "
            f"defendants' names touched {s.kept_names_touched}/{s.kept_names}, {rate:7.1f} docs/s"
        )
    ours = results["registry + detection (ours)"][0]
    met = (
        ours.recall() >= TARGET_RECALL
        and all(ours.recall(k) >= TARGET_RECALL for k in kinds)
        and ours.precision >= TARGET_PRECISION
        and ours.kept_names_touched == 0
    )
    print(
        f"  targets (recall ≥ 99.5 % each type, precision ≥ 98 %, no defendant touched): {'met' if met else 'NOT met'}"
    )

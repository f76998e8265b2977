"""Pages' CPU: what each page of the load mix costs the web process, next to `/healthz` in the same run.

`python -m bench pages` (or `make bench BENCH=pages`): the pages of `bench/load.py`'s mix (home, sign-in pages, the
verify page, the fee and deadline APIs, a party's my cases / case page / dossier page, a judge's case list, search and
case page, and the workbench of every role) fetched in-process through Django's test client on the load benchmark's
database (the demo court, `seed_demo --scale small`, made by `bench.load.prepare` if missing). No server, no network:
the figure is the CPU milliseconds of this process per page (Python, templates, the ORM, the driver — what limits
pages/s on a machine whose cores are shared), the least of BENCH_PAGES_ROUNDS rounds (default 15): other processes
on the same cores only ever add to a request's CPU time (caches, frequency), so the least is the page's own cost. Each round also
fetches `/healthz` (one `SELECT 1` through the whole middleware stack) with a client of the same kind, so every page
is printed as a multiple of that baseline measured in the same run, beside its query count.

BENCH_PAGES_BEFORE=var/pages/<file>.json prints a previous run's figures (e.g. measured on the code before a change,
the JSON each run writes to var/pages/last.json) beside this run's: before → after. BENCH_PAGES_ONLY: a regular
expression on the labels.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "pages"
ROUNDS = int(os.environ.get("BENCH_PAGES_ROUNDS", "15"))


def _fetcher(client: Any, method: str, path: str) -> Any:
    if method == "POST":
        return lambda: client.post(
            path, {"rule": "civil.appeal.judgment", "start": "2025-09-28"}, content_type="application/json"
        )
    return lambda: client.get(path)


def _cpu_ms(fetch: Any) -> float:
    started = time.process_time()
    response = fetch()
    spent = (time.process_time() - started) * 1000
    assert response.status_code == 200, response.status_code
    return spent


def measure() -> dict[str, dict[str, float]]:
    """(Inside Django, on the load database.) Each page's CPU ms (median), its multiple of /healthz, its queries."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.template import engines
    from django.test.utils import CaptureQueriesContext

    from bench._load_profile import _client, _pages

    engine = engines["django"].engine  # type: ignore[attr-defined]
    loaders = [type(loader).__module__ + "." + type(loader).__name__ for loader in engine.template_loaders]
    print(f"  DEBUG={settings.DEBUG}; template loaders: {', '.join(loaders)}", flush=True)
    only = re.compile(os.environ.get("BENCH_PAGES_ONLY", ""))
    pages = [p for p in _pages() if only.search(p[0])]
    clients: dict[str | None, Any] = {}
    fetches: dict[str, Any] = {}
    queries: dict[str, int] = {}
    for label, username, method, path in pages:
        client = clients.setdefault(username, _client(username))
        fetch = _fetcher(client, method, path)
        for _ in range(2):  # templates compiled, caches warm: the steady state of a worker
            _cpu_ms(fetch)
        with CaptureQueriesContext(connection) as capture:
            _cpu_ms(fetch)
        fetches[label], queries[label] = fetch, len(capture.captured_queries)
    anonymous = clients.setdefault(None, _client(None))
    healthz = _fetcher(anonymous, "GET", "/healthz")
    for _ in range(20):
        _cpu_ms(healthz)
    samples: dict[str, list[float]] = {label: [] for label in fetches}
    base: list[float] = []
    for _ in range(ROUNDS):  # rounds interleave pages and the baseline: background load falls on both alike
        for label, fetch in fetches.items():
            samples[label].append(_cpu_ms(fetch))
            base.append(_cpu_ms(healthz))
    healthz_ms = min(base)
    out = {"/healthz": {"cpu_ms": healthz_ms, "ratio": 1.0, "queries": 1}}
    for label, values in samples.items():
        cpu = min(values)
        out[label] = {"cpu_ms": cpu, "ratio": cpu / healthz_ms, "queries": queries[label]}
    return out


def _print(results: dict[str, dict[str, float]], before: dict[str, dict[str, float]]) -> None:
    head = f"  {'page':<34} {'CPU ms':>8} {'× /healthz':>10} {'queries':>8}"
    if before:
        head += f"   {'before: CPU ms':>14} {'× /healthz':>10} {'queries':>8}   CPU after/before"
    print(head, flush=True)
    for label, r in results.items():
        text = f"  {label:<34} {r['cpu_ms']:8.2f} {r['ratio']:10.1f} {r['queries']:8d}"
        b = before.get(label)
        if b:
            text += (
                f"   {b['cpu_ms']:14.2f} {b['ratio']:10.1f} {int(b['queries']):8d}   ×{r['ratio'] / b['ratio']:.2f} "
                "(in /healthz units)"
            )
        print(text, flush=True)
    pages = [r for label, r in results.items() if label != "/healthz"]
    total = sum(r["cpu_ms"] for r in pages)
    line = f"  sum of the mix's pages: {total:.1f} CPU ms = ×{total / results['/healthz']['cpu_ms']:.0f} of /healthz"
    if before:
        shared = [label for label in results if label != "/healthz" and label in before]
        now = sum(results[label]["ratio"] for label in shared)
        was = sum(before[label]["ratio"] for label in shared)
        line += f"; in /healthz units, the same pages before ×{was:.0f} → after ×{now:.0f} (×{now / was:.2f})"
    print(line, flush=True)


def run() -> None:
    from bench.load import _env, database_url, prepare

    url = database_url()
    print(f"  database: {url.rsplit('/', 1)[-1]} (the load benchmark's demo court)", flush=True)
    prepare(url)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "last.json"
    subprocess.run([sys.executable, "-m", "bench.pages", "measure", str(target)], cwd=ROOT, env=_env(url), check=True)
    results = json.loads(target.read_text(encoding="utf-8"))
    before_path = os.environ.get("BENCH_PAGES_BEFORE")
    before = json.loads(Path(before_path).read_text(encoding="utf-8")) if before_path else {}
    _print(results, before)


if __name__ == "__main__":
    if sys.argv[1] == "measure":
        figures = measure()
        Path(sys.argv[2]).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")

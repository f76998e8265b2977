"""Setup speed: `make demo`'s database steps on a fresh SQLite file (the embedded default a demo runs on).

Each run, in child processes so nothing is warm: a plain `migrate` of an empty database (the baseline: the least a
fresh clone must do before it can serve anything), then `seed_demo --scale small --seed 2025` step by step
(smartcourt.demo.steps, the very list the command runs) on two copies of the migrated database: first with every
sample case through the case services (`--cases-path services`, the seed's own baseline), then as `make demo` runs
it (ordinary cases in bulk, ADR 0029). Each step's seconds are printed next to the baseline's, and the whole seed
next to migrate. BENCH_SETUP_BUSY=N runs N CPU-bound processes meanwhile (a busy machine); the load average is
printed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEED = r"""
import json, sys, time
import django
django.setup()
from smartcourt.demo import steps
started = time.monotonic()
results = steps.run(
    steps.plan(seed=2025, cases_path=sys.argv[1], log=lambda msg: None),
    report=lambda line: print(line, file=sys.stderr),
)
print(json.dumps({"total": time.monotonic() - started,
                  "steps": [[r.name, r.count, r.unit, r.seconds] for r in results]}))
"""


def _spin() -> None:
    while True:
        pass


def _env(db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartcourt.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(
            db.parent / f"media-{db.stem}"
        ),  # the demo's files and ledger key stay in the temporary folder
        "LEDGER_KEY_FILE": str(db.parent / f"ledger-{db.stem}.key"),
    }


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def _seed(path: str, db: Path, migrate: float) -> float:
    """seed_demo on `db` with the sample cases written by `path`; the steps and the whole seed printed."""
    print(f"  seed_demo --cases-path {path}:", flush=True)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", SEED, path], cwd=ROOT, env=_env(db), check=True, stdout=subprocess.PIPE, text=True
    )
    wall = time.monotonic() - started
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    for name, count, unit, seconds in figures["steps"]:
        label = f"{name}（{count} {unit}）"
        print(f"    {label:<40} {seconds:7.1f} s   ×{seconds / migrate:5.2f} of migrate", flush=True)
    seed = float(figures["total"])
    print(f"    all steps {seed:7.1f} s (×{seed / migrate:5.2f} of migrate); process incl. start-up {wall:7.1f} s")
    print(f"    migrate + seed (the database part of make demo) {migrate + wall:7.1f} s", flush=True)
    return seed


def run() -> None:
    busy = int(os.environ.get("BENCH_SETUP_BUSY", "0"))
    hogs = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(busy)]
    for hog in hogs:
        hog.start()
    work = Path(tempfile.mkdtemp(prefix="bench-setup-"))
    try:
        print(f"  fresh SQLite databases under a temporary folder; {busy} CPU-bound processes meanwhile", flush=True)
        print(f"  load average before: {_load()}", flush=True)
        db = work / "demo.sqlite3"
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=_env(db), check=True
        )
        migrate = time.monotonic() - started
        print(f"  baseline: migrate an empty database          {migrate:7.1f} s", flush=True)
        copy = work / "demo-services.sqlite3"
        shutil.copyfile(db, copy)
        totals = {}
        for path, target in (("services", copy), ("bulk", db)):
            totals[path] = _seed(path, target, migrate)
        services, bulk = totals["services"], totals["bulk"]
        print(
            f"  seed, every case through the services (before) {services:7.1f} s   ×{services / migrate:5.2f} of migrate"
        )
        print(f"  seed as make demo runs it (bulk cases)         {bulk:7.1f} s   ×{bulk / migrate:5.2f} of migrate")
        print(f"  seed speed-up                                   ×{services / bulk:5.2f}", flush=True)
        print(f"  load average after: {_load()}", flush=True)
    finally:
        for hog in hogs:
            hog.terminate()
        shutil.rmtree(work, ignore_errors=True)

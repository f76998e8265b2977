"""Case list and search latency at province scale, and case-number allocation under concurrent filing.

Data: `seed_demo --scale province` (1,000,000 cases unless BENCH_CASES says otherwise) in the benchmark database.
Baselines in the same run: the cheapest possible page read (25 rows by primary key) for the list and search
figures, and a plain single-row INSERT per transaction for number allocation.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from bench._util import line, timed

TARGET = int(os.environ.get("BENCH_CASES", "1000000"))
ROOT = Path(__file__).resolve().parent.parent


def _ensure_data() -> None:
    from django.core.management import call_command

    from smartcourt.cases.models import Case

    count = Case.objects.count()
    if count < TARGET:
        print(f"  preparing {TARGET:,} cases (have {count:,}) …", flush=True)
        call_command("seed_demo", scale="province", cases=TARGET, seed=2025)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(f"  database: {connection.vendor}, cases: {Case.objects.count():,}", flush=True)


def _reads() -> None:
    from smartcourt.cases.models import Case
    from smartcourt.cases.selectors import CaseFilters, case_list
    from smartcourt.courts.models import User

    judge = User.objects.get(username="demo_judge")
    president = User.objects.get(username="demo_president")
    high_president = User.objects.filter(grants__role="president", grants__court__code="苏").first()
    baseline = timed(lambda: list(Case.objects.order_by("-id").values_list("id", "number")[:25]))
    line("baseline: 25 rows by primary key", baseline)
    cases = [
        ("judge: own court list, page 1", judge, CaseFilters()),
        ("judge: list filtered by state", judge, CaseFilters(state="in_trial")),
        ("judge: overdue filter", judge, CaseFilters(overdue=True)),
        ("basic-court president: list", president, CaseFilters()),
        ("high-court president: whole province", high_president, CaseFilters()),
        ("search: party name", judge, CaseFilters(q="王")),
        ("search: two words", judge, CaseFilters(q="民间借贷 纠纷")),
        ("search: case number", judge, CaseFilters(q="（2025）苏0508民初12")),
    ]
    for label, user, filters in cases:
        if user is None:
            continue
        line(label, timed(lambda u=user, f=filters: list(case_list(user=u, filters=f)[:25]), repeat=20), baseline)
    count_timing = timed(lambda: case_list(user=judge, filters=CaseFilters()).count(), repeat=10)
    line("judge: total count for the pager", count_timing, baseline)


ALLOCATE = r"""
import json, sys, time
import django
django.setup()
from django.db import connection, transaction
from smartcourt.cases.services import case_number_allocate
from smartcourt.courts.models import Court
mode, n = sys.argv[1], int(sys.argv[2])
court = Court.objects.get(code="苏0591")
start = time.perf_counter()
for _ in range(n):
    with transaction.atomic():
        if mode == "allocate":
            case_number_allocate(court=court, type_code="执保", year=2099)
        else:
            with connection.cursor() as c:
                c.execute("INSERT INTO bench_plain_insert (v) VALUES (1)")
print(json.dumps(time.perf_counter() - start))
"""


def _allocation(processes: int = 8, per_process: int = 500) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_plain_insert (id BIGSERIAL PRIMARY KEY, v INT)"
            if connection.vendor == "postgresql"
            else "CREATE TABLE IF NOT EXISTS bench_plain_insert (id INTEGER PRIMARY KEY, v INT)"
        )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    results = {}
    for mode in ("plain_insert", "allocate"):
        started = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", ALLOCATE, mode, str(per_process)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]
        for p in procs:
            p.communicate()
        elapsed = time.perf_counter() - started
        results[mode] = processes * per_process / elapsed
    print(f"  {processes} processes × {per_process} transactions", flush=True)
    print(f"  baseline: plain INSERT per transaction      {results['plain_insert']:10,.0f} tx/s", flush=True)
    print(
        f"  case-number allocation (upsert + lock)      {results['allocate']:10,.0f} numbers/s   "
        f"×{results['allocate'] / results['plain_insert']:.2f} of baseline",
        flush=True,
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_insert")
        cursor.execute("DELETE FROM cases_casenumbersequence WHERE year = 2099")


def run() -> None:
    _ensure_data()
    _reads()
    _allocation()

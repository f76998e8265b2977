"""Case lists, search, the pager and the court overview at province scale; case-number allocation under load.

Data: `seed_demo --scale province` (1,000,000 cases unless BENCH_CASES says otherwise; 10,000,000 is the province
target) in the benchmark database; the seed is chunked and resumable, so a larger BENCH_CASES grows the same data.
Baselines measured in the same run: the cheapest page read (25 rows by primary key) for lists and search; the
search's previous query shape (`id IN (… UNION …)`) next to the new one; OFFSET pages and a full count next to
keyset pages and the bounded count; the overview computed (cold) next to the cached one (warm).
Every benchmarked query's EXPLAIN (ANALYZE, BUFFERS) is written under var/bench/cases/ (the path is printed).
Targets (issue 15): lists with every filter p95 < 150 ms, search p95 < 300 ms, the judge's first page p95 < 150 ms,
the overview < 1 s cold and < 100 ms warm.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from bench._util import line, timed

TARGET = int(os.environ.get("BENCH_CASES", "1000000"))
ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "var" / "bench" / "cases"
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
_plan_no = 0


def _ensure_data() -> None:
    from django.core.management import call_command

    from smartcourt.cases.models import Case

    count = Case.objects.count()
    if count < TARGET:
        print(f"  preparing {TARGET:,} cases (have {count:,}) …", flush=True)
        call_command("seed_demo", scale="province", cases=TARGET, seed=2025)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  database: {connection.vendor}, cases: {Case.objects.count():,}", flush=True)


def _explain(label: str, queryset: Any) -> None:
    """Write the query's EXPLAIN (ANALYZE, BUFFERS) under var/bench/cases/ (PostgreSQL; SQLite's plan otherwise)."""
    global _plan_no
    _plan_no += 1
    PLANS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60]
    postgres = connection.vendor == "postgresql"
    plan = queryset.explain(analyze=True, buffers=True) if postgres else queryset.explain()
    sql, params = queryset.query.sql_with_params()
    (PLANS / f"{_plan_no:02d}-{slug}.txt").write_text(f"-- {label}\n-- {sql}\n-- params: {params}\n\n{plan}\n")


def _check(label: str, figures: dict[str, float], limit: float) -> None:
    verdict = "ok" if figures["p95"] < limit else "OVER"
    print(f"    {'':<48} target p95 < {limit:.0f} ms: {verdict}", flush=True)


def _users() -> dict[str, Any]:
    from smartcourt.courts.models import User

    return {
        "judge": User.objects.get(username="demo_judge"),
        "president": User.objects.get(username="demo_president"),
        "division_head": User.objects.get(username="demo_division_head"),
        "high_president": User.objects.filter(grants__role="president", grants__court__code="苏").first(),
    }


def _old_search(queryset: Any, q: str) -> Any:
    """The search as it was (`id IN (SELECT … UNION SELECT … LIKE … UNION …)` per word): the baseline."""
    from django.db.models.expressions import RawSQL

    from smartcourt.cases.search import _like, _number_fragment, query_terms

    for chunk in q.split():
        terms = query_terms(chunk)
        parts, params = [], []
        if terms:
            parts.append(
                "SELECT id FROM cases_case WHERE to_tsvector('simple'::regconfig, search_text)"
                " @@ to_tsquery('simple'::regconfig, %s)"
            )
            params.append(" & ".join("'" + t.replace("'", "''") + "'" for t in terms))
        parts += [
            "SELECT id FROM cases_case WHERE search_text LIKE %s",
            "SELECT id FROM cases_case WHERE number LIKE %s",
        ]
        queryset = queryset.filter(
            pk__in=RawSQL(" UNION ".join(parts), [*params, _like(chunk.lower()), _like(_number_fragment(chunk))])
        )
    return queryset


def _samples() -> dict[str, str]:
    """Real values of the data to search for: a frequent and a rarer party name, pieces of them, a company's
    name piece, a case number (full and partial) of the demo court."""
    from smartcourt.cases.models import Case, Person

    names = list(Person.objects.filter(kind="natural").order_by("pk").values_list("name", flat=True)[:2000])
    three = [n for n in names if len(n) == 3]
    company = Person.objects.filter(kind="legal").order_by("pk").values_list("name", flat=True).first() or "有限公司"
    number = (
        Case.objects.filter(court__code="苏0508", type_code="民初").order_by("-id").values_list("number", flat=True)
    )
    full = number.first() or "（2025）苏0508民初1号"
    return {
        "name": three[0] if three else names[0],
        "name_rare": three[-1] if three else names[-1],
        "partial2": (three[1] if len(three) > 1 else names[0])[1:],
        "partial3": company[3:6] if len(company) >= 6 else company,
        "number": full,
        "number_partial": full[full.index("民初") :].rstrip("号")[:5],
    }


def _lists(users: dict[str, Any]) -> None:
    from django.utils import timezone

    from smartcourt.cases.models import CauseOfAction
    from smartcourt.cases.selectors import CaseFilters, case_list
    from smartcourt.cases.selectors_pages import case_count, case_page
    from smartcourt.courts.models import Division

    judge, president, high = users["judge"], users["president"], users["high_president"]
    today = timezone.localdate()
    court = judge.grants.first().court
    division = Division.objects.filter(court=court, kind="civil").order_by("pk").first()
    cause = CauseOfAction.objects.filter(kind="civil", level=2).order_by("code").first()
    cases = [
        ("judge: own court list, page 1 (rows)", judge, CaseFilters()),
        ("judge: state = in trial", judge, CaseFilters(state="in_trial")),
        ("judge: kind = enforcement", judge, CaseFilters(kind="enforcement")),
        ("judge: judge = self", judge, CaseFilters(judge=judge.pk)),
        ("judge: division", judge, CaseFilters(division=division.pk if division else None)),
        ("judge: court", judge, CaseFilters(court=court.pk)),
        ("judge: cause (tree, level 2)", judge, CaseFilters(cause=cause.pk if cause else None)),
        ("judge: cause name contains 借贷", judge, CaseFilters(cause_name="借贷")),
        ("judge: four-kinds tag", judge, CaseFilters(tag="major_sensitive")),
        ("judge: due within 30 days", judge, CaseFilters(due_within=30)),
        ("judge: overdue", judge, CaseFilters(overdue=True)),
        ("judge: open cases", judge, CaseFilters(open_only=True)),
        ("judge: filed this month", judge, CaseFilters(filed_from=today.replace(day=1), filed_to=today)),
        ("judge: closed last 30 days", judge, CaseFilters(closed_from=today - timedelta(days=30), closed_to=today)),
        ("basic-court president: list", president, CaseFilters()),
        ("division head: list", users["division_head"], CaseFilters()),
        ("high-court president: whole province", high, CaseFilters()),
        ("high-court president: overdue", high, CaseFilters(overdue=True)),
        ("high-court president: state + kind", high, CaseFilters(state="in_trial", kind="civil")),
    ]
    print("  -- lists (page of 25 + its count, as the page reads them; target p95 < 150 ms)", flush=True)
    baseline = _baseline()
    for label, user, filters in cases:
        if user is None:
            continue

        def read(u: Any = user, f: Any = filters) -> None:
            qs = case_list(user=u, filters=f)
            case_page(qs)
            case_count(qs)

        figures = timed(read, repeat=REPEAT)
        line(label, figures, baseline)
        _check(label, figures, 150)
        qs = case_list(user=user, filters=filters)
        _explain(f"list {label}", qs[:26])


def _baseline() -> dict[str, float]:
    from smartcourt.cases.models import Case

    baseline = timed(lambda: list(Case.objects.order_by("-id").values_list("id", "number")[:25]))
    line("baseline: 25 rows by primary key", baseline)
    return baseline


def _search(users: dict[str, Any]) -> None:
    from smartcourt.cases.selectors import CaseFilters, case_list
    from smartcourt.cases.selectors_pages import case_count, case_page

    judge, high = users["judge"], users["high_president"]
    s = _samples()
    print(f"  -- search (target p95 < 300 ms); samples: {s}", flush=True)
    baseline = _baseline()
    queries = [
        ("party name", judge, s["name"]),
        ("party name, rarer", judge, s["name_rare"]),
        ("partial name, 2 characters", judge, s["partial2"]),
        ("partial company name, 3 characters", judge, s["partial3"]),
        ("case number", judge, s["number"]),
        ("partial case number", judge, s["number_partial"]),
        ("two words: name + cause", judge, f"{s['name']} 借贷"),
        ("one common character", judge, "王"),
        ("whole province: party name", high, s["name"]),
        ("whole province: partial name", high, s["partial2"]),
    ]
    for label, user, q in queries:
        if user is None:
            continue

        def read(u: Any = user, text: str = q) -> None:
            qs = case_list(user=u, filters=CaseFilters(q=text))
            case_page(qs)
            case_count(qs)

        figures = timed(read, repeat=REPEAT)
        line(f"search: {label}", figures, baseline)
        _check(label, figures, 300)
        _explain(f"search {label}", case_list(user=user, filters=CaseFilters(q=q))[:26])
        if connection.vendor == "postgresql" and label in {"party name", "partial name, 2 characters", "case number"}:
            # the previous shape, same words, same page: rows + full count (Django's Paginator), as it ran
            def old(u: Any = user, text: str = q) -> None:
                qs = _old_search(case_list(user=u, filters=CaseFilters()), text)
                list(qs[:25])
                qs.count()

            line(f"  before: id IN (… UNION …) + full count, {label}", timed(old, repeat=5, warmup=1), baseline)
            _explain(f"search before {label}", _old_search(case_list(user=user, filters=CaseFilters()), q)[:25])


def _pager(users: dict[str, Any]) -> None:
    """OFFSET pages and a full count (the Paginator's), against keyset pages and the bounded count / estimate."""
    from smartcourt.cases.selectors import CaseFilters, case_list
    from smartcourt.cases.selectors_pages import case_count, case_cursor, case_page

    print("  -- pager: OFFSET + full count (before) vs keyset + bounded count / estimate (now)", flush=True)
    baseline = _baseline()
    for who in ("judge", "high_president"):
        user = users[who]
        if user is None:
            continue
        qs = case_list(user=user, filters=CaseFilters())
        full = timed(lambda q=qs: q.count(), repeat=5, warmup=1)
        line(f"{who}: full count (Paginator)", full, baseline)
        about = timed(lambda q=qs: case_count(q), repeat=REPEAT)
        line(f"{who}: bounded count + estimate", about, baseline)
        print(f"    {'':<48} shown: {case_count(qs)}  (true count {qs.count():,})", flush=True)
        _explain(f"pager {who} full count", qs.order_by().values("pk"))
        for depth in (1, 40, 400):
            offset = timed(lambda q=qs, d=depth: list(q[(d - 1) * 25 : d * 25]), repeat=5, warmup=1)
            line(f"{who}: OFFSET page {depth}", offset, baseline)
            if depth > 1:
                row = qs[(depth - 1) * 25 - 1]
                cursor = case_cursor(row)
                keyset = timed(lambda q=qs, c=cursor: case_page(q, after=c), repeat=REPEAT)
                line(f"{who}: keyset page {depth} (after a cursor)", keyset, baseline)
                back = timed(lambda q=qs, c=cursor: case_page(q, before=c), repeat=REPEAT)
                line(f"{who}: keyset previous page from page {depth}", back, baseline)
                if depth == 400:
                    from smartcourt.cases.selectors_pages import _parse

                    day, pk = _parse(cursor) or (None, 0)
                    _explain(
                        f"pager {who} keyset page {depth}",
                        qs.filter(filed_on__lte=day).exclude(filed_on=day, id__gte=pk)[:26],
                    )
                    _explain(f"pager {who} offset page {depth}", qs[(depth - 1) * 25 : depth * 25])


def _judge_page(users: dict[str, Any]) -> None:
    """The judge's whole first page of the case list over HTTP (view, template, middleware), as a browser gets it."""
    from django.test import Client

    from smartcourt.courts.tests.factories import login_verified

    print("  -- the judge's first page, whole request (target p95 < 150 ms)", flush=True)
    client = Client(SERVER_NAME=(settings.ALLOWED_HOSTS or ["127.0.0.1"])[0])
    login_verified(client, users["judge"])
    home = timed(lambda: client.get("/healthz"), repeat=REPEAT)
    line("baseline: GET /healthz", home)
    page = timed(lambda: client.get("/cases/"), repeat=REPEAT)
    line("judge: GET /cases/ (page 1)", page, home)
    _check("judge page", page, 150)
    response = client.get("/cases/")
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    shown = re.search(r'data-testid="case-count">([^<]*)<', text)
    print(f"    {'':<48} the page shows: {shown.group(1) if shown else '?'}", flush=True)


def _overview(users: dict[str, Any]) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    from smartcourt.cases.selectors_stats import court_figures_invalidate, overview_figures
    from smartcourt.management.selectors import _overview_courts, court_overview

    print(f"  -- court overview (target < 1 s cold, < 100 ms warm); cache: {settings.CACHES['default']['BACKEND']}")
    today = timezone.localdate()
    for who in ("division_head", "president", "high_president"):
        user = users[who]
        if user is None:
            continue
        courts = _overview_courts(user=user)

        def cold(u: Any = user, c: list[int] = courts) -> None:
            court_figures_invalidate(court_ids=c)  # as a case event of those courts does
            court_overview(user=u, today=today)

        scan = timed(
            lambda u=user: overview_figures(user=u, today=today, from_rollup=False),
            repeat=max(3, REPEAT // 4),
            warmup=1,
        )
        line(f"{who}: baseline: figures from the cases (no rollup)", scan)
        cold_figures = timed(cold, repeat=max(3, REPEAT // 4), warmup=1)
        line(f"{who}: overview cold (after a case event)", cold_figures, scan)
        verdict = "ok" if cold_figures["p95"] < 1000 else "OVER"
        print(f"    {'':<48} target p95 < 1000 ms: {verdict}", flush=True)
        court_overview(user=user, today=today)
        warm = timed(lambda u=user: court_overview(user=u, today=today), repeat=REPEAT)
        line(f"{who}: overview warm (shared cache)", warm, cold_figures)
        _check("overview warm", warm, 100)
        figures = overview_figures(user=user, today=today)
        print(f"    {'':<48} pending {figures.pending:,}, filed this year {figures.filed_ytd:,}", flush=True)
    _explain_overview(users["president"], today)
    cache.close()


def _explain_overview(user: Any, today: Any) -> None:
    """The overview's grouped queries, each EXPLAINed (captured from one cold computation)."""
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    from smartcourt.cases.selectors_stats import overview_figures

    with CaptureQueriesContext(conn) as captured:
        overview_figures(user=user, today=today)
    if conn.vendor != "postgresql":
        return
    for n, query in enumerate(captured.captured_queries, start=1):
        sql = query["sql"]
        if "cases_case" not in sql:
            continue
        with conn.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(r[0] for r in cursor.fetchall())
        global _plan_no
        _plan_no += 1
        PLANS.mkdir(parents=True, exist_ok=True)
        (PLANS / f"{_plan_no:02d}-overview-query-{n}.txt").write_text(f"-- {sql}\n\n{plan}\n")


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
    users = _users()
    parts = os.environ.get("BENCH_CASES_PARTS", "lists,search,pager,judge,overview,allocation").split(",")
    if "lists" in parts:
        _lists(users)
    if "search" in parts:
        _search(users)
    if "pager" in parts:
        _pager(users)
    if "judge" in parts:
        _judge_page(users)
    if "overview" in parts:
        _overview(users)
    print(f"  EXPLAIN (ANALYZE, BUFFERS) of each query: {PLANS.relative_to(ROOT)}/", flush=True)
    if "allocation" in parts:
        _allocation()

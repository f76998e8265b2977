"""Enforcement: batch inquiry throughput and the daily reconciliation.

- Batch inquiry (网络查控): BENCH_ENF_DEBTORS debtors (default 24, one enforcement case each) asked of all 7 holder
  doubles, each answering after BENCH_ENF_DELAY seconds (default 0.05), by BENCH_ENF_WORKERS task workers (threads,
  default 4 on PostgreSQL, 1 on SQLite) running the production `inquiry_answer` (holder call, evidence row with its
  hash, assets, progress). Baseline, same run, same workers: the doubles' answers alone (the delay is the floor).
  Printed as debtors per minute.
- Reconciliation (案款对账): a bank statement CSV of BENCH_ENF_LINES lines (default 1,000,000) over 10,000 case
  accounts, with a few lines of each kind of problem, run through the production `statement_lines` + `reconcile`.
  Baseline, same run: reading and parsing the same file with `csv.reader` alone.
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from django.conf import settings
from django.db import connection, connections

DEBTORS = int(os.environ.get("BENCH_ENF_DEBTORS", "24"))
DELAY = float(os.environ.get("BENCH_ENF_DELAY", "0.05"))
LINES = int(os.environ.get("BENCH_ENF_LINES", "1000000"))
ACCOUNTS = 10_000


def _world() -> list[tuple[int, int]]:
    """DEBTORS enforcement cases of one bench court, each with a batch; (batch id, debtor party id) pairs."""
    from smartcourt.cases.models import PartyRole
    from smartcourt.core.actors import SYSTEM
    from smartcourt.courts.models import Court
    from smartcourt.courts.services import court_create
    from smartcourt.enforcement.models import InquiryBatch, TitleKind
    from smartcourt.enforcement.providers import HOLDER_KINDS
    from smartcourt.enforcement.services import enforcement_apply_from_title
    from smartcourt.enforcement.titles import Title, TitleParty

    stamp = int(time.time())
    court = Court.objects.filter(code="苏9901").first() or court_create(
        name="执行基准测试法院", code="苏9901", level="basic", actor=SYSTEM
    )
    pairs = []
    for i in range(DEBTORS):
        title = Title(
            kind=TitleKind.ARBITRATION,
            reference=f"基准仲裁{stamp}-{i}",
            parties=(
                TitleParty("applicant", f"申请人{i}", amount=Decimal(10000)),
                TitleParty("debtor", f"被执行人{stamp}{i}", kind="legal"),
            ),
            amount=Decimal(10000),
            file_content=f"award {stamp} {i}".encode(),
        )
        file = enforcement_apply_from_title(title=title, court=court, actor=SYSTEM)
        batch = InquiryBatch.objects.create(file=file, requested_by_id=_bench_user(), total=len(HOLDER_KINDS))
        debtor = file.case.parties.get(role=PartyRole.JUDGMENT_DEBTOR)
        pairs.append((batch.pk, debtor.pk))
    return pairs


def _bench_user() -> int:
    from smartcourt.courts.models import User

    user, _ = User.objects.get_or_create(username="bench-enforcement", defaults={"full_name": "基准测试"})
    return user.pk


def _run_pool(jobs: list, fn, workers: int) -> float:  # type: ignore[no-untyped-def]
    def one(job):  # type: ignore[no-untyped-def]
        try:
            fn(*job)
        finally:
            connections.close_all()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, jobs))
    return time.perf_counter() - started


def inquiry() -> None:
    from smartcourt.enforcement.providers import HOLDER_KINDS, DebtorRef, provider_for
    from smartcourt.enforcement.services_control import inquiry_answer

    workers = int(os.environ.get("BENCH_ENF_WORKERS", "4" if connection.vendor == "postgresql" else "1"))
    settings.ENFORCEMENT_PROVIDER_DELAY = DELAY
    pairs = _world()
    jobs = [(b, p, k) for b, p in pairs for k in HOLDER_KINDS]
    base = _run_pool(
        [(f"被执行人{i}", k) for i in range(DEBTORS) for k in HOLDER_KINDS],
        lambda name, kind: provider_for(kind).inquire(DebtorRef(name, name)),
        workers,
    )
    took = _run_pool(jobs, lambda b, p, k: inquiry_answer(batch_id=b, party_id=p, holder_kind=k), workers)
    rate, base_rate = DEBTORS / took * 60, DEBTORS / base * 60
    print(
        f"  batch inquiry: {DEBTORS} debtors × {len(HOLDER_KINDS)} holders, delay {DELAY * 1000:.0f} ms, "
        f"{workers} workers ({connection.vendor})",
        flush=True,
    )
    print(f"  {'recorded (production inquiry_answer)':<48} {rate:10.1f} debtors/min  ({took:.2f} s)", flush=True)
    print(
        f"  {'baseline: the doubles alone':<48} {base_rate:10.1f} debtors/min  ({base:.2f} s)"
        f"   ×{rate / base_rate:5.2f} of baseline",
        flush=True,
    )


def reconciliation() -> None:
    from smartcourt.enforcement.services_funds import reconcile, statement_lines

    rng = random.Random(2025)
    accounts = {f"{32000 + i // 1000:05d}{i:010d}00": i + 1 for i in range(ACCOUNTS)}
    numbers = list(accounts)
    case_numbers = {f"（2026）苏0102执{i + 1}号": i + 1 for i in range(ACCOUNTS)}
    recorded: dict[str, tuple[int, Decimal]] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["流水号", "账号", "金额", "付款人", "摘要"])
        for n in range(LINES):
            number = numbers[rng.randrange(ACCOUNTS)]
            amount = Decimal(rng.randrange(100, 10_000_000)) / 100
            reference = f"B{n:09d}"
            memo = "执行款"
            if n % 10_000 == 1:
                number = "9999"  # no such account
            elif n % 10_000 == 2:
                memo = f"（2026）苏0102执{rng.randrange(ACCOUNTS) + 1}号 执行款"  # may name a second case
            elif n % 10_000 != 3:
                recorded[reference] = (accounts[number], amount)  # n % 10,000 == 3: not yet recorded
            writer.writerow([reference, number, f"{amount}", "付款人", memo])
        path = out.name
    try:

        def parse_only() -> int:
            with open(path, encoding="utf-8", newline="") as f:
                return sum(1 for _ in csv.reader(f))

        def full() -> object:
            with open(path, encoding="utf-8", newline="") as f:
                return reconcile(
                    lines=statement_lines(f), accounts=accounts, case_numbers=case_numbers, recorded=recorded
                )

        rounds = []
        for _ in range(3):  # alternate so the machine's background load falls on both alike
            t0 = time.perf_counter()
            parse_only()
            t1 = time.perf_counter()
            result = full()
            t2 = time.perf_counter()
            rounds.append((t1 - t0, t2 - t1))
        base = sorted(r[0] for r in rounds)[1]
        took = sorted(r[1] for r in rounds)[1]
        print(f"  reconciliation: {LINES:,} statement lines over {ACCOUNTS:,} case accounts (median of 3)", flush=True)
        print(
            f"  {'reconcile (parse + match + flag)':<48} {took:8.2f} s   flagged {len(result.flags):,}"  # type: ignore[attr-defined]
            f"   matched {result.matched:,}",  # type: ignore[attr-defined]
            flush=True,
        )
        print(
            f"  {'baseline: read and parse the CSV alone':<48} {base:8.2f} s   ×{took / base:5.2f} of baseline",
            flush=True,
        )
    finally:
        os.unlink(path)


def run() -> None:
    reconciliation()
    inquiry()

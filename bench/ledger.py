"""Ledger: the full anchoring path (anchor + flush) beside a plain batched INSERT of the same rows; proofs and roots
at 10,000,000 leaves beside one primary-key read; the incremental audit's per-leaf rate and its extrapolation to
10⁸ leaves next to a full pass.

PostgreSQL only (the bench database of `make bench`). Each part works in its own schema, selected with search_path,
whose tables are copies of the ledger's (`CREATE TABLE … (LIKE ledger_… INCLUDING ALL)`) and whose leaf-index
sequence is its own, so the code under test is the production code and the real ledger tables are never touched:
- `bench_plain` / `bench_ledger` — emptied at every run; BENCH_LEDGER_APPENDS rows (default 50,000), 1,000 per
  transaction, synchronous_commit on (durable), in 5 alternating rounds (plain, ledger, plain, …; medians shown)
  so the background load of a shared machine falls on both alike. The ledger round is what production does per
  anchoring transaction: `ledger_anchor_many` (validate, build the canonical entries, hash, allocate indexes, one
  insert: the leaf's only write) then `ledger_flush` (read the leaf hashes, insert the completed subtrees, move the
  head, publish a checkpoint when due).
- `bench_tree` — 10,000,000 leaves (BENCH_LEDGER_LEAVES) with realistic canonical entries, generated in the server
  by one INSERT … SELECT over generate_series (no row crosses the client; faster than COPY), and every perfect
  subtree of height ≥ 4 level by level with a window function; UNLOGGED, kept between runs (checked by size, by
  re-deriving sample entries in Python, and by verifying proofs against a root recomputed in Python). Secondary
  indexes are left out (proofs and the audit read by primary key only).
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import time
from datetime import UTC, datetime

from django.db import connection, transaction

from bench._util import line, timed

APPENDS = int(os.environ.get("BENCH_LEDGER_APPENDS", "50000"))
LEAVES = int(os.environ.get("BENCH_LEDGER_LEAVES", "10000000"))
AUDIT_SLICE = int(os.environ.get("BENCH_LEDGER_AUDIT_SLICE", "200000"))
BATCH = 1000
ROUNDS = 5
PROVINCE_LEAVES = 10**8
DAILY_LEAVES = PROVINCE_LEAVES // 365  # a log that grew to 10⁸ in a year adds ~274,000 leaves a day
TABLES = [
    "ledger_ledgerrecord",
    "ledger_ledgernode",
    "ledger_ledgertreehead",
    "ledger_ledgercheckpoint",
    "ledger_ledgerauditmark",
    "ledger_auditfinding",
]
SEQUENCE = "ledger_leaf_index"
TREE_TIME = "2026-12-01T00:00:00.000Z"


def _sql(statement: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _use(schema: str) -> None:
    _sql(f"SET search_path TO {schema}, public")


def _schema(name: str, tables: list[str], *, indexes: bool = True, unlogged: bool = False) -> None:
    _sql(f"CREATE SCHEMA IF NOT EXISTS {name}")
    for table in tables:
        like = "INCLUDING ALL" if indexes else "INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
        kind = "UNLOGGED TABLE" if unlogged else "TABLE"
        _sql(f"CREATE {kind} IF NOT EXISTS {name}.{table} (LIKE public.{table} {like})")
    _sql(f"CREATE SEQUENCE IF NOT EXISTS {name}.{SEQUENCE} AS bigint MINVALUE 0 START WITH 0")


def _reset(schema: str, tables: list[str]) -> None:
    _sql("TRUNCATE " + ", ".join(f"{schema}.{t}" for t in tables))
    _sql(f"ALTER SEQUENCE {schema}.{SEQUENCE} RESTART WITH 0")


def _items(n: int) -> list[dict]:
    """What the dossier anchors for a page: kind, subject, content hash, storage name, meta (case number, page)."""
    return [
        {
            "kind": "dossier.page",
            "subject": f"case:{100000 + i // 40}/dossier.page:{i}",
            "sha256": hashlib.sha256(f"bench page {i}".encode()).hexdigest(),
            "storage_name": f"blobs/{i % 256:02x}/{i:08d}.pdf",
            "meta": {"case": f"（2026）苏0508民初{i // 40}号", "page": i % 40 + 1},
        }
        for i in range(n)
    ]


def _plain_rows(items: list[dict], start: int, now: datetime) -> list:
    """The same rows as the ledger writes (entry, leaf hash, columns), built beforehand: the INSERT alone."""
    from smartcourt.ledger import merkle
    from smartcourt.ledger.entries import entry_build
    from smartcourt.ledger.models import LedgerRecord

    rows = []
    for k, item in enumerate(items):
        entry = entry_build(kind=item["kind"], subject=item["subject"], sha256=item["sha256"], meta=item["meta"],
                            time=now)  # fmt: skip
        rows.append(
            LedgerRecord(
                index=start + k,
                leaf_hash=merkle.leaf_hash(entry.encode()).hex(),
                entry=entry,
                kind=item["kind"],
                subject=item["subject"],
                sha256=item["sha256"],
                storage_name=item["storage_name"],
                recorded_at=now,
            )
        )
    return rows


def _append_rates() -> None:
    from smartcourt.ledger import merkle, selectors
    from smartcourt.ledger.audit import ledger_verify
    from smartcourt.ledger.models import LedgerRecord
    from smartcourt.ledger.services import _insert, ledger_anchor_many, ledger_flush

    items = _items(APPENDS)
    now = datetime.now(tz=UTC)
    plain_rows = _plain_rows(items, 0, now)
    print(f"  {APPENDS:,} dossier-page anchors, {BATCH} per transaction, durable commits", flush=True)
    started = time.perf_counter()
    for r in plain_rows:
        merkle.leaf_hash(r.entry.encode())
    hash_s = time.perf_counter() - started
    print(f"  raw hashlib SHA-256 (leaf hashes)                      {APPENDS / hash_s:12,.0f} /s", flush=True)

    copy_rows = [
        (r.index, r.leaf_hash, r.entry, r.kind, r.subject, r.sha256, r.storage_name, r.recorded_at) for r in plain_rows
    ]
    for schema in ("bench_plain", "bench_copy", "bench_ledger"):  # made afresh: the tables' shape may have changed
        _sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    for schema in ("bench_plain", "bench_copy"):
        _schema(schema, ["ledger_ledgerrecord"])
        _reset(schema, ["ledger_ledgerrecord"])
    _schema("bench_ledger", TABLES)
    _reset("bench_ledger", TABLES)
    plain_rates, copy_rates, ledger_rates = [], [], []
    step = APPENDS // ROUNDS
    for r in range(ROUNDS):
        chunk = range(r * step, (r + 1) * step)
        _use("bench_plain")
        started = time.perf_counter()
        for lo in range(chunk.start, chunk.stop, BATCH):
            with transaction.atomic():
                LedgerRecord.objects.bulk_create(plain_rows[lo : min(lo + BATCH, chunk.stop)], batch_size=2000)
        plain_rates.append(step / (time.perf_counter() - started))
        _use("bench_copy")
        started = time.perf_counter()
        for lo in range(chunk.start, chunk.stop, BATCH):
            with transaction.atomic():
                _insert(copy_rows[lo : min(lo + BATCH, chunk.stop)])
        copy_rates.append(step / (time.perf_counter() - started))
        _use("bench_ledger")
        started = time.perf_counter()
        for lo in range(chunk.start, chunk.stop, BATCH):
            ledger_anchor_many(items[lo : min(lo + BATCH, chunk.stop)])  # the caller's transaction
            ledger_flush(max_batch=BATCH)  # what the flush task enqueued on its commit does
        ledger_rates.append(step / (time.perf_counter() - started))
    plain, copied = statistics.median(plain_rates), statistics.median(copy_rates)
    ledger = statistics.median(ledger_rates)
    rounds = " ".join(
        f"{p:,.0f}/{c:,.0f}/{q:,.0f}" for p, c, q in zip(plain_rates, copy_rates, ledger_rates, strict=True)
    )
    print(f"  baseline: plain batched INSERT of the same rows (bulk_create)  {plain:9,.0f} /s", flush=True)
    print(f"  baseline: plain COPY of the same rows, prebuilt (the floor)    {copied:9,.0f} /s", flush=True)
    print(
        f"  anchor + flush (full anchoring path, each leaf written once)   {ledger:9,.0f} /s   ×{ledger / plain:.2f} of "
        f"plain INSERT (goal ≥ ×0.80), ×{ledger / copied:.2f} of plain COPY",
        flush=True,
    )
    print(f"    rounds insert/copy/ledger: {rounds}", flush=True)
    _use("bench_ledger")
    head = selectors.ledger_head()
    assert head.size == APPENDS and head.waiting == 0
    assert (
        head.root_hash
        == merkle.root(
            [bytes.fromhex(h) for h in LedgerRecord.objects.order_by("index").values_list("leaf_hash", flat=True)]
        ).hex()
    )
    # a full audit pass of this log (realistic entries, stored nodes, every checkpoint): the per-leaf baseline
    report = ledger_verify(full=True, files=False)
    assert report.ok, report.problems[:3]
    global _full_rate
    _full_rate = report.leaves / report.seconds
    print(
        f"  full audit pass of these {report.leaves:,} leaves ({report.checkpoints} checkpoints): "
        f"{report.seconds:.2f} s, {_full_rate:,.0f} leaves/s",
        flush=True,
    )
    _use("public")


_full_rate = 0.0


def _tree_entry_sql() -> str:
    """The canonical entry of synthetic leaf i, in SQL — byte for byte what entries.entry_build makes."""
    return (
        '\'{"kind":"dossier.page","meta":{"case":"（2026）苏0508民初\' || (i / 40) || \'号","page":\' '
        "|| (i %% 40 + 1) || '},\"sha256\":\"' || encode(sha256(convert_to('tree page ' || i, 'UTF8')), 'hex') "
        f'|| \'","subject":"case:\' || (100000 + i / 40) || \'/dossier.page:\' || i || \'","time":"{TREE_TIME}",'
        '"v":1}\''
    )


def _tree_entry(i: int) -> tuple[str, str]:
    from smartcourt.ledger.entries import entry_build

    sha = hashlib.sha256(f"tree page {i}".encode()).hexdigest()
    entry = entry_build(kind="dossier.page", subject=f"case:{100000 + i // 40}/dossier.page:{i}", sha256=sha,
                        meta={"case": f"（2026）苏0508民初{i // 40}号", "page": i % 40 + 1},
                        time=datetime.fromisoformat(TREE_TIME))  # fmt: skip
    return entry, sha


def _build_tree() -> None:
    """10M leaves and their perfect subtrees (height ≥ 4), in SQL; skipped when the cached tree is complete."""
    from smartcourt.ledger.models import NODE_MIN_LEVEL

    big = ["ledger_ledgerrecord", "ledger_ledgernode", "ledger_ledgertreehead"]
    _schema("bench_tree", big, indexes=False, unlogged=True)
    _schema("bench_tree", [t for t in TABLES if t not in big])  # small: with their identity columns and indexes
    for table, column in [
        ("ledger_ledgerrecord", "index"),
        ("ledger_ledgernode", "key"),
        ("ledger_ledgertreehead", "id"),
    ]:
        exists = _sql(
            "SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = 'bench_tree' AND c.conrelid = %s::regclass AND c.contype = 'p'",
            [f"bench_tree.{table}"],
        )
        if not exists:
            _sql(f'ALTER TABLE bench_tree.{table} ADD PRIMARY KEY ("{column}")')
    _sql("ALTER TABLE bench_tree.ledger_ledgernode ADD COLUMN IF NOT EXISTS leaves bytea")
    head = _sql("SELECT size FROM bench_tree.ledger_ledgertreehead WHERE id = 1")
    if head and head[0][0] == LEAVES:
        print(f"  reusing the cached tree of {LEAVES:,} leaves (schema bench_tree)", flush=True)
        _tiles()
        return
    print(f"  building a tree of {LEAVES:,} leaves in SQL (once; cached in schema bench_tree) …", flush=True)
    started = time.perf_counter()
    _sql(
        "TRUNCATE bench_tree.ledger_ledgerrecord, bench_tree.ledger_ledgernode, bench_tree.ledger_ledgertreehead, "
        "bench_tree.ledger_ledgercheckpoint, bench_tree.ledger_ledgerauditmark"
    )
    _sql("DROP TABLE IF EXISTS bench_tree.scratch")
    _sql(
        'INSERT INTO bench_tree.ledger_ledgerrecord ("index", leaf_hash, entry, kind, subject, sha256, storage_name,'
        " recorded_at) "
        "SELECT i, encode(sha256('\\x00'::bytea || convert_to(e, 'UTF8')), 'hex'), e, 'dossier.page',"
        " 'case:' || (100000 + i / 40) || '/dossier.page:' || i,"
        " encode(sha256(convert_to('tree page ' || i, 'UTF8')), 'hex'), '', now()"
        f" FROM (SELECT i, {_tree_entry_sql()} AS e FROM generate_series(0, %s) AS i) AS g",
        [LEAVES - 1],
    )
    print(f"    leaves: {time.perf_counter() - started:.0f} s", flush=True)
    # levels 1–3 in a scratch table (not stored by the ledger), then each level from the one below
    _sql("CREATE UNLOGGED TABLE bench_tree.scratch (key bigint PRIMARY KEY, hash bytea)")
    _sql(
        "INSERT INTO bench_tree.scratch (key, hash) "
        "SELECT (1::bigint << 56) | (i / 2), sha256('\\x01'::bytea || l || r) FROM ("
        "  SELECT \"index\" AS i, decode(leaf_hash, 'hex') AS l,"
        "         lead(decode(leaf_hash, 'hex')) OVER (ORDER BY \"index\") AS r FROM bench_tree.ledger_ledgerrecord"
        ") AS pairs WHERE i %% 2 = 0 AND r IS NOT NULL",
        [],
    )
    level, width = 1, LEAVES // 2
    while width >= 2:
        lo, hi = level << 56, (level + 1) << 56
        source = "scratch" if level < NODE_MIN_LEVEL else "ledger_ledgernode"
        target = "scratch" if level + 1 < NODE_MIN_LEVEL else "ledger_ledgernode"
        _sql(
            f"INSERT INTO bench_tree.{target} (key, hash) "
            "SELECT (%s::bigint << 56) | ((k - %s) / 2), sha256('\\x01'::bytea || l || r) FROM ("
            f"  SELECT key AS k, hash AS l, lead(hash) OVER (ORDER BY key) AS r FROM bench_tree.{source}"
            "  WHERE key >= %s AND key < %s"
            ") AS pairs WHERE (k - %s) %% 2 = 0 AND r IS NOT NULL",
            [level + 1, lo, lo, hi, lo],
        )
        level, width = level + 1, width // 2
    _sql("DROP TABLE bench_tree.scratch")
    print(f"    nodes: {time.perf_counter() - started:.0f} s", flush=True)
    _tiles()
    _sql("VACUUM ANALYZE bench_tree.ledger_ledgerrecord")
    _sql("VACUUM ANALYZE bench_tree.ledger_ledgernode")
    _use("bench_tree")
    from smartcourt.ledger import selectors

    _sql(
        "INSERT INTO bench_tree.ledger_ledgertreehead (id, size, root_hash, updated_at) VALUES (1, %s, '', now())",
        [LEAVES],
    )
    root = selectors.root_at(LEAVES).hex()
    _sql("UPDATE bench_tree.ledger_ledgertreehead SET root_hash = %s WHERE id = 1", [root])
    _use("public")
    print(f"    tree ready in {time.perf_counter() - started:.0f} s; root {root}", flush=True)


def _tiles() -> None:
    """Each level-4 node keeps its 16 leaf hashes (migration 0003); filled in SQL when missing."""
    from smartcourt.ledger.models import NODE_MIN_LEVEL

    key = NODE_MIN_LEVEL << 56
    if _sql("SELECT leaves IS NOT NULL FROM bench_tree.ledger_ledgernode WHERE key = %s", [key])[0][0]:
        return
    started = time.perf_counter()
    _sql(
        "UPDATE bench_tree.ledger_ledgernode AS n SET leaves = t.leaves FROM ("
        '  SELECT (%s::bigint << 56) | ("index" / 16) AS key,'
        "         string_agg(decode(leaf_hash, 'hex'), ''::bytea ORDER BY \"index\") AS leaves"
        '  FROM bench_tree.ledger_ledgerrecord GROUP BY "index" / 16 HAVING count(*) = 16'
        ") AS t WHERE n.key = t.key",
        [NODE_MIN_LEVEL],
    )
    _sql("VACUUM ANALYZE bench_tree.ledger_ledgernode")
    print(f"    tiles (16 leaf hashes per level-4 node): {time.perf_counter() - started:.0f} s", flush=True)


def _proof_times() -> None:
    from smartcourt.ledger import merkle, selectors
    from smartcourt.ledger.models import LedgerRecord

    _use("bench_tree")
    head = selectors.ledger_head()
    n = head.size
    root = selectors.root_at(n)
    assert root.hex() == head.root_hash
    rng = random.Random(2025)
    # Correctness first: the SQL-made entries are the canonical ones, and proofs from the SQL-built nodes verify
    # against the root with leaf hashes computed in Python.
    for index in [0, n - 1, *(rng.randrange(n) for _ in range(20))]:
        entry, _sha = _tree_entry(index)
        assert LedgerRecord.objects.get(index=index).entry == entry
        leaf = merkle.leaf_hash(entry.encode())
        assert merkle.verify_inclusion(leaf, index, n, selectors.inclusion_proof(index=index, size=n), root)
    for first in [1, n - 1, *(rng.randrange(1, n) for _ in range(10))]:
        proof = selectors.consistency_proof(first=first, second=n)
        assert merkle.verify_consistency(first, n, selectors.root_at(first), root, proof)
    print(f"  tree size {n:,}: entries canonical, proofs verify against the root recomputed in Python", flush=True)

    from django.test.utils import CaptureQueriesContext

    counted = {}
    for name, call in (
        (
            "inclusion",
            lambda: selectors.inclusion_proof(index=(i := rng.randrange(n - 1)), size=rng.randrange(i + 1, n)),
        ),
        ("consistency", lambda: selectors.consistency_proof(first=rng.randrange(1, n), second=n)),
        ("root", lambda: selectors.root_at(rng.randrange(1, n))),
    ):
        with CaptureQueriesContext(connection) as captured:
            for _ in range(20):
                call()
        counted[name] = len(captured.captured_queries) / 20
    print(
        "  queries per call (20 random calls each): "
        + ", ".join(f"{name} {count:g}" for name, count in counted.items())
        + " — the tree head, the nodes and any leaf rows in one UNION ALL",
        flush=True,
    )

    def one_row() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT hash FROM ledger_ledgernode WHERE key = %s", [4 << 56 | rng.randrange(n >> 4)])
            assert cursor.fetchone() is not None

    baseline = timed(one_row, repeat=300)
    line("baseline: one node row by primary key (raw SQL)", baseline)
    line(
        f"inclusion proof at {n:,} (random leaf, full size)",
        timed(lambda: selectors.inclusion_proof(index=rng.randrange(n), size=n), repeat=300),
        baseline,
    )
    line(
        f"inclusion proof at {n:,} (random leaf and size)",
        timed(
            lambda: selectors.inclusion_proof(index=(i := rng.randrange(n - 1)), size=rng.randrange(i + 1, n)),
            repeat=300,
        ),
        baseline,
    )
    line(
        f"consistency proof (random first → {n:,})",
        timed(lambda: selectors.consistency_proof(first=rng.randrange(1, n), second=n), repeat=300),
        baseline,
    )
    line("root at a random size", timed(lambda: selectors.root_at(rng.randrange(1, n)), repeat=300), baseline)
    line("current root + size (ledger_head)", timed(selectors.ledger_head, repeat=300), baseline)
    # where the time goes: the one query's own time in the server (EXPLAIN ANALYZE), without the round trip
    server = []
    for _ in range(50):
        with CaptureQueriesContext(connection) as queries:
            selectors.inclusion_proof(index=(i := rng.randrange(n - 1)), size=rng.randrange(i + 1, n))
        plan = _sql("EXPLAIN (ANALYZE, FORMAT JSON) " + queries.captured_queries[-1]["sql"])[0][0][0]
        server.append(plan["Planning Time"] + plan["Execution Time"])
    print(
        f"  inclusion proof, the query alone in the server (plan + execute, p50)     {statistics.median(server):.2f} ms",
        flush=True,
    )
    print("  goal: proofs and roots p50 < 1 ms at 10,000,000 leaves", flush=True)
    _use("public")


def _checkpoint(size: int) -> None:
    """A signed checkpoint row of the bench tree (the production signing, without the audit-log row)."""
    from smartcourt.ledger import keys, note, selectors
    from smartcourt.ledger.models import LedgerCheckpoint

    key = keys.signing_key()
    root = selectors.root_at(size)
    body = note.Checkpoint(origin=key.name, size=size, root_hash=root).body()
    LedgerCheckpoint.objects.get_or_create(
        tree_size=size,
        defaults={
            "root_hash": root.hex(), "origin": key.name, "key_name": key.name, "key_id": key.hash.hex(), "body": body,
            "signature": key.signature_line(body).rsplit(" ", 1)[1],
        },
    )  # fmt: skip


def _audit_rates() -> None:
    """The daily incremental audit on the 10M tree: resume at the checkpoint AUDIT_SLICE leaves back, verify the
    leaves since, the new checkpoint and its consistency; per-leaf rate and fixed cost, extrapolated to 10⁸."""
    from smartcourt.ledger.audit import ledger_verify, resume_from
    from smartcourt.ledger.models import LedgerCheckpoint

    _use("bench_tree")
    n = _sql("SELECT size FROM ledger_ledgertreehead WHERE id = 1")[0][0]
    start = n - AUDIT_SLICE
    LedgerCheckpoint.objects.exclude(tree_size__in=[start, n]).delete()
    _checkpoint(start)
    _checkpoint(n)
    kept = LedgerCheckpoint.objects.get(tree_size=start)
    resume = resume_from(size=start, root_hash=kept.root_hash)
    assert resume is not None
    report = ledger_verify(resume=resume, files=False)
    assert report.ok and report.leaves == AUDIT_SLICE, report.problems[:3]
    rate = report.leaves / report.seconds
    resume_n = resume_from(size=n, root_hash=LedgerCheckpoint.objects.get(tree_size=n).root_hash)
    fixed = statistics.median([ledger_verify(resume=resume_n, files=False).seconds for _ in range(5)])
    full_rate = _full_rate or rate
    daily = fixed + DAILY_LEAVES / rate
    full = PROVINCE_LEAVES / full_rate
    print(
        f"  incremental audit at {n:,}: {report.leaves:,} new leaves + 2 checkpoints and their consistency in "
        f"{report.seconds:.2f} s = {rate:,.0f} leaves/s (fixed cost of a run with no new leaf {fixed * 1000:.1f} ms)",
        flush=True,
    )
    print(
        f"  baseline: full pass (rate measured above, {full_rate:,.0f} leaves/s) at 10⁸ leaves ≈ {full / 60:,.0f} min",
        flush=True,
    )
    print(
        f"  daily incremental at 10⁸ leaves ({DAILY_LEAVES:,} new a day) ≈ {daily / 60:.1f} min   "
        f"×{full / daily:,.0f} faster than the full pass (goal: minutes)",
        flush=True,
    )
    _use("public")


def run() -> None:
    if connection.vendor != "postgresql":
        print("  skipped: the ledger benchmark needs PostgreSQL (make bench sets DATABASE_URL)")
        return
    print("  (shared machine: read the ratios, each measured against its baseline in this same run)", flush=True)
    try:
        _append_rates()
        _build_tree()
        _proof_times()
        _audit_rates()
    finally:
        _use("public")

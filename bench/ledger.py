"""Ledger: durable appends per second beside a plain batched INSERT and raw SHA-256 of the same rows; inclusion and
consistency proof time at 10,000,000 leaves from stored nodes.

PostgreSQL only (the bench database of `make bench`). Each part works in its own schema, selected with search_path,
whose tables are copies of the ledger's (`CREATE TABLE … (LIKE ledger_… INCLUDING ALL)`), so the ORM code under test
is the production code and the real ledger tables are never touched:
- `bench_plain` / `bench_ledger` — emptied at every run; BENCH_LEDGER_APPENDS rows (default 50,000), 1,000 per
  transaction, synchronous_commit on (durable), in 5 alternating rounds (plain, ledger, plain, …; medians shown)
  so the background load of a shared machine falls on both alike.
- `bench_tree` — 10,000,000 leaves (BENCH_LEDGER_LEAVES) built in SQL with PostgreSQL's sha256(): leaves from
  generate_series, then every perfect subtree level by level with a window function; UNLOGGED, kept between runs
  (checked by size and by verifying proofs against a root recomputed in Python). The synthetic entries are
  `{"i":N}`; secondary indexes are left out (proofs read by primary key only).
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
BATCH = 1000
ROUNDS = 5
TABLES = [
    "ledger_ledgerrecord",
    "ledger_ledgernode",
    "ledger_ledgertreehead",
    "ledger_ledgerpending",
    "ledger_ledgercheckpoint",
]


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


def _entries(n: int) -> list[tuple[str, str, str]]:
    """Realistic entries: (entry JSON, subject, sha256), as ledger_anchor would build them."""
    from smartcourt.ledger.entries import entry_build

    now = datetime.now(tz=UTC)
    out = []
    for i in range(n):
        sha = hashlib.sha256(f"bench page {i}".encode()).hexdigest()
        subject = f"case:{100000 + i // 40}/dossier.page:{i}"
        meta = {"case": f"（2026）苏0508民初{i // 40}号", "page": i % 40 + 1}
        out.append((entry_build(kind="dossier.page", subject=subject, sha256=sha, meta=meta, time=now), subject, sha))
    return out


def _append_rates() -> None:
    from smartcourt.ledger.models import LedgerRecord, LedgerTreeHead
    from smartcourt.ledger.services import NewLeaf, _lock_head, ledger_anchor_many, ledger_flush, tree_append

    entries = _entries(APPENDS)
    now = datetime.now(tz=UTC)
    print(f"  {APPENDS:,} entries, {BATCH} per transaction, durable commits", flush=True)

    # raw hashing of the same entries (leaf hash only; the tree adds ~1 node hash per leaf, also shown)
    started = time.perf_counter()
    leaf_hashes = [hashlib.sha256(b"\x00" + e.encode()).digest() for e, _, _ in entries]
    hash_s = time.perf_counter() - started
    started = time.perf_counter()
    for a, b in zip(leaf_hashes[0::2], leaf_hashes[1::2], strict=False):
        hashlib.sha256(b"\x01" + a + b).digest()
    node_s = (time.perf_counter() - started) * 2  # ≈ n - 1 nodes in all
    print(f"  raw hashlib SHA-256 (leaf hashes)                {APPENDS / hash_s:12,.0f} /s", flush=True)
    print(f"  raw hashlib SHA-256 (leaf + node hashes)         {APPENDS / (hash_s + node_s):12,.0f} /s", flush=True)

    # plain batched INSERT of the same rows (same table shape and indexes, no hashing) and the ledger's sequencer
    # (leaf rows + completed perfect subtrees + tree head, one writer), in alternating rounds so that the load of a
    # shared machine falls on both alike; the median round of each is reported.
    _schema("bench_plain", ["ledger_ledgerrecord"])
    _sql("TRUNCATE bench_plain.ledger_ledgerrecord")
    _schema("bench_ledger", TABLES)
    _sql("TRUNCATE " + ", ".join(f"bench_ledger.{t}" for t in TABLES))
    plain_rates, ledger_rates = [], []
    step = APPENDS // ROUNDS
    for r in range(ROUNDS):
        chunk = range(r * step, (r + 1) * step)
        _use("bench_plain")
        started = time.perf_counter()
        for lo in range(chunk.start, chunk.stop, BATCH):
            with transaction.atomic():
                LedgerRecord.objects.bulk_create(
                    [
                        LedgerRecord(
                            index=lo + k,
                            leaf_hash=sha,
                            entry=e,
                            kind="dossier.page",
                            subject=s,
                            sha256=sha,
                            recorded_at=now,
                            sequenced_at=now,
                        )
                        for k, (e, s, sha) in enumerate(entries[lo : min(lo + BATCH, chunk.stop)])
                    ],
                    batch_size=2000,
                )
        plain_rates.append(step / (time.perf_counter() - started))
        _use("bench_ledger")
        started = time.perf_counter()
        for lo in range(chunk.start, chunk.stop, BATCH):
            with transaction.atomic():
                head = _lock_head()
                leaves = [
                    NewLeaf(e, "dossier.page", s, sha, "", now)
                    for e, s, sha in entries[lo : min(lo + BATCH, chunk.stop)]
                ]
                tree_append(head, leaves)
        ledger_rates.append(step / (time.perf_counter() - started))
    plain, ledger = statistics.median(plain_rates), statistics.median(ledger_rates)
    rounds = " ".join(f"{p:,.0f}/{q:,.0f}" for p, q in zip(plain_rates, ledger_rates, strict=True))
    print(f"  plain batched INSERT (no hashing)                {plain:12,.0f} /s", flush=True)
    print(
        f"  ledger sequencing (tree_append)                  {ledger:12,.0f} /s   ×{ledger / plain:.2f} of plain INSERT"
        f"   (rounds plain/ledger: {rounds})",
        flush=True,
    )

    # end to end: ledger_anchor (queue row in the caller's transaction) then ledger_flush
    _sql("TRUNCATE " + ", ".join(f"bench_ledger.{t}" for t in TABLES))
    items = [
        {"kind": "dossier.page", "subject": s, "sha256": sha, "meta": {"page": i}}
        for i, (_, s, sha) in enumerate(entries)
    ]
    started = time.perf_counter()
    for lo in range(0, APPENDS, BATCH):
        ledger_anchor_many(items[lo : lo + BATCH])
    anchored = time.perf_counter() - started
    started = time.perf_counter()
    ledger_flush(max_batch=BATCH)
    flushed = time.perf_counter() - started
    end_to_end = APPENDS / (anchored + flushed)
    print(
        f"  ledger_anchor (queue) + ledger_flush, end to end {end_to_end:12,.0f} /s   ×{end_to_end / plain:.2f} of plain INSERT"
    )
    print(f"    alone:    ledger_anchor_many (queue rows)       {APPENDS / anchored:12,.0f} /s", flush=True)
    print(f"    alone:    ledger_flush (sequence + dequeue)     {APPENDS / flushed:12,.0f} /s", flush=True)
    head = LedgerTreeHead.objects.get()
    assert head.size == APPENDS
    _use("public")


def _build_tree() -> None:
    """10M leaves and all their perfect subtrees, in SQL; skipped when the cached tree is complete."""
    _schema("bench_tree", TABLES, indexes=False, unlogged=True)
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
    head = _sql("SELECT size FROM bench_tree.ledger_ledgertreehead WHERE id = 1")
    if head and head[0][0] == LEAVES:
        print(f"  reusing the cached tree of {LEAVES:,} leaves (schema bench_tree)", flush=True)
        return
    print(f"  building a tree of {LEAVES:,} leaves in SQL (once; cached in schema bench_tree) …", flush=True)
    started = time.perf_counter()
    _sql("TRUNCATE bench_tree.ledger_ledgerrecord, bench_tree.ledger_ledgernode, bench_tree.ledger_ledgertreehead")
    _sql(
        'INSERT INTO bench_tree.ledger_ledgerrecord ("index", leaf_hash, entry, kind, subject, sha256, storage_name,'
        " recorded_at, sequenced_at) "
        "SELECT i, encode(sha256('\\x00'::bytea || convert_to('{\"i\":' || i || '}', 'UTF8')), 'hex'),"
        " '{\"i\":' || i || '}', 'bench', '', '', '', now(), now() FROM generate_series(0, %s) AS i",
        [LEAVES - 1],
    )
    print(f"    leaves: {time.perf_counter() - started:.0f} s", flush=True)
    # level 1 from the leaves, then each level from the one below (pairs (2j, 2j+1) → j)
    _sql(
        "INSERT INTO bench_tree.ledger_ledgernode (key, hash) "
        "SELECT (1::bigint << 56) | (i / 2), sha256('\\x01'::bytea || l || r) FROM ("
        "  SELECT \"index\" AS i, decode(leaf_hash, 'hex') AS l,"
        "         lead(decode(leaf_hash, 'hex')) OVER (ORDER BY \"index\") AS r FROM bench_tree.ledger_ledgerrecord"
        ") AS pairs WHERE i %% 2 = 0 AND r IS NOT NULL",
        [],
    )
    level, width = 1, LEAVES // 2
    while width >= 2:
        lo, hi = level << 56, (level + 1) << 56
        _sql(
            "INSERT INTO bench_tree.ledger_ledgernode (key, hash) "
            "SELECT (%s::bigint << 56) | ((k - %s) / 2), sha256('\\x01'::bytea || l || r) FROM ("
            "  SELECT key AS k, hash AS l, lead(hash) OVER (ORDER BY key) AS r FROM bench_tree.ledger_ledgernode"
            "  WHERE key >= %s AND key < %s"
            ") AS pairs WHERE (k - %s) %% 2 = 0 AND r IS NOT NULL",
            [level + 1, lo, lo, hi, lo],
        )
        level, width = level + 1, width // 2
    from smartcourt.ledger.models import NODE_MIN_LEVEL

    _sql("DELETE FROM bench_tree.ledger_ledgernode WHERE key < %s", [NODE_MIN_LEVEL << 56])  # as the ledger stores them
    print(f"    nodes: {time.perf_counter() - started:.0f} s", flush=True)
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


def _proof_times() -> None:
    from smartcourt.ledger import merkle, selectors

    _use("bench_tree")
    n = selectors.tree_size()
    root = selectors.root_at(n)
    rng = random.Random(2025)
    # Correctness first: proofs from the SQL-built nodes verify against the root with leaf hashes from Python.
    for index in [0, n - 1, *(rng.randrange(n) for _ in range(20))]:
        leaf = merkle.leaf_hash(f'{{"i":{index}}}'.encode())
        assert merkle.verify_inclusion(leaf, index, n, selectors.inclusion_proof(index=index, size=n), root)
    for first in [1, n - 1, *(rng.randrange(1, n) for _ in range(10))]:
        proof = selectors.consistency_proof(first=first, second=n)
        assert merkle.verify_consistency(first, n, selectors.root_at(first), root, proof)
    print(f"  tree size {n:,}: proofs verify against the root recomputed in Python", flush=True)

    def one_row() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT hash FROM ledger_ledgernode WHERE key = %s", [4 << 56 | rng.randrange(n >> 4)])
            assert cursor.fetchone() is not None

    baseline = timed(one_row, repeat=200)
    line("baseline: one node row by primary key (raw SQL)", baseline)
    line(
        f"inclusion proof at {n:,} (random leaf, full size)",
        timed(lambda: selectors.inclusion_proof(index=rng.randrange(n), size=n), repeat=200),
        baseline,
    )
    line(
        f"inclusion proof at {n:,} (random leaf and size)",
        timed(
            lambda: selectors.inclusion_proof(index=(i := rng.randrange(n - 1)), size=rng.randrange(i + 1, n)),
            repeat=200,
        ),
        baseline,
    )
    line(
        f"consistency proof (random first → {n:,})",
        timed(lambda: selectors.consistency_proof(first=rng.randrange(1, n), second=n), repeat=200),
        baseline,
    )
    line("root at a random size", timed(lambda: selectors.root_at(rng.randrange(1, n)), repeat=200), baseline)
    _use("public")


def run() -> None:
    if connection.vendor != "postgresql":
        print("  skipped: the ledger benchmark needs PostgreSQL (make bench sets DATABASE_URL)")
        return
    try:
        _append_rates()
        _build_tree()
        _proof_times()
    finally:
        _use("public")

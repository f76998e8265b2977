"""Province-scale case data for benchmarks (`seed_demo --scale province`): deterministic, chunked, resumable.

Rows are built as plain tuples (no model instances, no per-case services: ten million registrations through the
service layer would take days) and written per chunk of CHUNK cases in one transaction: PostgreSQL's COPY
(psycopg's `cursor.copy`), SQLite's executemany. Each chunk also advances the case-number sequences, so an
interrupted seed resumes from the cases already there (`--cases N` again continues), and later filings through the
service never collide with a bulk number. Each chunk's random generator is seeded by where the chunk starts, so the
same target gives the same cases however often the seed was interrupted.

A large load on PostgreSQL first drops the case tables' secondary indexes (kept, with their definitions, in a small
table) and builds them again at the end: building a GIN index once is far faster than updating it ten million times.
A resumed seed finds the kept definitions and rebuilds them when it is done.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from smartcourt.cases import rollup
from smartcourt.cases.models import Case, CaseEvent, CaseEventType, CaseNumberSequence, CaseParty, CauseOfAction, Person
from smartcourt.cases.rules.case_numbers import format_case_number
from smartcourt.cases.search import _tokens, name_grams
from smartcourt.courts.models import Court, Division, RoleGrant
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.legaltime.rules.deadlines import add_months

from . import people_gen

BATCH = 5_000  # persons per insert
CHUNK = 20_000  # cases per transaction (one progress line each)
DROP_INDEXES_FROM = 500_000  # a load of this many cases or more rebuilds the secondary indexes at the end
STASH = "demo_bulk_dropped_index"  # the dropped indexes' definitions, until they are built again
TRIAL_MONTHS = {"ordinary": 6, "simple": 3, "small_claims": 2, "second_instance": 3, "enforcement": 6}
INDEXED_TABLES = ("cases_case", "cases_caseparty", "cases_caseevent")


@lru_cache(maxsize=400_000)
def _name_words(name: str) -> tuple[str, ...]:
    """A party's index words, as `search.search_text_from` writes them: jieba's words, the name, its pieces."""
    return (*_tokens(name), name.lower(), *name_grams(name))


@lru_cache(maxsize=2_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_tokens(text))


@lru_cache(maxsize=2_000)
def _number_words(year: int, court_code: str, type_code: str) -> tuple[tuple[str, ...], int]:
    """The index words of this court × type × year's numbers, with the position of the sequence number (jieba
    cuts （2025）苏0508民初12号 into 2025 苏 0508 民初 12 号 whatever the sequence number is)."""
    words = _tokens(format_case_number(year=year, court_code=court_code, type_code=type_code, seq=987654))
    return tuple(words), words.index("987654")


def disposition_days(rng: random.Random, *, limit: int) -> int:
    """Days a demo case takes from filing to closing, given its trial period of `limit` days: 94% close within
    20–95% of it, 6% run 2–50% past it (the overdue cases the supervision lists and the court overview show)."""
    share = rng.uniform(0.2, 0.95) if rng.random() < 0.94 else rng.uniform(1.02, 1.5)
    return max(10, int(limit * share))


# ---------------------------------------------------------------- writing rows


def _columns(model: type[models.Model], given: Sequence[str]) -> tuple[list[str], tuple[Any, ...]]:
    """All of the model's columns but its id: the `given` ones first, then the rest with their default value
    (prepared for the database once, so a column added to the model later still gets its default)."""
    rest = [f for f in model._meta.concrete_fields if f.column not in given and not f.primary_key]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    return [*given, *(f.column for f in rest)], defaults


def _write(table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", [_sqlite_row(r) for r in rows])


def _sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values as Django stores them in SQLite: datetimes in UTC without an offset, dates and decimals as text."""
    ops = connection.ops
    return tuple(
        ops.adapt_datetimefield_value(v)
        if isinstance(v, datetime)
        else v.isoformat()
        if isinstance(v, date)
        else str(v)
        if isinstance(v, Decimal)
        else v
        for v in row
    )


def _new_ids(n: int) -> list[int]:
    """`n` fresh case ids (taken from the id sequence on PostgreSQL, after the largest id on SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('cases_case', 'id')) FROM generate_series(1, %s)", [n]
            )
            return [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM cases_case")
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + n))


# ---------------------------------------------------------------- secondary indexes during a large load


def _stash_exists(cursor: Any) -> bool:
    cursor.execute("SELECT to_regclass(%s)", [STASH])
    return cursor.fetchone()[0] is not None


def _drop_indexes(log: Callable[[str], None]) -> None:
    """Drop the secondary indexes of the case tables (not primary keys, not those behind a constraint), keeping
    their definitions in STASH in the same transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {STASH} (name text PRIMARY KEY, definition text NOT NULL)")
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
               WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [list(INDEXED_TABLES)],
        )
        rows = cursor.fetchall()
        for name, definition in rows:
            cursor.execute(f"INSERT INTO {STASH} VALUES (%s, %s) ON CONFLICT DO NOTHING", [name, definition])
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    log(f"  暂时删除二级索引 {len(rows)} 个（批量写入后重建）")


def _rebuild_indexes(log: Callable[[str], None]) -> None:
    with connection.cursor() as cursor:
        if not _stash_exists(cursor):
            return
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET max_parallel_maintenance_workers = 2")
        cursor.execute(f"SELECT name, definition FROM {STASH} ORDER BY name")
        for name, definition in cursor.fetchall():
            started = time.monotonic()
            cursor.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
            cursor.execute(f"DELETE FROM {STASH} WHERE name = %s", [name])
            log(f"  重建索引 {name}（{time.monotonic() - started:.0f} 秒）")
        cursor.execute(f"DROP TABLE {STASH}")
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("RESET max_parallel_maintenance_workers")


# ---------------------------------------------------------------- the data


def _persons(rng: random.Random, count: int, log: Callable[[str], None]) -> list[int]:
    """A pool of natural and legal persons with valid, unique identity numbers."""
    existing = Person.objects.count()
    if existing >= count:
        return list(Person.objects.order_by("pk").values_list("pk", flat=True)[:count])
    seen_ids = set(Person.objects.exclude(id_number=None).values_list("id_number", flat=True))
    seen_codes = set(Person.objects.exclude(credit_code=None).values_list("credit_code", flat=True))
    rows: list[Person] = []
    while len(rows) < count - existing:
        if rng.random() < 0.8:
            birth = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
            number = people_gen.make_resident_id(
                rng,
                birth_date=birth,
                region=rng.choice(["320508", "320505", "320583", "320613", "320682", "320681"]),
                gender=rng.choice("MF"),
            )
            if number in seen_ids:
                continue
            seen_ids.add(number)
            rows.append(
                Person(
                    kind="natural",
                    name=people_gen.person_name(rng),
                    id_number=number,
                    birth_date=birth,
                    phone=people_gen.mobile(rng),
                    address=people_gen.address(rng, "苏州市"),
                )
            )
        else:
            code = people_gen.make_uscc(rng)
            if code in seen_codes:
                continue
            seen_codes.add(code)
            rows.append(
                Person(
                    kind="legal",
                    name=people_gen.company_name(rng, "苏州市"),
                    credit_code=code,
                    legal_representative=people_gen.person_name(rng),
                )
            )
    for start in range(0, len(rows), BATCH):
        Person.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)
    log(f"  当事人主体 {len(rows)} 个")
    return list(Person.objects.order_by("pk").values_list("pk", flat=True))


class _Province:
    """What every chunk draws from: courts and their weights, judges, divisions, causes, the persons' pool."""

    def __init__(self, *, seed: int, need: int, log: Callable[[str], None]) -> None:
        self.today = timezone.localdate()
        self.courts = list(Court.objects.order_by("pk"))
        self.weights = [
            8 if c.level == CourtLevel.BASIC else 3 if c.level == CourtLevel.INTERMEDIATE else 1 for c in self.courts
        ]
        # (id, basic court?, code) and cumulative weights: what each case's draw needs, without a model attribute
        # lookup or the weights summed again per draw (`choices` with cum_weights draws exactly as with weights)
        self.court_rows = [(c.pk, c.level == CourtLevel.BASIC, c.code) for c in self.courts]
        self.cum_weights = list(accumulate(self.weights))
        self.judges: dict[int, list[int]] = defaultdict(list)
        for grant in RoleGrant.objects.filter(role=Role.JUDGE).order_by("pk").values("court_id", "user_id"):
            self.judges[grant["court_id"]].append(grant["user_id"])
        self.divisions = {(d.court_id, d.kind): d.pk for d in Division.objects.order_by("pk")}
        self.causes = list(
            CauseOfAction.objects.filter(kind="civil", selectable=True, level__gte=3)
            .order_by("code")
            .values_list("pk", "name")[:300]
        )
        self.person_ids = _persons(random.Random(seed * 7919), min(300_000, max(20_000, need // 4)), log)
        self.names = dict(Person.objects.filter(pk__in=self.person_ids).values_list("pk", "name"))
        self.seqs = {(s.court_id, s.type_code, s.year): s.last for s in CaseNumberSequence.objects.all()}
        self.case_cols, self.case_defaults = _columns(Case, CASE_COLUMNS)
        self.party_cols, self.party_defaults = _columns(CaseParty, PARTY_COLUMNS)
        self.event_cols, self.event_defaults = _columns(CaseEvent, EVENT_COLUMNS)


CASE_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "number",
    "year",
    "type_code",
    "seq",
    "court_id",
    "division_id",
    "kind",
    "procedure",
    "cause_id",
    "title",
    "state",
    "judge_id",
    "claim_amount",
    "filed_on",
    "closed_on",
    "closing_method",
    "archived_on",
    "trial_due_on",
    "search_text",
)
PARTY_COLUMNS = ("created_at", "updated_at", "case_id", "person_id", "role", "position")
EVENT_COLUMNS = ("case_id", "type", "occurred_at", "summary", "payload")
ROLES = {"执": ("enforcement_applicant", "judgment_debtor"), "民终": ("appellant", "appellee")}


@lru_cache(maxsize=20_000)
def _due(filed_on: date, months: int) -> date:
    return add_months(filed_on, months)


def _chunk(
    p: _Province, rng: random.Random, size: int
) -> tuple[list[tuple], list[tuple], list[tuple], dict[tuple[int, str, int], int]]:
    """`size` cases with their parties and registration events, as rows for `_write`; the case-number sequences
    the chunk touched, with their last number after it."""
    ids = _new_ids(size)
    now = timezone.now()
    cases, parties, events = [], [], []
    touched = set()
    zone = timezone.get_current_timezone()
    for pk in ids:
        court_id, basic, court_code = rng.choices(p.court_rows, cum_weights=p.cum_weights)[0]  # as weights=
        filed_on = p.today - timedelta(days=rng.randint(1, 1460))
        type_code = "民初" if basic else "民终"
        if basic and rng.random() < 0.18:
            type_code = "执"
        key = (court_id, type_code, filed_on.year)
        seq = p.seqs[key] = p.seqs.get(key, 0) + 1
        touched.add(key)
        procedure = (
            "enforcement"
            if type_code == "执"
            else "second_instance"
            if type_code == "民终"
            else rng.choice(["ordinary", "simple", "simple", "small_claims"])
        )
        plaintiff, defendant = rng.choice(p.person_ids), rng.choice(p.person_ids)
        cause_id, cause_name = rng.choice(p.causes) if p.causes else (None, "")
        if type_code == "执":
            cause_id = None
        plaintiff_name, defendant_name = p.names[plaintiff], p.names[defendant]
        number = format_case_number(year=filed_on.year, court_code=court_code, type_code=type_code, seq=seq)
        age = (p.today - filed_on).days
        due = _due(filed_on, TRIAL_MONTHS[procedure])
        # As in a court's statistics: most cases close well within their trial period, a few run past it, so
        # a few percent of the pending ones are overdue (disposition_days, shared with the demo court's seed).
        takes = disposition_days(rng, limit=(due - filed_on).days)
        closed_on = filed_on + timedelta(days=takes) if takes <= age else None
        state = "in_trial" if closed_on is None else "archived" if age > 400 and rng.random() < 0.8 else "closed"
        words, at = _number_words(filed_on.year, court_code, type_code)
        search = dict.fromkeys(
            (
                *words[:at],
                str(seq),
                *words[at + 1 :],
                *_name_words(plaintiff_name),
                *_name_words(defendant_name),
                *_words(cause_name),
            )
        )
        kind = "enforcement" if type_code == "执" else "civil"
        judges = p.judges.get(court_id)
        cases.append(
            (
                pk,
                now,
                now,
                number,
                filed_on.year,
                type_code,
                seq,
                court_id,
                p.divisions.get((court_id, kind)),
                kind,
                procedure,
                cause_id,
                f"{plaintiff_name}诉{defendant_name}{cause_name}"[:200],
                state,
                rng.choice(judges) if judges else None,
                Decimal(int(rng.lognormvariate(10.5, 1.3))),
                filed_on,
                closed_on,
                rng.choice(["judgment", "mediation", "withdrawal"]) if closed_on else "",
                closed_on + timedelta(days=60) if state == "archived" else None,
                due if state == "in_trial" else None,
                " ".join(search),
                *p.case_defaults,
            )
        )
        first, second = ROLES.get(type_code, ("plaintiff", "defendant"))
        parties.append((now, now, pk, plaintiff, first, 1, *p.party_defaults))
        if defendant != plaintiff:
            parties.append((now, now, pk, defendant, second, 1, *p.party_defaults))
        events.append(
            (
                pk,
                CaseEventType.REGISTERED.value,
                datetime.combine(filed_on, datetime.min.time(), tzinfo=zone),
                f"立案，案号{number}",
                f'{{"new": {{"number": "{number}"}}}}',  # json.dumps of it, without its cost per row
                *p.event_defaults,
            )
        )
    return cases, parties, events, {key: p.seqs[key] for key in touched}


def _save_sequences(sequences: dict[tuple[int, str, int], int]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO cases_casenumbersequence (court_id, type_code, year, last) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (court_id, type_code, year) DO UPDATE SET last = excluded.last",
            [(court_id, type_code, year, last) for (court_id, type_code, year), last in sequences.items()],
        )


def _generated(p: _Province, seed: int, start: int, size: int) -> tuple[list[tuple], list[tuple], list[tuple], dict]:
    return _chunk(p, random.Random(f"{seed}:{start}"), size)


def _chunks(p: _Province, *, seed: int, have: int, need: int, chunk: int) -> Iterator[tuple]:
    """The chunks' rows in order, each drawn from its own seeded generator (so a resumed seed draws the same).
    Generating the next chunk in a thread while this one is COPYed was measured slower (1,834–2,039 against 2,715
    cases/s one at a time, on this busy 2-core machine): both are Python work contending for the GIL."""
    for made in range(0, need, chunk):
        yield _generated(p, seed, have + made, min(chunk, need - made))


def seed_bulk_cases(*, seed: int, target: int, log: Callable[[str], None] = print, chunk: int = CHUNK) -> int:
    """Grow the database to `target` cases, one committed chunk at a time; returns how many were added."""
    have = Case.objects.count()
    postgres = connection.vendor == "postgresql"
    if have >= target:
        if postgres:
            _rebuild_indexes(log)  # an earlier run stopped after its last chunk
        log(f"  已有案件 {have:,} 件，不少于目标 {target:,} 件，跳过批量生成。")
        return 0
    started = time.monotonic()
    need = target - have
    province = _Province(seed=seed, need=need, log=log)
    if postgres:
        with connection.cursor() as cursor:
            stashed = _stash_exists(cursor)
            cursor.execute("SET synchronous_commit = off")  # this session's commits only: a crash loses a chunk
        if need >= DROP_INDEXES_FROM and not stashed:
            _drop_indexes(log)
    made = 0
    for cases, parties, events, sequences in _chunks(province, seed=seed, have=have, need=need, chunk=chunk):
        with transaction.atomic():
            _write("cases_case", province.case_cols, cases)
            _write("cases_caseparty", province.party_cols, parties)
            _write("cases_caseevent", province.event_cols, events)
            _save_sequences(sequences)
            rollup.cases_added(rollup.Place(c[7], c[8], c[16], c[17]) for c in cases)
        made += len(cases)
        elapsed = time.monotonic() - started
        rate = made / max(elapsed, 1e-6)
        log(
            f"  批量案件 {have + made:,} / {target:,}（本次 {made:,} 件，{rate:,.0f} 件/秒，"
            f"预计还需 {(need - made) / max(rate, 1e-6) / 60:.1f} 分钟）"
        )
    if postgres:
        _rebuild_indexes(log)
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
            for table in INDEXED_TABLES:  # statistics, and the visibility map index-only scans need
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    log(f"  批量案件 {need:,} 件，用时 {time.monotonic() - started:.0f} 秒")
    return need

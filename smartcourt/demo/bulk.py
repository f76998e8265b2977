"""Province-scale case data for benchmarks (`seed_demo --scale province`): bulk inserts, deterministic.

Rows are built in memory and written with bulk_create in batches (no per-case services: a million registrations
through the service layer would take hours). Numbers continue each court × type × year sequence and the sequence
rows are advanced at the end, so later filings through the service never collide.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.models import Case, CaseEvent, CaseEventType, CaseNumberSequence, CaseParty, CauseOfAction, Person
from smartcourt.cases.rules.case_numbers import format_case_number
from smartcourt.cases.search import _tokens
from smartcourt.courts.models import Court, Division, RoleGrant
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.legaltime.rules.deadlines import add_months

from . import people_gen

BATCH = 5_000
TRIAL_MONTHS = {"ordinary": 6, "simple": 3, "small_claims": 2, "second_instance": 3, "enforcement": 6}


@lru_cache(maxsize=200_000)
def _tok(text: str) -> tuple[str, ...]:
    return tuple(_tokens(text))


def _persons(rng: random.Random, count: int, log: Callable[[str], None]) -> list[int]:
    """A pool of natural and legal persons with valid, unique identity numbers."""
    existing = Person.objects.count()
    if existing >= count:
        return list(Person.objects.values_list("pk", flat=True)[:count])
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
    return list(Person.objects.values_list("pk", flat=True))


def disposition_days(rng: random.Random, *, limit: int) -> int:
    """Days a demo case takes from filing to closing, given its trial period of `limit` days: 94% close within
    20–95% of it, 6% run 2–50% past it (the overdue cases the supervision lists and the court overview show)."""
    share = rng.uniform(0.2, 0.95) if rng.random() < 0.94 else rng.uniform(1.02, 1.5)
    return max(10, int(limit * share))


def seed_bulk_cases(*, seed: int, target: int, log: Callable[[str], None] = print) -> int:
    rng = random.Random(seed * 7919)
    have = Case.objects.count()
    if have >= target:
        log(f"  已有案件 {have} 件，不少于目标 {target} 件，跳过批量生成。")
        return 0
    started = time.monotonic()
    need = target - have
    today = timezone.localdate()
    courts = list(Court.objects.all())
    weights = [8 if c.level == CourtLevel.BASIC else 3 if c.level == CourtLevel.INTERMEDIATE else 1 for c in courts]
    judges: dict[int, list[int]] = defaultdict(list)
    for grant in RoleGrant.objects.filter(role=Role.JUDGE).values("court_id", "user_id"):
        judges[grant["court_id"]].append(grant["user_id"])
    divisions = {(d.court_id, d.kind): d.pk for d in Division.objects.all()}
    causes = list(
        CauseOfAction.objects.filter(kind="civil", selectable=True, level__gte=3).values_list("pk", "name")[:300]
    )
    person_ids = _persons(rng, min(300_000, max(20_000, need // 4)), log)
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    seqs = {(s.court_id, s.type_code, s.year): s.last for s in CaseNumberSequence.objects.all()}
    made = 0
    while made < need:
        size = min(BATCH, need - made)
        cases: list[Case] = []
        party_pairs: list[tuple[int, int]] = []
        for _ in range(size):
            court = rng.choices(courts, weights=weights)[0]
            filed_on = today - timedelta(days=rng.randint(1, 1460))
            type_code = "民初" if court.level == CourtLevel.BASIC else "民终"
            if court.level == CourtLevel.BASIC and rng.random() < 0.18:
                type_code = "执"
            key = (court.pk, type_code, filed_on.year)
            seqs[key] = seqs.get(key, 0) + 1
            procedure = (
                "enforcement"
                if type_code == "执"
                else "second_instance"
                if type_code == "民终"
                else rng.choice(["ordinary", "simple", "simple", "small_claims"])
            )
            plaintiff, defendant = rng.choice(person_ids), rng.choice(person_ids)
            cause_id, cause_name = rng.choice(causes) if causes else (None, "")
            title = f"{names[plaintiff]}诉{names[defendant]}{cause_name}"
            number = format_case_number(year=filed_on.year, court_code=court.code, type_code=type_code, seq=seqs[key])
            age = (today - filed_on).days
            # As in a court's statistics: most cases close well within their trial period, a few run past it, so
            # a few percent of the pending ones are overdue (disposition_days, shared with the demo court's seed).
            takes = disposition_days(rng, limit=(add_months(filed_on, TRIAL_MONTHS[procedure]) - filed_on).days)
            closed_on = filed_on + timedelta(days=takes) if takes <= age else None
            state = "in_trial" if closed_on is None else "archived" if age > 400 and rng.random() < 0.8 else "closed"
            tokens = dict.fromkeys(
                (
                    *_tok(number),
                    *_tok(names[plaintiff]),
                    *_tok(names[defendant]),
                    *_tok(cause_name),
                    names[plaintiff].lower(),
                    names[defendant].lower(),
                )
            )
            cases.append(
                Case(
                    number=number,
                    year=filed_on.year,
                    type_code=type_code,
                    seq=seqs[key],
                    court=court,
                    division_id=divisions.get((court.pk, "enforcement" if type_code == "执" else "civil")),
                    kind="enforcement" if type_code == "执" else "civil",
                    procedure=procedure,
                    cause_id=cause_id if type_code != "执" else None,
                    title=title[:200],
                    state=state,
                    judge_id=rng.choice(judges[court.pk]) if judges.get(court.pk) else None,
                    claim_amount=Decimal(int(rng.lognormvariate(10.5, 1.3))),
                    filed_on=filed_on,
                    closed_on=closed_on,
                    closing_method=rng.choice(["judgment", "mediation", "withdrawal"]) if closed_on else "",
                    archived_on=closed_on + timedelta(days=60) if state == "archived" else None,
                    trial_due_on=add_months(filed_on, TRIAL_MONTHS[procedure]) if state == "in_trial" else None,
                    search_text=" ".join(tokens),
                )
            )
            party_pairs.append((plaintiff, defendant))
        with transaction.atomic():
            Case.objects.bulk_create(cases, batch_size=BATCH)
            numbers = [c.number for c in cases]
            ids = dict(Case.objects.filter(number__in=numbers).values_list("number", "pk"))
            parties, events = [], []
            for case, (plaintiff, defendant) in zip(cases, party_pairs, strict=True):
                pk = ids[case.number]
                first, second = (
                    ("enforcement_applicant", "judgment_debtor")
                    if case.type_code == "执"
                    else ("appellant", "appellee")
                    if case.type_code == "民终"
                    else ("plaintiff", "defendant")
                )
                parties.append(CaseParty(case_id=pk, person_id=plaintiff, role=first, position=1))
                if defendant != plaintiff:
                    parties.append(CaseParty(case_id=pk, person_id=defendant, role=second, position=1))
                events.append(
                    CaseEvent(
                        case_id=pk,
                        type=CaseEventType.REGISTERED,
                        summary=f"立案，案号{case.number}",
                        occurred_at=timezone.make_aware(
                            timezone.datetime.combine(case.filed_on, timezone.datetime.min.time())
                        ),
                        payload={"new": {"number": case.number}},
                    )
                )
            CaseParty.objects.bulk_create(parties, batch_size=BATCH)
            CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        made += size
        if made % 50_000 < BATCH:
            rate = made / (time.monotonic() - started)
            log(f"  已生成 {have + made} 件（{rate:,.0f} 件/秒）")
    with transaction.atomic():
        for (court_id, type_code, year), last in seqs.items():
            CaseNumberSequence.objects.update_or_create(
                court_id=court_id, type_code=type_code, year=year, defaults={"last": last}
            )
    log(f"  批量案件 {need} 件，用时 {time.monotonic() - started:.0f} 秒")
    return need

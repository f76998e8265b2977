"""Mediation: the funnel dashboard (万人成讼率) over 1,000,000 disputes, beside a plain COUNT(*) of the same rows.

A bench court with a county, 10 townships and 100 villages gets BENCH_MEDIATION_DISPUTES disputes (default
1,000,000) over two years, eight causes, every state, generated in the database by one INSERT … SELECT (no row
crosses the client) and kept between runs (checked by count); the funnel's daily aggregate is rebuilt from them
with `funnel_rebuild` (a few GROUP BYs), as after any bulk import. Then, in the same run:
- baseline: `SELECT COUNT(*)` of the court's disputes (what "just counting them" costs);
- the dashboard's data for the county (`selectors.funnel`: totals, per-area roll-up, causes, monthly series),
  a drill-down into one township, and a one-cause filter — all read from the aggregate, not the disputes.
"""

from __future__ import annotations

import os
import time

from django.db import connection, transaction

from bench._util import line, timed

N = int(os.environ.get("BENCH_MEDIATION_DISPUTES", "1000000"))
COURT_CODE = "BM01"
CAUSES = (
    "民间借贷纠纷",
    "买卖合同纠纷",
    "物业服务合同纠纷",
    "劳动争议",
    "机动车交通事故责任纠纷",
    "离婚后财产纠纷",
    "信用卡纠纷",
    "租赁合同纠纷",
)
STATES = ("settled",) * 6 + ("filed",) * 3 + ("mediating",)


def _world():  # type: ignore[no-untyped-def]
    from smartcourt.core.actors import SYSTEM
    from smartcourt.courts.models import Court
    from smartcourt.courts.roles import CourtLevel
    from smartcourt.courts.services import court_create
    from smartcourt.mediation.models import Area

    court = Court.objects.filter(code=COURT_CODE).first() or court_create(
        name="调解基准测试法院", code=COURT_CODE, level=CourtLevel.BASIC, actor=SYSTEM
    )
    county = Area.objects.filter(code="B00").first()
    if county is None:
        county = Area.objects.create(court=court, level="county", code="B00", name="基准县", residents=1_000_000)
        townships = Area.objects.bulk_create(
            Area(court=court, parent=county, level="township", code=f"B00{t:02d}", name=f"第{t + 1}镇", residents=100_000)
            for t in range(10)
        )  # fmt: skip
        # all villages in one insert: consecutive ids, so the generator spreads disputes over them arithmetically
        Area.objects.bulk_create(
            Area(court=court, parent=township, level="village", code=f"B00{t:02d}{v:02d}", name=f"第{t + 1}镇{v + 1}村",
                 residents=10_000)
            for t, township in enumerate(townships)
            for v in range(10)
        )  # fmt: skip
    return court, county


def _fill(court_id: int, have: int) -> None:
    from smartcourt.mediation.models import Area

    villages = list(Area.objects.filter(court_id=court_id, level="village").order_by("pk").values_list("pk", flat=True))
    first, count = min(villages), len(villages)
    assert villages == list(range(first, first + count)), "bench villages must have consecutive ids"
    cause = "CASE s.n % 8 " + " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(CAUSES)) + " END"
    state = "CASE s.n % 10 " + " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(STATES)) + " END"
    pg = connection.vendor == "postgresql"
    series = (
        f"generate_series({have + 1}, {N}) AS s(n)"
        if pg
        else f"(WITH RECURSIVE r(n) AS (SELECT {have + 1} UNION ALL SELECT n + 1 FROM r WHERE n < {N}) SELECT n FROM r) AS s"
    )
    day = "(DATE '2025-01-01' + (s.n % 700))" if pg else "date('2025-01-01', '+' || (s.n % 700) || ' days')"
    later = "(DATE '2025-01-01' + (s.n % 700) + 20)" if pg else "date('2025-01-01', '+' || (s.n % 700 + 20) || ' days')"
    now = "now()" if pg else "datetime('now')"
    sql = f"""
        INSERT INTO mediation_dispute (number, court_id, area_id, source, variant, state, cause_name, amount, summary,
            started_on, due_on, extended, routing, award_reference, children_involved, children_note, closed_on,
            created_at, updated_at)
        SELECT 'BM-' || s.n, {court_id}, {first} + (s.n % 9973 * 37) % {count}, 'body', 'general', {state}, {cause},
            (s.n % 500) * 100, '', {day}, {later}, FALSE, '[]', '', FALSE, '',
            CASE WHEN s.n % 10 = 9 THEN NULL ELSE {later} END, {now}, {now}
        FROM {series}
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def run() -> None:
    from smartcourt.core.actors import SYSTEM
    from smartcourt.mediation import selectors, services
    from smartcourt.mediation.models import Area, Dispute, FunnelDay

    court, county = _world()
    have = Dispute.objects.filter(court=court).count()
    if have < N:
        started = time.monotonic()
        _fill(court.pk, have)
        print(f"  generated {N - have:,} disputes in {time.monotonic() - started:.1f} s", flush=True)
    if have < N or not FunnelDay.objects.filter(area__court=court).exists():
        started = time.monotonic()
        rows = services.funnel_rebuild()
        print(f"  funnel aggregate rebuilt: {rows:,} rows in {time.monotonic() - started:.1f} s", flush=True)
    total = Dispute.objects.filter(court=court).count()
    aggregate = FunnelDay.objects.filter(area__court=court).count()
    print(f"  {total:,} disputes; {aggregate:,} aggregate rows (day × village × cause)", flush=True)

    def plain_count() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM mediation_dispute WHERE court_id = %s", [court.pk])
            cursor.fetchone()

    township = Area.objects.filter(parent=county).order_by("code").first()
    baseline = timed(plain_count, repeat=10, warmup=2)
    line("baseline: COUNT(*) of the court's disputes", baseline)
    line("funnel dashboard (county, all causes, 2 yrs)", timed(lambda: selectors.funnel(user=SYSTEM), 10, 2), baseline)
    line(
        "drill-down into one township",
        timed(lambda: selectors.funnel(user=SYSTEM, parent=township), 10, 2),
        baseline,
    )
    line(
        "one cause, one year",
        timed(
            lambda: selectors.funnel(user=SYSTEM, cause="劳动争议", first=county.created_at.date().replace(year=2025, month=1, day=1),
                                     last=county.created_at.date().replace(year=2025, month=12, day=31)),
            10, 2,
        ),
        baseline,
    )  # fmt: skip
    row = next(r for r in selectors.funnel(user=SYSTEM)["rows"] if r.key == str(county.pk))
    print(f"  check: funnel entered {row.entered:,} = disputes {total:,}: {row.entered == total}", flush=True)

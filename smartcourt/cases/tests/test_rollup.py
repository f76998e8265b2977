"""The rollup of filings and closings per court, division and month equals a recount after any case writes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcourt.cases import rollup
from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory

pytestmark = pytest.mark.django_db

BASE = date(2026, 6, 15)

register = st.tuples(st.just("register"), st.integers(0, 1), st.integers(0, 2), st.integers(0, 500))
close = st.tuples(st.just("close"), st.integers(0, 50), st.integers(0, 200), st.booleans())
reopen = st.tuples(st.just("reopen"), st.integers(0, 50), st.just(0), st.booleans())
move = st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 2), st.booleans())
refile = st.tuples(st.just("refile"), st.integers(0, 50), st.integers(0, 500), st.booleans())
update = st.tuples(st.just("update"), st.integers(0, 50), st.integers(0, 200), st.booleans())
operations = st.lists(st.one_of(register, close, reopen, move, refile, update), min_size=1, max_size=12)


@pytest.fixture
def places():  # type: ignore[no-untyped-def]
    courts = [CourtFactory(), CourtFactory()]
    divisions = {c.pk: [DivisionFactory(court=c), DivisionFactory(court=c)] for c in courts}
    return courts, divisions


# The courts are made once per test; the cases pile up across examples, which only makes the recount harder.
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_rollup_equals_a_recount_after_random_case_writes(places, ops) -> None:  # type: ignore[no-untyped-def]
    courts, divisions = places
    for op, a, b, flag in ops:
        cases = list(Case.objects.order_by("pk"))
        if op == "register":
            court = courts[a]
            division = divisions[court.pk][b] if b < 2 else None
            make_case(court=court, division=division, filed_on=BASE - timedelta(days=flag))
            continue
        if not cases:
            continue
        case = cases[a % len(cases)]
        if op == "close":
            case.closed_on = case.filed_on + timedelta(days=b)
            case.save(update_fields=["closed_on", "updated_at"]) if flag else case.save()
        elif op == "reopen":
            case.closed_on = None
            case.save(update_fields=["closed_on"]) if flag else case.save()
        elif op == "move":
            case.division = divisions[case.court_id][b] if b < 2 else None
            case.save(update_fields=["division"]) if flag else case.save()
        elif op == "update":  # QuerySet.update(): one case, or every case of its court
            rows = Case.objects.filter(pk=case.pk) if flag else Case.objects.filter(court_id=case.court_id)
            if b % 2:
                rows.update(closed_on=BASE + timedelta(days=b))
            else:
                rows.update(division=None, closed_on=None)
        elif op == "refile":
            case.filed_on = BASE - timedelta(days=b)
            if case.closed_on is not None and case.closed_on < case.filed_on:
                case.closed_on = case.filed_on
            case.save()
        if op in {"close", "reopen"} and flag:
            case.title = "仅改名称"
            case.save(update_fields=["title"])  # a write the rollup does not count by
    assert rollup.stored() == rollup.recount()


def test_rebuild_recounts_the_cases(places) -> None:  # type: ignore[no-untyped-def]
    courts, divisions = places
    a = make_case(court=courts[0], division=divisions[courts[0].pk][0], filed_on=BASE)
    make_case(court=courts[1], filed_on=BASE - timedelta(days=40))
    a.closed_on = BASE + timedelta(days=20)
    a.save()
    counted = rollup.recount()
    assert rollup.stored() == counted
    assert counted[(courts[0].pk, divisions[courts[0].pk][0].pk, date(2026, 6, 1))] == (1, 0, 0)
    assert counted[(courts[0].pk, divisions[courts[0].pk][0].pk, date(2026, 7, 1))] == (0, 1, 20)
    rollup.CaseMonthCount.objects.all().delete()
    call_command("rebuild_case_rollup")
    assert rollup.stored() == counted


def test_a_rollup_place_filter_is_only_court_and_division() -> None:
    from django.db.models import Q

    assert rollup.q_fits(Q(court=1) | Q(division=2) | Q(court_id__in=[3, 4]) | Q(pk__in=[]))
    assert rollup.q_fits(Q())
    assert not rollup.q_fits(Q(judge=1))
    assert not rollup.q_fits(Q(court=1) | Q(pk__in=[5]))

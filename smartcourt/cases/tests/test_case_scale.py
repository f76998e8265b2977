"""The case list at a province's size (ADR 0024): keyset pages and the bounded count return the right rows on
SQLite and PostgreSQL alike; on PostgreSQL the search, the pages and the filters are answered from indexes (checked
with EXPLAIN at a modest size, no timing); the overview's cache follows the case events of its own courts only."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartcourt.cases import selectors_pages
from smartcourt.cases.models import Case, CauseOfAction
from smartcourt.cases.search import name_grams, search_text_from
from smartcourt.cases.selectors import CaseFilters, case_list
from smartcourt.cases.selectors_pages import case_count, case_page
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")


@pytest.fixture
def docket():  # type: ignore[no-untyped-def]
    court = CourtFactory(code="苏0508")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    clerk = user_with_role(Role.CLERK, court, civil)
    start = date(2025, 3, 1)
    # 23 cases on 9 days: several share a filing date, so pages must break ties by id
    cases = [
        make_case(court=court, division=civil, filed_on=start + timedelta(days=n // 3), plaintiff=f"韦雨{n}")
        for n in range(23)
    ]
    Case.objects.filter(pk__in=[c.pk for c in cases[::2]]).update(state="in_trial")
    return {"court": court, "clerk": clerk, "cases": cases}


def _newest_first(cases: list[Case]) -> list[int]:
    return [c.pk for c in sorted(cases, key=lambda c: (c.filed_on, c.pk), reverse=True)]


def _walk(queryset, size: int) -> tuple[list[int], list[list[int]]]:  # type: ignore[no-untyped-def]
    """Every page by `next`, then back by `previous`: the ids in order, and the pages seen going back."""
    pages, page = [], case_page(queryset, size=size)
    assert not page.has_previous
    pages.append([c.pk for c in page.rows])
    while page.has_next:
        page = case_page(queryset, after=page.next_cursor, size=size)
        assert page.has_previous
        pages.append([c.pk for c in page.rows])
    back = [[c.pk for c in page.rows]]
    while page.has_previous:
        page = case_page(queryset, before=page.previous_cursor, size=size)
        back.append([c.pk for c in page.rows])
    return [pk for p in pages for pk in p], back[::-1]


def test_keyset_pages_return_every_case_once_in_order_and_walk_back(docket) -> None:  # type: ignore[no-untyped-def]
    qs = case_list(user=docket["clerk"], filters=CaseFilters())
    ids, back = _walk(qs, size=5)
    assert ids == _newest_first(docket["cases"])
    assert back == [ids[i : i + 5] for i in range(0, len(ids), 5)]  # previous pages are the same pages


def test_keyset_pages_with_a_filter_and_a_search(docket) -> None:  # type: ignore[no-untyped-def]
    in_trial = [c for c in docket["cases"] if Case.objects.get(pk=c.pk).state == "in_trial"]
    ids, _ = _walk(case_list(user=docket["clerk"], filters=CaseFilters(state="in_trial")), size=4)
    assert ids == _newest_first(in_trial)
    searched = case_list(user=docket["clerk"], filters=CaseFilters(q="韦雨1"))
    ids, _ = _walk(searched, size=4)
    assert ids == list(searched.values_list("pk", flat=True)) and len(ids) > 4  # every match, each once, in order


def test_an_unreadable_cursor_reads_as_the_first_page(docket) -> None:  # type: ignore[no-untyped-def]
    qs = case_list(user=docket["clerk"], filters=CaseFilters())
    first = [c.pk for c in case_page(qs, size=5).rows]
    assert [c.pk for c in case_page(qs, after="not-a-cursor", size=5).rows] == first
    assert [c.pk for c in case_page(qs, before="2025-13-99.x", size=5).rows] == first


def test_the_count_is_exact_when_small_and_an_estimate_past_the_bound(docket, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    qs = case_list(user=docket["clerk"], filters=CaseFilters())
    assert case_count(qs) == selectors_pages.CaseCount(23, True)
    monkeypatch.setattr(selectors_pages, "EXACT_UP_TO", 10)
    count = case_count(qs)
    if connection.vendor == "postgresql":
        assert not count.exact and count.value >= 11  # the planner's estimate, never below the bound
    else:
        assert count == selectors_pages.CaseCount(23, True)  # SQLite (one court) counts exactly


@postgresql_only
def test_a_large_estimate_is_shown_without_counting(docket, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Far past the bound the planner's estimate is shown as it is: the bounded count is not run (issue 15)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")  # the planner sees the docket's 23 cases (a fresh table looks empty)
    qs = case_list(user=docket["clerk"], filters=CaseFilters())
    monkeypatch.setattr(selectors_pages, "EXACT_UP_TO", 1)
    monkeypatch.setattr(selectors_pages, "ESTIMATE_TRUSTED_FROM", 2)
    with CaptureQueriesContext(connection) as asked:
        count = case_count(qs)
    assert not count.exact and count.value >= 2
    assert any(q["sql"].startswith("EXPLAIN") for q in asked) and not any("COUNT(" in q["sql"] for q in asked), [
        q["sql"][:300] for q in asked
    ]
    monkeypatch.setattr(selectors_pages, "ESTIMATE_TRUSTED_FROM", 10**9)  # an estimate that low: counted
    with CaptureQueriesContext(connection) as asked:
        assert not case_count(qs).exact
    assert any("COUNT(" in q["sql"] for q in asked)


def test_the_count_of_a_search_that_cannot_match_is_zero(docket) -> None:  # type: ignore[no-untyped-def]
    """A search Django knows matches nothing (a lone wildcard) sends no query to plan: 0, exactly (it was a 500 in
    the API on PostgreSQL, the empty EXPLAIN read as JSON)."""
    qs = case_list(user=docket["clerk"], filters=CaseFilters(q="%"))
    assert case_count(qs) == selectors_pages.CaseCount(0, True)


def test_the_list_page_pages_with_next_and_previous_links(client, docket, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(selectors_pages.case_page.__kwdefaults__, "size", 10)  # type: ignore[arg-type]
    login_verified(client, docket["clerk"])
    numbers = {c.pk: c.number for c in docket["cases"]}
    order = _newest_first(docket["cases"])
    page = client.get("/cases/", {"state": ""}).content.decode()
    assert "共 23 件" in page and 'data-testid="pager-next"' in page and "pager-previous" not in page
    assert all(numbers[pk] in page for pk in order[:10]) and numbers[order[10]] not in page
    after = selectors_pages.case_cursor(Case.objects.get(pk=order[9]))
    second = client.get("/cases/", {"after": after}).content.decode()
    assert all(numbers[pk] in second for pk in order[10:20]) and numbers[order[9]] not in second
    assert 'data-testid="pager-previous"' in second and 'data-testid="pager-next"' in second


def test_partial_names_are_index_words() -> None:
    assert name_grams("韦雨涵") == ["韦雨", "雨涵", "韦", "雨", "涵"]
    assert "雨涵" not in name_grams("苏州恒信贸易有限公司")[-1:]  # a long name: pairs only, no single characters
    text = search_text_from(number="（2025）苏0508民初12号", title="韦雨涵诉周建华离婚纠纷", names=["韦雨涵", "周建华"])
    assert {"雨涵", "建华", "韦雨涵", "民初", "12"} <= set(text.split())


# ---------------------------------------------------------------- plans on PostgreSQL, at a modest size


def _grow(court_id: int, rows: int) -> None:
    """`rows` plain cases of `court_id` straight in SQL (the service would take minutes), then ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO cases_case (created_at, updated_at, number, year, type_code, seq, court_id, kind, procedure,
                   title, state, filed_on, closing_method, search_text)
               SELECT now(), now(), '（2020）苏0508民初' || g || '号', 2020, '民初', g, %s, 'civil', 'simple',
                   '测试', CASE WHEN g %% 20 = 0 THEN 'in_trial' ELSE 'closed' END,
                   DATE '2020-01-01' + (g %% 1500), '',
                   '2020 苏 0508 民初 ' || g || ' 号 某甲' || g || ' 甲' || (g %% 97) || ' 乙' || (g %% 10007) || ' 某某 公司'
               FROM generate_series(100000, 100000 + %s) AS g""",
            [court_id, rows],
        )
        cursor.execute("ANALYZE cases_case")


def _plan(queryset) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """The plan as text, and the relations it reads by a sequential scan."""
    plan = json.loads(queryset.explain(format="json"))[0]["Plan"]
    seq, stack = [], [plan]
    while stack:
        node = stack.pop()
        if node["Node Type"] == "Seq Scan":
            seq.append(node["Relation Name"])
        stack.extend(node.get("Plans", []))
    return json.dumps(plan, ensure_ascii=False), seq


@postgresql_only
def test_postgresql_search_reads_its_indexes(docket) -> None:  # type: ignore[no-untyped-def]
    _grow(docket["court"].pk, 30_000)
    for q, index in (
        ("某甲12345", "cases_case_search_trgm"),  # a name, partial or whole, three characters or more: trigrams
        ("乙5", "cases_case_court_search_gin"),  # a short, rare word: the full-text index (with the court)
        ("民初12345", "cases_case_number_trgm"),  # part of a case number
        ("甲42", "Index"),  # a frequent word: an index either way (the newest-first one, or the full-text one)
    ):
        plan, seq = _plan(case_list(user=docket["clerk"], filters=CaseFilters(q=q))[:26])
        assert index in plan and "cases_case" not in seq, (q, plan)


@postgresql_only
def test_postgresql_pages_and_filters_read_indexes(docket) -> None:  # type: ignore[no-untyped-def]
    _grow(docket["court"].pk, 30_000)
    clerk = docket["clerk"]
    qs = case_list(user=clerk, filters=CaseFilters())
    last = list(qs[:26])[-1]
    after = qs.filter(filed_on__lte=last.filed_on).exclude(filed_on=last.filed_on, id__gte=last.pk)
    for label, queryset in (
        ("first page", qs[:26]),
        ("next page", after[:26]),
        ("overdue", case_list(user=clerk, filters=CaseFilters(overdue=True))[:26]),
        ("filed this month", case_list(user=clerk, filters=CaseFilters(filed_from=date(2021, 1, 1)))[:26]),
        ("closed between", case_list(user=clerk, filters=CaseFilters(closed_from=date(2021, 1, 1)))[:26]),
    ):
        plan, seq = _plan(queryset)
        assert "cases_case" not in seq and "Index" in plan, (label, plan)


@postgresql_only
def test_postgresql_judge_and_cause_counts_read_one_index(docket) -> None:  # type: ignore[no-untyped-def]
    """The pager's bounded count of the judge and cause filters reads one index: at 10,000,000 cases it was a
    BitmapAnd with the whole court's rows (issue 15); the (court, judge|cause, order) indexes of migration 0015 make
    it an index-only scan there (`bench/cases.py` saves the plans)."""
    court, clerk = docket["court"], docket["clerk"]
    judge = user_with_role(Role.JUDGE, court)
    cause = CauseOfAction.objects.create(kind="civil", code="T-9001", name="测试借款纠纷", level=3)
    _grow(court.pk, 30_000)
    with connection.cursor() as cursor:  # the grown cases spread over 50 judges and 50 causes, as a court's are
        cursor.execute(
            "UPDATE cases_case SET judge_id = CASE WHEN id %% 50 = 0 THEN %s END,"
            " cause_id = CASE WHEN id %% 50 = 1 THEN %s ELSE cause_id END WHERE court_id = %s",
            [judge.pk, cause.pk, court.pk],
        )
        cursor.execute("ANALYZE cases_case")
    for filters in (CaseFilters(judge=judge.pk), CaseFilters(cause_name="测试借款")):
        qs = case_list(user=clerk, filters=filters)
        for queryset in (qs[:26], qs.order_by().values("pk")[:1001]):
            plan, seq = _plan(queryset)  # at this size the planner may take (judge, state); never two bitmaps ANDed
            assert "Index" in plan and "BitmapAnd" not in plan and not seq, (filters, plan)


def test_the_api_pages_by_cursor_with_a_bounded_count(client, docket, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, docket["clerk"])
    order = _newest_first(docket["cases"])
    first = client.get("/api/v1/cases", {"limit": 10}).json()
    assert (first["count"], first["count_exact"]) == (23, True)
    assert [c["id"] for c in first["items"]] == order[:10] and first["next_cursor"]
    second = client.get("/api/v1/cases", {"limit": 10, "after": first["next_cursor"]}).json()
    assert [c["id"] for c in second["items"]] == order[10:20]
    last = client.get("/api/v1/cases", {"limit": 10, "after": second["next_cursor"]}).json()
    assert [c["id"] for c in last["items"]] == order[20:] and last["next_cursor"] is None
    by_offset = client.get("/api/v1/cases", {"limit": 10, "offset": 20}).json()
    assert [c["id"] for c in by_offset["items"]] == order[20:] and by_offset["next_cursor"] is None
    monkeypatch.setattr(selectors_pages, "EXACT_UP_TO", 10)
    bounded = client.get("/api/v1/cases", {"limit": 5}).json()
    assert bounded["count_exact"] is (connection.vendor != "postgresql") and bounded["count"] >= 11
    assert client.get("/api/v1/cases", {"after": "not-a-cursor"}).status_code == 200  # the first page


def test_the_judges_first_page_reads_its_grants_once(client, docket, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    """The list page's queries do not grow with what the page asks about its user (menu, two-factor, filters): the
    first page reads the grants once, and later pages take them from the signed-in person's cache (courts.signed_in)."""
    login_verified(client, docket["clerk"])
    with django_assert_max_num_queries(20) as first:
        client.get("/cases/")
    assert len([q for q in first.captured_queries if 'FROM "courts_rolegrant"' in q["sql"].split("WHERE")[0]]) == 1
    with django_assert_max_num_queries(14) as captured:
        assert client.get("/cases/").status_code == 200
    grants = [q["sql"] for q in captured.captured_queries if 'FROM "courts_rolegrant"' in q["sql"].split("WHERE")[0]]
    assert grants == []

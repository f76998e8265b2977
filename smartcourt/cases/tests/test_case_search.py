"""The case list's search and filters: partial names and numbers, the cause (案由) and division (庭室) filters — in
the selector, on the page and in the API. Runs on SQLite (LIKE) and PostgreSQL (pg_trgm) alike."""

from __future__ import annotations

import pytest
from django.db import connection

from smartcourt.cases.models import Case, CauseOfAction
from smartcourt.cases.selectors import CaseFilters, case_list
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def docket():  # type: ignore[no-untyped-def]
    court = CourtFactory(code="苏0508")
    civil1 = DivisionFactory(court=court, name="民事审判第一庭")
    civil2 = DivisionFactory(court=court, name="民事审判第二庭")
    parent = CauseOfAction.objects.create(kind="civil", code="T-1", name="婚姻家庭纠纷", level=2)
    divorce = CauseOfAction.objects.create(kind="civil", code="T-2", name="离婚纠纷", level=3, parent=parent)
    loan = CauseOfAction.objects.create(kind="civil", code="T-3", name="民间借贷纠纷", level=3)
    cases = {
        "wei": make_case(court=court, division=civil1, plaintiff="韦雨涵", defendant="周建华", cause=divorce),
        "zhang": make_case(
            court=court, division=civil1, plaintiff="张雨", defendant="苏州恒信贸易有限公司", cause=loan
        ),
        "li": make_case(court=court, division=civil2, plaintiff="李涵", defendant="王五", cause=loan),
    }
    clerk = user_with_role(Role.CLERK, court, civil1)
    return {"court": court, "civil1": civil1, "civil2": civil2, "divorce": divorce, "cases": cases, "clerk": clerk}


def _found(docket, **filters) -> set[str]:  # type: ignore[no-untyped-def]
    ids = set(case_list(user=docket["clerk"], filters=CaseFilters(**filters)).values_list("pk", flat=True))
    return {name for name, case in docket["cases"].items() if case.pk in ids}


def test_a_partial_name_finds_the_party(docket) -> None:  # type: ignore[no-untyped-def]
    assert _found(docket, q="雨涵") == {"wei"}  # jieba does not cut 韦雨涵 into 雨涵: the substring does
    assert _found(docket, q="韦雨涵") == {"wei"}
    assert _found(docket, q="雨") == {"wei", "zhang"}
    assert _found(docket, q="恒信贸易") == {"zhang"}  # part of a company's name
    assert _found(docket, q="韦雨涵 周建华") == {"wei"}  # every word must match
    assert _found(docket, q="韦雨涵 王五") == set()


def test_a_case_number_full_or_partial(docket) -> None:  # type: ignore[no-untyped-def]
    wei = docket["cases"]["wei"]
    assert _found(docket, q=wei.number) == {"wei"}
    assert _found(docket, q=f"民初{wei.seq}") == {"wei"}
    assert _found(docket, q=wei.number.replace("（", "(").replace("）", ")")) == {"wei"}  # ASCII brackets
    assert _found(docket, q=f"{wei.year}苏0508民初{wei.seq}") == {"wei"}  # no brackets at all
    assert _found(docket, q="民初") == {"wei", "zhang", "li"}


def test_wildcards_in_the_query_are_plain_characters(docket) -> None:  # type: ignore[no-untyped-def]
    assert _found(docket, q="%") == set()
    assert _found(docket, q="_") == set()


def test_the_cause_filter_selects_by_name_and_by_the_tree(docket) -> None:  # type: ignore[no-untyped-def]
    assert _found(docket, cause_name="离婚") == {"wei"}
    assert _found(docket, cause_name="借贷") == {"zhang", "li"}
    assert _found(docket, cause=docket["divorce"].parent_id) == {"wei"}  # a parent cause includes its children


def test_the_division_filter(docket) -> None:  # type: ignore[no-untyped-def]
    assert _found(docket, division=docket["civil2"].pk) == {"li"}


def test_the_list_page_applies_cause_division_and_partial_search(client, docket) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, docket["clerk"])
    numbers = {name: case.number for name, case in docket["cases"].items()}

    def shown(params: dict) -> set[str]:
        html = client.get("/cases/", params).content.decode()
        return {name for name, number in numbers.items() if number in html}

    assert shown({"cause_name": "离婚"}) == {"wei"}  # was ignored: 离婚 listed every case
    assert shown({"division": docket["civil2"].pk}) == {"li"}
    assert shown({"q": "雨涵"}) == {"wei"}
    page = client.get("/cases/").content.decode()
    assert 'data-testid="division-filter"' in page and "民事审判第二庭" in page


def test_the_api_applies_the_same_filters(client, docket) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, docket["clerk"])
    data = client.get("/api/v1/cases", {"cause_name": "离婚"}).json()
    assert [row["number"] for row in data["items"]] == [docket["cases"]["wei"].number]
    data = client.get("/api/v1/cases", {"q": "雨涵", "division": docket["civil1"].pk}).json()
    assert data["count"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm indexes exist on PostgreSQL only")
def test_postgresql_has_trigram_indexes_for_substring_search() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() is not None
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'cases_case' AND indexdef LIKE '%gin_trgm_ops%'"
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("(search_text gin_trgm_ops)" in d for d in definitions)
    assert any("(number gin_trgm_ops)" in d for d in definitions)
    assert Case.objects.count() == 0  # no data needed: the migration made them

"""The main pages' database queries: a fixed bound per page, and no query per row (N+1) — ADR 0025.

Each page of the load mix (bench/load.py) is fetched by the role that uses it, in the world of tests/world.py, and
its queries counted; then the world grows (more cases for the judge and the party, more parties on the case, more
documents in its dossier) and the page is counted again: a page whose count grows with the rows it shows asks per
row. The bounds are today's counts (SQLite and PostgreSQL alike, within one or two); a change that adds a query to a
page raises its bound here, in review, rather than silently. No timing is asserted anywhere.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartcourt.cases.models import Case
from smartcourt.cases.services import PartyIn, _party_add
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import STAFF_ROLES, Role
from smartcourt.courts.tests.factories import login_verified
from tests.world import World

# label → (who, path, most queries); who None is an anonymous visitor
PAGES: dict[str, tuple[Role | None, str, int]] = {
    "home": (None, "/", 3),  # the public hearing notices (hearings), cached for a minute after this first fetch
    "litigant login": (None, "/login/", 0),
    "staff login": (None, "/staff/login/", 0),
    "case list: state filter": (Role.JUDGE, "/cases/?state=in_trial", 10),
    "case list: open cases of a court": (Role.JUDGE, "/cases/?open_only=on&court={court_id}", 9),
    "case list: search": (Role.JUDGE, "/cases/?q=%E6%B0%91%E5%88%9D", 10),  # 民初
    "case page: judge": (Role.JUDGE, "/cases/{case_id}/", 42),
    "case page: clerk": (Role.CLERK, "/cases/{case_id}/", 37),
    "dossier page: judge": (Role.JUDGE, "/dossier/cases/{case_id}/", 9),
    "party: my cases": (Role.PARTY, "/portal/cases/", 7),
    "party: case page": (Role.PARTY, "/cases/{case_id}/", 27),
    "party: dossier page": (Role.PARTY, "/dossier/cases/{case_id}/", 8),
    "lawyer: my cases": (Role.LAWYER, "/portal/cases/", 7),
    "workbench: judge": (Role.JUDGE, "/", 18),
    "workbench: judge_assistant": (Role.JUDGE_ASSISTANT, "/", 19),
    "workbench: clerk": (Role.CLERK, "/", 21),
    "workbench: filing_officer": (Role.FILING_OFFICER, "/", 13),
    "workbench: enforcement_officer": (Role.ENFORCEMENT_OFFICER, "/", 10),
    "workbench: court_police": (Role.COURT_POLICE, "/", 7),
    "workbench: division_head": (Role.DIVISION_HEAD, "/", 21),
    "workbench: president": (Role.PRESIDENT, "/", 24),
    "workbench: trial_management": (Role.TRIAL_MANAGEMENT, "/", 32),
    "workbench: mediator": (Role.MEDIATOR, "/", 5),
    "workbench: system_admin": (Role.SYSTEM_ADMIN, "/", 12),
    "workbench: party": (Role.PARTY, "/", 10),
    "workbench: lawyer": (Role.LAWYER, "/", 11),
    "enforcement list: officer": (Role.ENFORCEMENT_OFFICER, "/enforcement/", 5),
    "enforcement page: officer": (Role.ENFORCEMENT_OFFICER, "/enforcement/{file_id}/", 27),
    "enforcement page: party": (Role.PARTY, "/enforcement/{file_id}/", 17),
}


def test_every_staff_role_has_its_workbench_counted() -> None:
    assert {role for role, path, _bound in PAGES.values() if role in STAFF_ROLES and path == "/"} == set(STAFF_ROLES)


def _sign_in(client, world: World, role: Role | None) -> None:  # type: ignore[no-untyped-def]
    if role is None:
        return
    user = world.users[role]
    if user.requires_two_factor:
        login_verified(client, user)
    else:
        client.force_login(user)


def _count(client, url: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as capture:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = [q["sql"] for q in capture.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    return len(queries), queries


def _grow(world: World) -> None:
    """More of every row the pages list: cases for the judge with the party as plaintiff, parties on the case,
    documents in its dossier."""
    from smartcourt.dossier.services import dossier_document_add

    for _ in range(8):
        case = make_case(
            court=world.court,
            division=world.division,
            judge=world.users[Role.JUDGE],
            plaintiff_user=world.users[Role.PARTY],
        )
        Case.objects.filter(pk=case.pk).update(
            assistant=world.users[Role.JUDGE_ASSISTANT], clerk=world.users[Role.CLERK]
        )
    from smartcourt.enforcement.models import CaseAccount
    from smartcourt.enforcement.services_funds import fund_receive

    account = CaseAccount.objects.get(case__enforcement__pk=world.ids["file_id"])
    for n in range(3):  # more movements on the enforcement case's account
        fund_receive(account=account, amount="100", actor=SYSTEM, reference=f"GROW-{n}")
    for n in range(4):
        _party_add(
            case=world.case, party=PartyIn(role="defendant", kind="legal", name=f"追加被告{n}有限公司"), position=10 + n
        )
    for n in range(3):
        dossier_document_add(case=world.case, title=f"证据{n}", content=world.sample_pdf, filename=f"e{n}.pdf",
                             source="filing", actor=SYSTEM, category="evidence")  # fmt: skip


@pytest.mark.parametrize("label", list(PAGES))
def test_a_page_asks_a_bounded_number_of_queries_whatever_it_lists(module_world, db, client, label):  # type: ignore[no-untyped-def]
    role, path, bound = PAGES[label]
    url = path.format(**{**module_world.ids, "case_id": module_world.case.pk, "court_id": module_world.court.pk})
    _sign_in(client, module_world, role)
    client.get(url)  # the first request of a session may set it up; the figure is the page's own
    before, _queries = _count(client, url)
    _grow(module_world)
    client.get(url)  # caches versioned by the data (the court overview's) fill again: both counts are warm
    after, queries = _count(client, url)
    assert before <= bound, f"{label}: {before} queries, bound {bound}\n" + "\n".join(_queries)
    assert after <= before, f"{label}: {before} queries, then {after} with more rows (a query per row?)\n" + "\n".join(
        queries
    )

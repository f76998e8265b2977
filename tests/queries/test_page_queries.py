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
from django.utils import timezone

from smartcourt.cases.models import Case
from smartcourt.cases.services import PartyIn, _party_add
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import STAFF_ROLES, Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from tests.world import World

# label → (who, path, most queries); who None is an anonymous visitor
PAGES: dict[str, tuple[Role | None, str, int]] = {
    "home": (None, "/", 3),  # the public hearing notices (hearings), cached for a minute after this first fetch
    "litigant login": (None, "/login/", 0),
    "staff login": (None, "/staff/login/", 0),
    # the pager's count on PostgreSQL asks the planner first (EXPLAIN; a large estimate is shown without counting,
    # ADR 0024) and counts a small list: one query more there than on SQLite, which counts at once. A list of one
    # page counts its rows (no count query: 7 here); the bounds are a list of several pages' (11 -> 9, issue 15:
    # the filter's courts come with the person's grants, and the division filter needs no court query)
    "case list: state filter": (Role.JUDGE, "/cases/?state=in_trial", 9),
    "case list: open cases of a court": (Role.JUDGE, "/cases/?open_only=on&court={court_id}", 9),
    "case list: search": (Role.JUDGE, "/cases/?q=%E6%B0%91%E5%88%9D", 9),  # 民初
    "case list: a page after a cursor": (Role.JUDGE, "/cases/?after=2999-12-31.1000000000", 9),  # counted as ever
    # 55 → 45 and 50 → 40 (issue 15, bench/pages.py): the hearing and assistant tabs' questions answered in the page's
    # one permission query, the holiday calendar read once per request, the trial-period adjustments and parties once;
    # 45 → 21 and 40 → 21: the team, hearings, documents and assistant tabs are rendered only when open or fetched
    # (cases:tab, each counted below on its own); the documents tab's questions are in the page's permission query
    # 21 → 19 (issue 15): the case and the page's permission questions in one query (permissions.get_with_answers),
    # the powers one may review and the representations one may end asked only when there are some; the party's page
    # reads no approval requests (they are on the actions tab, which a party does not have)
    "case page: judge": (Role.JUDGE, "/cases/{case_id}/", 19),
    "case page: clerk": (Role.CLERK, "/cases/{case_id}/", 19),
    # the lazy tabs' fragments (the same permission query as the page, then the panel's own reads)
    "case tab team: judge": (Role.JUDGE, "/cases/{case_id}/tabs/team/", 13),
    "case tab hearings: judge": (Role.JUDGE, "/cases/{case_id}/tabs/hearings/", 13),
    "case tab documents: judge": (Role.JUDGE, "/cases/{case_id}/tabs/documents/", 8),
    "case tab assistant: judge": (Role.JUDGE, "/cases/{case_id}/tabs/assistant/", 12),
    "case tab documents: party": (Role.PARTY, "/cases/{case_id}/tabs/documents/", 4),
    "case tab hearings: party": (Role.PARTY, "/cases/{case_id}/tabs/hearings/", 8),
    "case page, documents open: judge": (Role.JUDGE, "/cases/{case_id}/?tab=documents", 21),
    "dossier page: judge": (Role.JUDGE, "/dossier/cases/{case_id}/", 8),  # 9 -> 8: ranges from the pages
    "party: my cases": (Role.PARTY, "/portal/cases/", 6),  # 7 -> 6: whether a party, in the case query
    "party: case page": (Role.PARTY, "/cases/{case_id}/", 16),  # 27 → 24 → 18 (lazy tabs) → 16, as the judge's
    "party: dossier page": (Role.PARTY, "/dossier/cases/{case_id}/", 7),
    "lawyer: my cases": (Role.LAWYER, "/portal/cases/", 6),
    "publication: tasks": (Role.JUDGE, "/portal/publication/?state=all", 8),
    "publication: review": (Role.JUDGE, "/portal/publication/{publication_id}/", 12),
    "portal: judgments search": (None, "/portal/judgments/?q=%E6%92%A4%E8%AF%89", 3),  # 撤诉
    "portal: judgment": (None, "/portal/judgments/{judgment_id}/", 3),
    "party: case process": (Role.PARTY, "/portal/cases/{case_id}/process/", 14),
    # 21 → 18, 20 → 17, 21 → 18: the week's own sessions asked in SQL, not the court's whole calendar filtered in Python
    # workbenches, issue 15: a panel's short list is its own count (COUNT_WHEN_FULL), counters in one aggregate, the
    # statistics panels read only the figures they show: judge 18 → 16, assistant 17 → 14, clerk 18 → 14, division
    # head 23 → 16, president 25 → 16, trial management 34 → 24, party 11 → 10, lawyer 11 → 9 (the grown world's count)
    "workbench: judge": (Role.JUDGE, "/", 16),  # +1 each: judgments to publish, confirmations to rule on, 法答网
    "workbench: judge_assistant": (Role.JUDGE_ASSISTANT, "/", 14),  # +1: judgments waiting to be published
    "async cross-examination: judge": (Role.JUDGE, "/hearings/cases/{case_id}/async/", 21),
    "async cross-examination: party": (Role.PARTY, "/hearings/cases/{case_id}/async/", 17),
    "documents: sign-off queue": (Role.DIVISION_HEAD, "/documents/review/", 5),
    "case library: judge": (Role.JUDGE, "/knowledge/library/", 20),
    "法答网: judge": (Role.JUDGE, "/knowledge/library/qa/", 20),
    "similar cases of a case: judge": (Role.JUDGE, "/knowledge/library/for-case/{case_id}/", 40),
    "typical cases: president": (Role.PRESIDENT, "/knowledge/library/typical/", 20),
    "法答网 experts: president": (Role.PRESIDENT, "/knowledge/library/qa/experts/", 20),
    "workbench: clerk": (Role.CLERK, "/", 14),
    "workbench: filing_officer": (Role.FILING_OFFICER, "/", 12),
    "workbench: enforcement_officer": (Role.ENFORCEMENT_OFFICER, "/", 10),  # + the enforcement desk (3)
    "workbench: court_police": (Role.COURT_POLICE, "/", 7),
    "workbench: division_head": (Role.DIVISION_HEAD, "/", 16),  # +1: judgments to publish, +1: documents to sign off
    "workbench: president": (Role.PRESIDENT, "/", 16),  # +1: 法答网
    "workbench: trial_management": (Role.TRIAL_MANAGEMENT, "/", 24),  # +1: judgments to publish, +1: 法答网
    "workbench: mediator": (Role.MEDIATOR, "/", 6),  # +1: the disputes in their hands
    "workbench: assistance_worker": (Role.ASSISTANCE_WORKER, "/", 6),  # +1: their open tasks (协助执行网络)
    "workbench: system_admin": (Role.SYSTEM_ADMIN, "/", 12),
    "workbench: party": (Role.PARTY, "/", 10),  # +1: their disputes in mediation
    "workbench: lawyer": (Role.LAWYER, "/", 9),
    "mediation: mediator's disputes": (Role.MEDIATOR, "/mediation/", 6),
    "mediation: funnel dashboard": (Role.JUDGE, "/mediation/funnel/", 8),
    "mediation: bodies": (Role.JUDGE, "/mediation/bodies/", 6),
    "mediation: shared courts": (Role.JUDGE, "/mediation/sites/", 6),
    "mediation: register": (Role.TRIAL_MANAGEMENT, "/mediation/manage/", 10),
    "hearing room: judge": (Role.JUDGE, "/hearing-room/{key}/", 10),
    "statutes: search by words": (Role.JUDGE, "/knowledge/statutes/?q=%E8%BF%9D%E7%BA%A6", 12),  # 违约
    "statutes: element guide": (None, "/knowledge/guide/private-lending/", 12),  # one query per cited article
    "enforcement list: officer": (Role.ENFORCEMENT_OFFICER, "/enforcement/", 5),
    # +5: the cross-court panel (arrangements, entrustments, the network's tasks, the courts and workers of its forms)
    "enforcement page: officer": (Role.ENFORCEMENT_OFFICER, "/enforcement/{file_id}/", 32),
    "enforcement page: party": (Role.PARTY, "/enforcement/{file_id}/", 19),  # +2: which courts enforce, entrusted
    "enforcement: cross-court inbox": (Role.ENFORCEMENT_OFFICER, "/enforcement/crosscourt/", 6),
    "enforcement: a grid worker's tasks": (Role.ASSISTANCE_WORKER, "/enforcement/assistance/", 6),
    # per court and per officer over a period: a fixed handful of aggregate queries (selectors.indicator_rows) twice
    "enforcement indicators: division head": (Role.DIVISION_HEAD, "/enforcement/indicators/", 16),
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
    _mediation_grow(world)
    from smartcourt.hearings.room.models import Room, RoomEvent, RoomParticipant

    room = Room.objects.filter(key=world.ids["key"]).first()
    for n in range(3):  # more people in the hearing's online room, each with a line in its log
        if room is not None:
            who = RoomParticipant.objects.create(room=room, user=user_with_role(Role.LAWYER, world.court,
                                                 full_name=f"旁听律师{n}"), role_label="证人")  # fmt: skip
            RoomEvent.objects.create(room=room, participant=who, kind="admitted", actor=world.users[Role.JUDGE],
                                     occurred_at=timezone.now())  # fmt: skip
    for n in range(3):
        dossier_document_add(case=world.case, title=f"证据{n}", content=world.sample_pdf, filename=f"e{n}.pdf",
                             source="filing", actor=SYSTEM, category="evidence")  # fmt: skip


def _mediation_grow(world: World) -> None:
    """Disputes in the mediator's hands, in a village of the court (the funnel's rows), a body with mediators."""
    from smartcourt.mediation import services as mediation
    from smartcourt.mediation.models import Area, MediationBody, Mediator

    county = Area.objects.get_or_create(
        code="Q00", defaults={"court": world.court, "level": "county", "name": "查询县", "residents": 10000}
    )[0]
    village = Area.objects.create(court=world.court, parent=county, level="village", code=f"Q00{Area.objects.count()}",
                                  name="查询村", residents=1000)  # fmt: skip
    body = MediationBody.objects.create(court=world.court, name=f"查询村调委会{village.pk}", kind="people", area=village,
                                        guiding_judge=world.users[Role.JUDGE])  # fmt: skip
    Mediator.objects.create(body=body, user=world.users[Role.MEDIATOR], name="调解员")
    Mediator.objects.create(body=body, name="调解员乙")
    for cause in ("民间借贷纠纷", "买卖合同纠纷", "劳动争议"):
        mediation.dispute_open(
            court=world.court, area=village, source="body", cause_name=cause, actor=SYSTEM, chosen_body=body,
            parties=[mediation.PartyData(side="applicant", name="甲"), mediation.PartyData(side="respondent", name="乙")],
        )  # fmt: skip


# Panels that show a short list with its count: a list shorter than the panel's room is its own count (no query);
# when the grown world fills it, the count is asked — one query per such panel, whatever the number of rows.
# label → how many of its lists fill up when the world grows
COUNT_WHEN_FULL: dict[str, int] = {
    "workbench: judge": 1,  # my cases' counters (the team's cases: 6 on the panel)
    "workbench: judge_assistant": 1,
    "workbench: clerk": 1,
    "workbench: party": 1,  # my cases (10 on the panel)
}


@pytest.mark.parametrize("label", list(PAGES))
def test_a_page_asks_a_bounded_number_of_queries_whatever_it_lists(module_world, db, client, label):  # type: ignore[no-untyped-def]
    role, path, bound = PAGES[label]
    url = path.format(**{**module_world.ids, "case_id": module_world.case.pk, "court_id": module_world.court.pk})
    _sign_in(client, module_world, role)
    if label.startswith("mediation"):
        _mediation_grow(module_world)  # some rows before the first count too: empty lists skip their queries
    client.get(url)  # the first request of a session may set it up; the figure is the page's own
    before, _queries = _count(client, url)
    _grow(module_world)
    client.get(url)  # caches versioned by the data (the court overview's) fill again: both counts are warm
    after, queries = _count(client, url)
    assert before <= bound, f"{label}: {before} queries, bound {bound}\n" + "\n".join(_queries)
    allowed = before + COUNT_WHEN_FULL.get(label, 0)
    assert after <= allowed, f"{label}: {before} queries, then {after} with more rows (a query per row?)\n" + "\n".join(
        queries
    )

"""The workbench counts a clerk's and a judge assistant's cases (not only a judge's); trial management reaches the
triage and service statistics from its workbench, and the links open."""

from __future__ import annotations

import pytest

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db


def _open_cases(html: str) -> str:
    start = html.index('data-testid="open-cases">') + len('data-testid="open-cases">')
    return html[start : html.index("<", start)]


@pytest.mark.parametrize("role", [Role.JUDGE_ASSISTANT, Role.CLERK])
def test_clerks_and_assistants_count_their_cases(client, role) -> None:
    court = CourtFactory()
    division = DivisionFactory(court=court)
    judge = user_with_role(Role.JUDGE, court, division)
    member = user_with_role(role, court, division)
    field = "assistant" if role == Role.JUDGE_ASSISTANT else "clerk"
    for _ in range(3):
        case = make_case(court=court, division=division, judge=judge)
        Case.objects.filter(pk=case.pk).update(**{field: member})
    make_case(court=court, division=division, judge=judge)  # a colleague's case
    login_verified(client, member)
    assert _open_cases(client.get("/").content.decode()) == "3"


def test_trial_management_reaches_triage_and_service_statistics(client) -> None:
    court = CourtFactory()
    manager = user_with_role(Role.TRIAL_MANAGEMENT, court)
    login_verified(client, manager)
    page = client.get("/").content.decode()
    assert 'data-panel="triage_stats"' in page and 'data-panel="service_stats"' in page
    for testid, url in (("triage-stats-link", "/filing/triage/"), ("service-stats-link", "/service/stats/")):
        assert f'href="{url}" data-testid="{testid}"' in page
        assert client.get(url).status_code == 200, url

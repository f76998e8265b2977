"""The case page's lazy tabs (issue 15): rendered inline only when open (`?tab=`), else a placeholder whose fragment
(`cases:tab`) the page fetches when the tab is first shown — with the page's own checks (404 for a foreign case)."""

from __future__ import annotations

import pytest

from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db

# tab → what only its panel shows
PANELS = {
    "team": 'data-testid="team-current"',
    "hearings": 'data-testid="case-hearings"',
    "documents": 'data-testid="case-paper-files"',
    "assistant": 'data-testid="assistant-panel"',
}


@pytest.fixture
def world():
    court = CourtFactory(code="苏0508")
    division = DivisionFactory(court=court)
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈法官")
    elsewhere = CourtFactory(code="苏0509")
    foreign = user_with_role(Role.JUDGE, elsewhere, DivisionFactory(court=elsewhere), full_name="外院法官")
    case = make_case(court=court, division=division, judge=judge, plaintiff="王小芳", defendant="苏州恒信贸易有限公司")
    return {"judge": judge, "foreign": foreign, "case": case}


@pytest.mark.parametrize("tab", list(PANELS))
def test_a_lazy_tab_is_a_placeholder_on_the_page_and_its_panel_in_the_fragment(client, world, tab):
    login_verified(client, world["judge"])
    case = world["case"]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert PANELS[tab] not in page
    assert f'id="tab-{tab}" role="tabpanel" data-lazy-url="/cases/{case.pk}/tabs/{tab}/"' in page
    assert 'data-testid="lazy-placeholder"' in page and f'<noscript><a href="?tab={tab}">' in page
    fragment = client.get(f"/cases/{case.pk}/tabs/{tab}/")
    assert fragment.status_code == 200 and PANELS[tab] in fragment.content.decode()
    assert "no-store" in fragment["Cache-Control"]
    assert "<html" not in fragment.content.decode()  # the panel alone, not a page


@pytest.mark.parametrize("tab", list(PANELS))
def test_the_open_tab_is_rendered_with_the_page(client, world, tab):
    """`?tab=X` (a link, or a form's redirect back to its tab) shows X inline, no fetch needed."""
    login_verified(client, world["judge"])
    case = world["case"]
    page = client.get(f"/cases/{case.pk}/?tab={tab}").content.decode()
    assert PANELS[tab] in page
    assert f'data-lazy-url="/cases/{case.pk}/tabs/{tab}/"' not in page


@pytest.mark.parametrize("tab", list(PANELS))
def test_a_foreign_judge_gets_404_from_the_fragment(client, world, tab):
    login_verified(client, world["foreign"])
    assert client.get(f"/cases/{world['case'].pk}/tabs/{tab}/").status_code == 404


def test_no_fragment_for_a_tab_that_is_not_lazy_or_without_signing_in(client, world):
    case = world["case"]
    assert client.get(f"/cases/{case.pk}/tabs/team/").status_code == 302  # to the sign-in page
    login_verified(client, world["judge"])
    assert client.get(f"/cases/{case.pk}/tabs/overview/").status_code == 404
    assert client.get(f"/cases/{case.pk}/tabs/nonsense/").status_code == 404
    assert client.post(f"/cases/{case.pk}/tabs/team/").status_code == 405


def test_a_tab_this_person_does_not_have_opens_the_overview(client, world):
    party = user_with_role(Role.PARTY, world["case"].court, full_name="王小芳")
    case = make_case(court=world["case"].court, judge=world["judge"], plaintiff="王小芳", plaintiff_user=party)
    client.force_login(party)
    for tab in ("assistant", "nonsense"):
        page = client.get(f"/cases/{case.pk}/?tab={tab}").content.decode()
        assert 'class="tab-pane fade show active" id="tab-overview"' in page


def test_the_assistant_tab_says_overdue_not_a_negative_remainder(client, world):
    """A case past its trial period: 已超期 N 日 (as the overview's alert says), never "剩余 -N 日"."""
    from datetime import timedelta

    from django.utils import timezone

    judge = world["judge"]
    case = make_case(court=judge.grants.first().court, judge=judge, filed_on=timezone.localdate() - timedelta(days=400))
    case.state = "in_trial"
    case.save()
    login_verified(client, judge)
    panel = client.get(f"/cases/{case.pk}/tabs/assistant/").content.decode()
    assert 'data-testid="assistant-period-overdue"' in panel and "已超期" in panel
    assert "剩余 -" not in panel

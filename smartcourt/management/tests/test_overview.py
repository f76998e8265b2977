"""The court overview (法院运行态势): figures over the cases the table lets a leader supervise, drill-down links that
open the matching case list, a cache that follows case events, and the 四类案件 reaching the supervising leader."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from smartcourt.cases.models import Case, CaseState
from smartcourt.cases.selectors_stats import overview_figures
from smartcourt.cases.services import case_tag_supervision
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role
from smartcourt.management.selectors import court_overview

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def _close(case: Case, on: date) -> None:
    Case.objects.filter(pk=case.pk).update(state=CaseState.CLOSED, closed_on=on)


@pytest.fixture
def court():
    with time_machine.travel("2026-06-15 10:00 +08:00", tick=False):
        court = CourtFactory(code="苏0508")
        civil = DivisionFactory(court=court, name="民事审判第一庭")
        commercial = DivisionFactory(court=court, name="商事审判庭")
        judge = user_with_role(Role.JUDGE, court, civil, full_name="陈法官")
        head = user_with_role(Role.DIVISION_HEAD, court, civil, full_name="周庭长")
        president = user_with_role(Role.PRESIDENT, court, full_name="林院长")
        c1 = make_case(court=court, division=civil, judge=judge, filed_on=date(2026, 2, 10))
        c2 = make_case(court=court, division=civil, judge=judge, filed_on=date(2026, 3, 5))
        c3 = make_case(court=court, division=commercial, filed_on=date(2026, 3, 20))
        old = make_case(court=court, division=commercial, filed_on=date(2025, 11, 3))
        _close(c1, date(2026, 4, 11))  # 60 days
        _close(old, date(2026, 1, 2))  # 60 days
        Case.objects.filter(pk=c2.pk).update(trial_due_on=TODAY - timedelta(days=3))  # overdue
        Case.objects.filter(pk=c3.pk).update(state=CaseState.IN_TRIAL, trial_due_on=TODAY + timedelta(days=10))
    return {
        "court": court, "civil": civil, "commercial": commercial, "judge": judge, "head": head,
        "president": president, "c1": c1, "c2": c2, "c3": c3, "old": old,
    }  # fmt: skip


def test_president_figures_count_the_whole_court(court):
    f = overview_figures(user=court["president"], today=TODAY)
    assert (f.filed_ytd, f.closed_ytd, f.pending) == (3, 2, 2)
    assert f.clearance_rate == pytest.approx(66.7)
    assert f.avg_days_to_close == pytest.approx(60.0)
    assert (f.overdue, f.near_deadline) == (1, 1)
    assert [c.pk for c in f.urgent] == [court["c2"].pk, court["c3"].pk]  # overdue first
    by_month = {m.month: m for m in f.months}
    assert len(f.months) == 12 and f.months[-1].month == date(2026, 6, 1)
    assert by_month[date(2026, 3, 1)].filed == 2 and by_month[date(2026, 4, 1)].closed == 1
    # pending at each month's end, walked back from today: end of Feb = old is closed (Jan), c1 filed → 1
    assert by_month[date(2026, 2, 1)].pending_at_end == 1
    assert by_month[date(2026, 3, 1)].pending_at_end == 3
    assert by_month[date(2026, 5, 1)].pending_at_end == 2
    assert by_month[date(2025, 12, 1)].pending_at_end == 1  # old, filed in November
    names = {d.name: d for d in f.divisions}
    assert (names["民事审判第一庭"].filed, names["民事审判第一庭"].overdue) == (2, 1)
    assert names["商事审判庭"].closed == 1


def test_division_head_sees_only_her_division(court):
    f = overview_figures(user=court["head"], today=TODAY)
    assert (f.filed_ytd, f.pending) == (2, 1)
    assert [d.name for d in f.divisions] == ["民事审判第一庭"]


def test_a_judge_without_supervision_is_refused_and_has_no_menu_entry(client, court):
    login_verified(client, court["judge"])
    assert client.get("/management/").status_code == 403
    assert "/management/" not in client.get("/").content.decode()


def test_overview_page_links_each_figure_to_its_list(client, court):
    login_verified(client, court["president"])
    with time_machine.travel("2026-06-15 10:00 +08:00", tick=False):
        page = client.get("/management/")
        assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
        html = page.content.decode()
        assert 'data-testid="chart-months"' in html and "overview-chart-data" in html
        assert "/cases/?filed_from=2026-03-01&amp;filed_to=2026-03-31" in html
        assert f"/cases/?division={court['commercial'].pk}&amp;open=on" in html
        # the drill-down lists show exactly what the figure counted
        march = client.get("/cases/", {"filed_from": "2026-03-01", "filed_to": "2026-03-31"}).content.decode()
        assert court["c2"].number in march and court["c3"].number in march and court["c1"].number not in march
        assert 'data-testid="drilldown-filter"' in march
        pending = client.get("/cases/", {"division": court["commercial"].pk, "open": "on"}).content.decode()
        assert court["c3"].number in pending and court["old"].number not in pending
        closed = client.get("/cases/", {"closed_from": "2026-01-01", "closed_to": "2026-06-15"}).content.decode()
        assert court["c1"].number in closed and court["old"].number in closed and court["c2"].number not in closed


def test_the_cache_follows_case_events(court):
    with time_machine.travel("2026-06-15 10:00 +08:00", tick=False):
        before = court_overview(user=court["president"], today=TODAY)
        assert court_overview(user=court["president"], today=TODAY).filed_ytd == before.filed_ytd
        make_case(court=court["court"], division=court["civil"], filed_on=TODAY)  # registering writes a case event
        assert court_overview(user=court["president"], today=TODAY).filed_ytd == before.filed_ytd + 1


def test_a_four_kinds_tag_reaches_the_supervising_leaders_workbench_and_overview(client, court):
    with time_machine.travel("2026-06-15 10:00 +08:00", tick=False):
        case_tag_supervision(case=court["c2"], kind="major_sensitive", reason="涉众", actor=SYSTEM)
        login_verified(client, court["head"])  # the division head of the case's division supervises it
        workbench = client.get("/").content.decode()
        assert f"四类案件监管：{court['c2'].number}" in workbench  # the notification
        assert 'data-panel="court_overview"' in workbench
        overview = client.get("/management/").content.decode()
        assert court["c2"].number in overview.split('data-testid="my-tags"')[1]
        assert "/cases/?tag=major_sensitive&amp;open=on" in overview

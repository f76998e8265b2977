"""The indicators (执行指标): 执行到位率, 执行完毕率, 终本率, average days and payouts within 30 days, per court and per
officer over a period; the page for the bureau's head and the court's leaders only."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.enforcement import services as S
from smartcourt.enforcement import services_funds as F
from smartcourt.enforcement.models import ClosingKind, EnforcementFile
from smartcourt.enforcement.selectors import indicator_rows

from .factories import account_of, build_world, filed, party

pytestmark = pytest.mark.django_db


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=timezone.get_current_timezone())


def test_figures_per_court_and_officer_over_the_period(client) -> None:
    w = build_world()
    with time_machine.travel(_at(date(2025, 3, 1)), tick=False):
        file = filed(w)
        account = account_of(file)
        F.fund_receive(account=account, amount="50000", actor=w.officer, reference="B1")
    with time_machine.travel(_at(date(2025, 3, 20)), tick=False):  # 19 days after the money arrived: on time
        payout = F.payout_request(
            account=account, party=party(file, "enforcement_applicant"), amount="40000", actor=w.officer
        )
        F.payout_approve(payout=payout, actor=w.officer2)
    with time_machine.travel(_at(date(2025, 5, 1)), tick=False):  # 61 days: late
        payout = F.payout_request(
            account=account, party=party(file, "enforcement_applicant"), amount="10000", actor=w.officer
        )
        F.payout_approve(payout=payout, actor=w.officer2)
        S.enforcement_close(file=file, kind=ClosingKind.FULFILLED, actor=w.officer)
    files = EnforcementFile.objects.all()
    rows, total = indicator_rows(files=files, first=date(2025, 1, 1), last=date(2025, 12, 31), by="officer")
    (row,) = rows
    assert row.label == w.officer.get_full_name() and row.closed == 1 and row.active == 1
    assert row.recovery_rate == 100.0 and row.fulfilled_rate == 100.0 and row.final_rate == 0.0
    assert row.average_days == 61.0 and row.payouts == 2 and row.on_time_rate == 50.0
    assert total.paid == Decimal("50000.00") and total.due == Decimal("50000.00")
    before, _total = indicator_rows(files=files, first=date(2024, 1, 1), last=date(2024, 12, 31), by="court")
    assert before == []  # nothing was open or closed then
    courts, _total = indicator_rows(files=files, first=date(2025, 6, 1), last=date(2025, 12, 31), by="court")
    assert courts == []  # closed before the period

    # the page: the bureau's head sees it (and a link from the list); an officer does not
    login_verified(client, w.head)
    page = client.get("/enforcement/indicators/", {"from": "2025-01-01", "to": "2025-12-31"})
    text = page.content.decode()
    assert page.status_code == 200 and "执行到位率" in text and "100.0%" in text and "61.0" in text
    assert 'id="enforcement-indicators-data"' in text and "echarts.min.js" in text
    assert 'data-testid="indicators-link"' in client.get("/enforcement/").content.decode()
    reversed_ = client.get("/enforcement/indicators/", {"from": "2025-12-31", "to": "2025-01-01"}, follow=True)
    assert reversed_.status_code == 200 and "起始日期不能晚于截止日期" in reversed_.content.decode()
    bad = client.get("/enforcement/indicators/", {"from": "yesterday"})
    assert bad.status_code == 200 and "日期格式" in bad.content.decode()
    client.logout()
    login_verified(client, w.officer)
    assert client.get("/enforcement/indicators/").status_code == 403
    assert 'data-testid="indicators-link"' not in client.get("/enforcement/").content.decode()


def test_the_leaders_role_reads_subordinate_courts() -> None:
    w = build_world()
    president = user_with_role(Role.PRESIDENT, court=w.court)
    from smartcourt.enforcement.selectors import indicator_courts

    assert w.court.pk in indicator_courts(user=president)
    assert indicator_courts(user=w.officer) == []

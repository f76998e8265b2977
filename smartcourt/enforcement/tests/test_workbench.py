"""The enforcement officer's workbench panel: a colleague's payout waits for them (never their own request), freezes
of their cases about to lapse are listed, and nothing of another court shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smartcourt.cases.models import Case
from smartcourt.courts.tests.factories import login_verified
from smartcourt.enforcement import services_control as C
from smartcourt.enforcement import services_funds as F
from smartcourt.enforcement.selectors import officer_desk

from .factories import account_of, build_world, filed, party
from .test_control_measures import _deposit

pytestmark = pytest.mark.django_db


def test_the_desk_lists_a_colleagues_payout_and_a_lapsing_freeze(client, django_capture_on_commit_callbacks) -> None:
    w = build_world()
    file = filed(w)
    Case.objects.filter(pk=file.case_id).update(judge=w.officer, state="in_trial")
    account = account_of(file)
    F.fund_receive(account=account, amount="900", actor=w.officer, reference="B1")
    payout = F.payout_request(
        account=account, party=party(file, "enforcement_applicant"), amount="600", actor=w.officer
    )
    deposit = _deposit(file, w, django_capture_on_commit_callbacks)
    today = timezone.localdate()
    soon = C.asset_freeze(asset=deposit, amount="100", actor=w.officer, expires_on=today + timedelta(days=20))

    own = officer_desk(user=w.officer)
    assert own.payouts == []  # their own request waits for someone else
    assert own.freezes == [soon] and own.open_files == 1
    colleague = officer_desk(user=w.officer2)
    assert colleague.payouts == [payout]

    login_verified(client, w.officer2)
    page = client.get("/").content.decode()
    assert 'data-testid="panel-enforcement-desk"' in page
    assert file.case.number in page and "600" in page and f"/enforcement/{file.pk}/" in page

    stranger = build_world()  # another court's officer sees none of it
    assert officer_desk(user=stranger.officer).payouts == [] and officer_desk(user=stranger.officer).freezes == []


def test_nothing_waiting_says_so(client) -> None:
    w = build_world()
    login_verified(client, w.officer)
    page = client.get("/").content.decode()
    assert "没有待审批的发放" in page and "没有即将到期的冻结" in page

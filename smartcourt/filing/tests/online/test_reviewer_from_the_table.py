"""Who reviews a filing is the permission table's answer (FILING/CHANGE court-wide), not "any grant at the court":
a party or lawyer registered at the competent court holds FILING/CHANGE only on their own filings (OWN) and must
never accept, correct or reject their own complaint."""

from __future__ import annotations

import pytest

from smartcourt.cases.models import Case
from smartcourt.core.errors import Forbidden
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.filing import services
from smartcourt.filing.models import FilingState
from smartcourt.filing.selectors import filing_review_courts, review_queue

from .helpers import submitted, world

pytestmark = pytest.mark.django_db


def test_the_filer_registered_at_the_court_cannot_accept_their_own_filing() -> None:
    w = world()
    filing = submitted(w)
    assert w.party.grants.filter(court=w.court).exists()  # registered at the competent court
    with pytest.raises(Forbidden):
        services.filing_accept(filing=filing, actor=w.party, track=filing.triage_suggested)
    with pytest.raises(Forbidden):  # the old check ("any grant at the court") let the filer reject it
        services.filing_reject(filing=filing, actor=w.party, reason="原告的起诉不符合民事诉讼法规定的起诉条件")
    with pytest.raises(Forbidden):
        services.filing_request_correction(
            filing=filing, actor=w.party, items=[{"field": "evidence", "message": "请补充证据"}], due_days=10
        )
    filing.refresh_from_db()
    assert filing.state == FilingState.SUBMITTED and not Case.objects.exists()
    services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)  # the officer may


def test_the_review_queue_belongs_to_filing_officers(client) -> None:
    w = world()
    filing = submitted(w)
    president = user_with_role(Role.PRESIDENT, w.court)
    assert filing_review_courts(user=w.officer) == {w.court.pk}
    assert filing_review_courts(user=president) == set() and filing_review_courts(user=w.party) == set()
    assert [i.filing for i in review_queue(user=w.officer)] == [filing]
    login_verified(client, president)
    assert client.get("/filing/review/").status_code == 403
    login_verified(client, w.officer)
    assert client.get("/filing/review/").status_code == 200

"""Two officers pay out at once on PostgreSQL: the account row lock serialises them; the balance never goes below
zero and exactly what was approved leaves."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from smartcourt.core.errors import ApplicationError
from smartcourt.enforcement import services_funds as F
from smartcourt.enforcement.models import PayoutState
from smartcourt.enforcement.selectors import account_leg_sum, movements_balanced

from .factories import account_of, build_world, filed, party

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are serialised by SQLite anyway"),
]


def _race(*calls):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, fn):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            results[i] = fn()
        except ApplicationError as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_officers_approving_at_once_never_overdraw() -> None:
    w = build_world()
    file = filed(w)
    account = account_of(file)
    F.fund_receive(account=account, amount="1000", actor=w.officer, reference="B1")
    applicant, debtor = party(file, "enforcement_applicant"), party(file, "judgment_debtor")
    p1 = F.payout_request(account=account, party=applicant, amount="700", actor=w.officer)
    # a second request squeezed in beside the first (as if both were asked before either was seen): the approval,
    # under the account lock, is what must hold the line
    from smartcourt.enforcement.models import Payout

    p2 = Payout.objects.create(
        account=account, kind="refund", party=debtor, amount=Decimal(700), requested_by=w.officer2
    )
    results = _race(
        lambda: F.payout_approve(payout=p1, actor=w.officer2),
        lambda: F.payout_approve(payout=p2, actor=w.head),
    )
    errors = [r for r in results if isinstance(r, ApplicationError)]
    assert len(errors) == 1 and "余额" in str(errors[0].message)
    account = account_of(file)
    assert account.balance == Decimal("300.00") == account_leg_sum(account=account)
    assert sorted(Payout.objects.values_list("state", flat=True)) == [PayoutState.PAID, PayoutState.PENDING]
    assert movements_balanced()


def test_two_requests_at_once_hold_back_the_balance() -> None:
    w = build_world()
    file = filed(w)
    account = account_of(file)
    F.fund_receive(account=account, amount="1000", actor=w.officer, reference="B1")
    applicant, debtor = party(file, "enforcement_applicant"), party(file, "judgment_debtor")
    results = _race(
        lambda: F.payout_request(account=account, party=applicant, amount="600", actor=w.officer),
        lambda: F.payout_request(account=account, party=debtor, amount="600", actor=w.officer),
    )
    errors = [r for r in results if isinstance(r, ApplicationError)]
    assert len(errors) == 1 and "可发放余额" in str(errors[0].message)

"""Case funds: every movement two legs summing to zero, the balance never negative (property test over any
sequence of receipts, payouts, refunds, interest and fees), no payout without a second person, payout plans by
shares, and the reconciliation's flags."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.enforcement import services_funds as F
from smartcourt.enforcement.models import FundMovement, MovementKind, PayoutState, ReconciliationFlag
from smartcourt.enforcement.selectors import account_leg_sum, fund_totals, movements_balanced

from .factories import account_of, build_world, filed, party

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def file(w):  # type: ignore[no-untyped-def]
    return filed(w)


def _expected_balance(account) -> Decimal:  # type: ignore[no-untyped-def]
    t = fund_totals(account=account)
    return t["receipt"] + t["interest"] - t["payout"] - t["refund"] - t["fee"]


ops = st.lists(
    st.tuples(
        st.sampled_from(["receipt", "payout", "refund", "interest", "fee", "refuse"]),
        st.integers(min_value=-100, max_value=3_000_000),  # cents; zero and negatives must be refused
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=ops)
def test_any_sequence_balances_and_never_goes_negative(w, file, ops) -> None:  # type: ignore[no-untyped-def]
    account = account_of(file)
    applicant, debtor = party(file, "enforcement_applicant"), party(file, "judgment_debtor")
    for i, (op, cents) in enumerate(ops):
        amount = Decimal(cents) / 100
        before = (account_of(file).balance, FundMovement.objects.count())
        try:
            if op == "receipt":
                F.fund_receive(
                    account=account, amount=amount, actor=w.officer, reference=f"R{FundMovement.objects.count()}-{i}"
                )
            elif op == "interest":
                F.fund_interest(account=account, amount=amount, actor=w.officer)
            elif op == "fee":
                F.fund_fee(account=account, amount=amount, actor=w.officer, note="申请执行费")
            else:
                who = applicant if op == "payout" else debtor
                payout = F.payout_request(account=account, party=who, amount=amount, actor=w.officer)
                if op == "refuse":
                    F.payout_refuse(payout=payout, actor=w.officer2, note="金额有误")
                else:
                    F.payout_approve(payout=payout, actor=w.officer2)
        except ApplicationError:
            assert (account_of(file).balance, FundMovement.objects.count()) == before  # refused: nothing written
        current = account_of(file)
        assert current.balance >= 0
        assert current.balance == account_leg_sum(account=current) == _expected_balance(current)
    assert movements_balanced()


def test_no_payout_without_a_second_person(w, file) -> None:
    account = account_of(file)
    F.fund_receive(account=account, amount="1000", actor=w.officer, reference="B1")
    payout = F.payout_request(
        account=account, party=party(file, "enforcement_applicant"), amount="600", actor=w.officer
    )
    with pytest.raises(Forbidden, match="另一人审批"):
        F.payout_approve(payout=payout, actor=w.officer)
    assert account_of(file).balance == Decimal("1000.00")
    F.payout_approve(payout=payout, actor=w.head)
    payout.refresh_from_db()
    assert payout.state == PayoutState.PAID and account_of(file).balance == Decimal("400.00")


def test_a_payout_above_what_was_received_is_refused(w, file) -> None:
    account = account_of(file)
    F.fund_receive(account=account, amount="100", actor=w.officer, reference="B1")
    with pytest.raises(F.FundsError, match="超过案款账户可发放余额"):
        F.payout_request(account=account, party=party(file, "enforcement_applicant"), amount="100.01", actor=w.officer)
    F.payout_request(account=account, party=party(file, "enforcement_applicant"), amount="60", actor=w.officer)
    with pytest.raises(F.FundsError, match=r"可发放余额40\.00"):  # the pending request is held back
        F.payout_request(account=account, party=party(file, "judgment_debtor"), amount="41", actor=w.officer)


def test_a_receipt_is_recorded_once(w, file) -> None:
    account = account_of(file)
    F.fund_receive(account=account, amount="100", actor=w.officer, reference="B1")
    with pytest.raises(ApplicationError, match="重复入账"):
        F.fund_receive(account=account, amount="100", actor=w.officer, reference="B1")


def test_plan_pays_by_share_and_refunds_the_rest(w, file) -> None:
    account = account_of(file)
    F.fund_receive(account=account, amount="60000", actor=w.officer, reference="B1")
    F.fund_interest(account=account, amount="12.34", actor=w.officer)
    F.fund_fee(account=account, amount="550", actor=w.officer, note="申请执行费")
    plan = F.payout_plan(account=account)
    assert [(p.kind, p.amount) for p in plan] == [
        (MovementKind.PAYOUT, Decimal("50000.00")),
        (MovementKind.REFUND, Decimal("9462.34")),
    ]
    for p in plan:
        from smartcourt.cases.models import CaseParty

        payout = F.payout_request(
            account=account, party=CaseParty.objects.get(pk=p.party_id), amount=p.amount, actor=w.officer
        )
        F.payout_approve(payout=payout, actor=w.officer2)
    assert account_of(file).balance == 0 and movements_balanced()


def test_receipt_by_account_number(w, file) -> None:
    account = account_of(file)
    F.fund_receive_by_number(number=account.number, amount="5", actor=w.officer, reference="X")
    with pytest.raises(F.FundsError, match="待认领"):
        F.fund_receive_by_number(number="0000000000", amount="5", actor=w.officer, reference="Y")


def test_reconciliation_flags_unmatched_ambiguous_unrecorded_and_missing(w, file) -> None:
    other = filed(w.__class__(**{**w.__dict__, "judgment": _another(w)}))
    a, b = account_of(file), account_of(other)
    F.fund_receive(account=a, amount="100", actor=w.officer, reference="OK1")
    F.fund_receive(account=a, amount="7", actor=w.officer, reference="GONE")
    statement = "\n".join(
        [
            "流水号,账号,金额,付款人,摘要",
            f"OK1,{a.number},100.00,被执行人,",
            "NOPE,99999,5.00,某人,",
            f"TWO,{a.number},9.00,某人,{other.case.number}执行款",
            f"NEW,{b.number},3.00,某人,",
            f"BAD,{b.number},abc,某人,",
        ]
    )
    run = F.reconciliation_run(
        stream=io.StringIO(statement), file_name="stmt.csv", statement_date=timezone.localdate(), actor=w.head
    )
    kinds = sorted(ReconciliationFlag.objects.filter(reconciliation=run).values_list("kind", flat=True))
    assert kinds == ["ambiguous", "malformed", "missing", "unmatched", "unrecorded"]
    assert run.lines == 5 and run.matched == 1


def _another(w):  # type: ignore[no-untyped-def]
    from .factories import effective_judgment

    return effective_judgment(court=w.court, applicant_user=w.applicant_user)

"""Properties of the fee rules over generated amounts (Hypothesis), beside the statute's known answers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcourt.filing.rules.fees import (
    BANKRUPTCY_CAP,
    CENT,
    HALVABLE_KINDS,
    MAX_AMOUNT,
    PRESERVATION_CAP,
    AmountUse,
    FeeInputError,
    FeeKind,
    FeeQuery,
    RangeChoice,
    RangePoint,
    bankruptcy_fee,
    fee_compute,
    fee_halve,
    payment_order_fee,
    preservation_fee,
    property_case_fee,
)

amounts = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False)
any_amounts = st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False)
AMOUNT_KINDS = [
    FeeKind.PROPERTY,
    FeeKind.DIVORCE,
    FeeKind.PERSONALITY,
    FeeKind.IP,
    FeeKind.ENFORCEMENT,
    FeeKind.PRESERVATION,
    FeeKind.PAYMENT_ORDER,
    FeeKind.BANKRUPTCY,
]
points = st.sampled_from([RangeChoice(), RangeChoice(point=RangePoint.MAX)])


def _fee(kind: FeeKind, amount: Decimal, choice: RangeChoice) -> Decimal:
    return fee_compute(FeeQuery(kind=kind, amount=amount), choice).fee


@pytest.mark.parametrize("kind", AMOUNT_KINDS)
@given(a=amounts, b=amounts, choice=points)
def test_a_larger_amount_never_costs_less(kind: FeeKind, a: Decimal, b: Decimal, choice: RangeChoice) -> None:
    assert _fee(kind, min(a, b), choice) <= _fee(kind, max(a, b), choice)


@pytest.mark.parametrize("kind", list(FeeKind))
@given(amount=any_amounts, halved=st.booleans(), choice=points)
@settings(max_examples=50)
def test_every_fee_is_a_non_negative_amount_in_fen(
    kind: FeeKind, amount: Decimal, halved: bool, choice: RangeChoice
) -> None:
    subtype = {FeeKind.ADMINISTRATIVE: "patent", FeeKind.MARITIME: "fund"}.get(kind)
    query = FeeQuery(kind=kind, amount=amount, subtype=subtype, halved=halved and kind in HALVABLE_KINDS)
    fee = fee_compute(query, choice).fee
    assert fee >= 0
    assert fee == fee.quantize(CENT)
    assert fee.as_tuple().exponent == -2  # always two decimals: "13800.00", never "13800" or "1.38E+4"


@given(amount=any_amounts)
def test_caps_hold(amount: Decimal) -> None:
    assert preservation_fee(amount).fee <= PRESERVATION_CAP
    assert bankruptcy_fee(amount).fee <= BANKRUPTCY_CAP


@given(amount=amounts)
def test_derived_fees_start_from_the_rounded_property_fee(amount: Decimal) -> None:
    property_fee = property_case_fee(amount).fee
    assert payment_order_fee(amount).fee == (property_fee / 3).quantize(CENT, "ROUND_HALF_UP")
    half = (property_fee / 2).quantize(CENT, "ROUND_HALF_UP")
    assert bankruptcy_fee(amount).fee == min(half, BANKRUPTCY_CAP)


@given(amount=amounts)
def test_halving_is_applied_once_and_only_once(amount: Decimal) -> None:
    full = property_case_fee(amount)
    halved = fee_compute(FeeQuery(kind=FeeKind.PROPERTY, amount=amount, halved=True))
    assert halved.fee == (full.fee / 2).quantize(CENT, "ROUND_HALF_UP")
    assert sum(1 for line in halved.breakdown if "减半" in line.text) == 1
    with pytest.raises(FeeInputError):
        fee_halve(halved)


@given(amount=amounts)
def test_a_band_product_is_never_rounded_on_its_own(amount: Decimal) -> None:
    result = property_case_fee(amount)
    exact = sum((line.amount for line in result.breakdown), Decimal(0))
    assert result.fee == exact.quantize(CENT, "ROUND_HALF_UP")  # one quantize, at the end


def test_amount_use_table_covers_the_amount_kinds() -> None:
    from smartcourt.filing.rules.fees import AMOUNT_USE

    assert {k for k, use in AMOUNT_USE.items() if use != AmountUse.NONE} == set(AMOUNT_KINDS)

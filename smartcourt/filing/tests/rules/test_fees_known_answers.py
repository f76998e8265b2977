"""Known answers for every band boundary of every kind, each derived by hand from the statute text
(诉讼费用交纳办法, State Council Decree No. 481, Art. 13–15; 民诉法解释 Art. 206). No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartcourt.filing.rules.fees import (
    AdministrativeSubtype,
    FeeInputError,
    FeeKind,
    FeeQuery,
    MaritimeSubtype,
    RangeChoice,
    RangePoint,
    administrative_case_fee,
    arbitration_fee,
    bankruptcy_fee,
    divorce_case_fee,
    enforcement_fee,
    fee_compute,
    fee_halve,
    ip_case_fee,
    jurisdiction_objection_fee,
    labour_case_fee,
    maritime_fee,
    non_property_case_fee,
    payment_order_fee,
    personality_case_fee,
    preservation_fee,
    property_case_fee,
    public_notice_fee,
)

D = Decimal
MAX = RangeChoice(point=RangePoint.MAX)


# Art. 13(1): 50 up to 1万; then 2.5% (1–10万), 2% (10–20万), 1.5% (20–50万), 1% (50–100万), 0.9% (100–200万),
# 0.8% (200–500万), 0.7% (500–1000万), 0.6% (1000–2000万), 0.5% above 2000万.
PROPERTY = [
    ("0", "50.00"),  # "不超过1万元的，每件交纳50元" covers any amount up to 1万
    ("10000", "50.00"),  # the first band's top: still the flat 50
    ("10000.01", "50.00"),  # 50 + 0.01 × 2.5% = 50.00025 → 50.00
    ("10000.20", "50.01"),  # 50 + 0.20 × 2.5% = 50.005 → ROUND_HALF_UP → 50.01
    ("100000", "2300.00"),  # 50 + 90,000 × 2.5% (2,250)
    ("200000", "4300.00"),  # 2,300 + 100,000 × 2% (2,000)
    ("500000", "8800.00"),  # 4,300 + 300,000 × 1.5% (4,500)
    ("1000000", "13800.00"),  # 8,800 + 500,000 × 1% (5,000) — legal-rules.md's known answer
    ("2000000", "22800.00"),  # 13,800 + 1,000,000 × 0.9% (9,000)
    ("5000000", "46800.00"),  # 22,800 + 3,000,000 × 0.8% (24,000)
    ("10000000", "81800.00"),  # 46,800 + 5,000,000 × 0.7% (35,000) — legal-rules.md's known answer
    ("20000000", "141800.00"),  # 81,800 + 10,000,000 × 0.6% (60,000)
    ("30000000", "191800.00"),  # 141,800 + 10,000,000 × 0.5% (50,000)
    ("20000000.01", "141800.00"),  # 141,800 + 0.01 × 0.5% = 141,800.00005 → 141,800.00
]


@pytest.mark.parametrize(("amount", "fee"), PROPERTY)
def test_property_case_fee_bands(amount: str, fee: str) -> None:
    result = property_case_fee(D(amount))
    assert result.fee == D(fee)
    assert result.basis == "诉讼费用交纳办法第十三条第（一）项"


def test_property_breakdown_lists_each_band_reached_with_its_part_and_rate() -> None:
    result = property_case_fee(D("1000000"))
    bands = [(line.base, line.rate, line.amount) for line in result.breakdown]
    assert bands == [
        (None, None, D("50")),
        (D("90000"), D("0.025"), D("2250")),
        (D("100000"), D("0.02"), D("2000")),
        (D("300000"), D("0.015"), D("4500")),
        (D("500000"), D("0.01"), D("5000")),
    ]
    assert "超过50万元至100万元的部分" in result.breakdown[-1].text
    assert sum(line.amount for line in result.breakdown) == result.fee


# Art. 13(2)1: divorce 50–300 per case; property division: nothing up to 20万, 0.5% of the part above.
@pytest.mark.parametrize(
    ("property_total", "choice", "fee"),
    [
        (None, RangeChoice(), "50.00"),  # the range's minimum, the default
        (None, MAX, "300.00"),  # the range's maximum
        (None, RangeChoice(value=D("200")), "200.00"),  # a province's figure inside the range
        ("200000", RangeChoice(), "50.00"),  # "财产总额不超过20万元的，不另行交纳"
        ("200000.01", RangeChoice(), "50.00"),  # 50 + 0.01 × 0.5% = 50.00005 → 50.00
        ("300000", RangeChoice(), "550.00"),  # 50 + 100,000 × 0.5% (500)
        ("1000000", MAX, "4300.00"),  # 300 + 800,000 × 0.5% (4,000)
    ],
)
def test_divorce_case_fee(property_total: str | None, choice: RangeChoice, fee: str) -> None:
    result = divorce_case_fee(None if property_total is None else D(property_total), choice)
    assert result.fee == D(fee)
    assert result.basis == "诉讼费用交纳办法第十三条第（二）项第1目"


# Art. 13(2)2: personality rights 100–500 per case; damages: nothing up to 5万, 1% of 5–10万, 0.5% above 10万.
@pytest.mark.parametrize(
    ("damages", "choice", "fee"),
    [
        (None, RangeChoice(), "100.00"),
        (None, MAX, "500.00"),
        ("50000", RangeChoice(), "100.00"),  # "赔偿金额不超过5万元的，不另行交纳"
        ("100000", RangeChoice(), "600.00"),  # 100 + 50,000 × 1% (500)
        ("200000", RangeChoice(), "1100.00"),  # 600 + 100,000 × 0.5% (500)
        ("200000", MAX, "1500.00"),  # 500 + 500 + 500
    ],
)
def test_personality_case_fee(damages: str | None, choice: RangeChoice, fee: str) -> None:
    result = personality_case_fee(None if damages is None else D(damages), choice)
    assert result.fee == D(fee)
    assert result.basis == "诉讼费用交纳办法第十三条第（二）项第2目"


def test_other_non_property_case_fee_is_50_to_100() -> None:  # Art. 13(2)3
    assert non_property_case_fee().fee == D("50.00")
    assert non_property_case_fee(MAX).fee == D("100.00")
    assert non_property_case_fee().basis == "诉讼费用交纳办法第十三条第（二）项第3目"


def test_ip_case_fee_without_amount_is_500_to_1000_and_with_amount_the_property_scale() -> None:  # Art. 13(3)
    assert ip_case_fee(None).fee == D("500.00")
    assert ip_case_fee(None, MAX).fee == D("1000.00")
    assert ip_case_fee(D("1000000")).fee == D("13800.00")  # "按照财产案件的标准交纳"
    assert ip_case_fee(D("1000000")).basis == "诉讼费用交纳办法第十三条第（三）项"


def test_labour_case_fee_is_10() -> None:  # Art. 13(4): "每件交纳10元"
    assert labour_case_fee().fee == D("10.00")


@pytest.mark.parametrize(
    ("subtype", "fee", "article"),
    [
        (AdministrativeSubtype.TRADEMARK, "100.00", "第十三条第（五）项第1目"),
        (AdministrativeSubtype.PATENT, "100.00", "第十三条第（五）项第1目"),
        (AdministrativeSubtype.MARITIME, "100.00", "第十三条第（五）项第1目"),
        (AdministrativeSubtype.OTHER, "50.00", "第十三条第（五）项第2目"),
    ],
)
def test_administrative_case_fee(subtype: AdministrativeSubtype, fee: str, article: str) -> None:
    result = administrative_case_fee(subtype)
    assert (result.fee, result.citation.article) == (D(fee), article)


def test_jurisdiction_objection_fee_is_50_to_100() -> None:  # Art. 13(6)
    assert jurisdiction_objection_fee().fee == D("50.00")
    assert jurisdiction_objection_fee(MAX).fee == D("100.00")


# Art. 14(1): no amount 50–500; else 50 up to 1万, 1.5% (1–50万), 1% (50–500万), 0.5% (500–1000万), 0.1% above.
@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        ("10000", "50.00"),
        ("10000.01", "50.00"),  # 50 + 0.01 × 1.5% = 50.00015 → 50.00
        ("500000", "7400.00"),  # 50 + 490,000 × 1.5% (7,350)
        ("5000000", "52400.00"),  # 7,400 + 4,500,000 × 1% (45,000)
        ("10000000", "77400.00"),  # 52,400 + 5,000,000 × 0.5% (25,000)
        ("20000000", "87400.00"),  # 77,400 + 10,000,000 × 0.1% (10,000)
    ],
)
def test_enforcement_fee_bands(amount: str, fee: str) -> None:
    result = enforcement_fee(D(amount))
    assert result.fee == D(fee)
    assert result.basis == "诉讼费用交纳办法第十四条第（一）项第2目"


def test_enforcement_fee_without_amount_is_50_to_500() -> None:
    assert enforcement_fee(None).fee == D("50.00")
    assert enforcement_fee(None, MAX).fee == D("500.00")
    assert enforcement_fee(None).basis == "诉讼费用交纳办法第十四条第（一）项第1目"


# Art. 14(2): 30 up to 1,000 or without an amount; 1% of 1,000–10万; 0.5% above; at most 5,000.
@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        (None, "30.00"),  # "不涉及财产数额的，每件交纳30元"
        ("1000", "30.00"),
        ("1000.01", "30.00"),  # 30 + 0.0001 → 30.00
        ("100000", "1020.00"),  # 30 + 99,000 × 1% (990)
        ("896000", "5000.00"),  # 1,020 + 796,000 × 0.5% (3,980) = 5,000 exactly: the cap is reached here
        ("896000.01", "5000.00"),  # 5,000.00005 → capped at 5,000
        ("1000000", "5000.00"),  # 1,020 + 4,500 = 5,520 → capped
        ("100000000", "5000.00"),
    ],
)
def test_preservation_fee_bands_and_cap(amount: str | None, fee: str) -> None:
    assert preservation_fee(None if amount is None else D(amount)).fee == D(fee)


# Art. 14(3): 1/3 of the property-case fee, from the rounded property fee.
@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        ("10000", "16.67"),  # 50 / 3 = 16.666… → 16.67
        ("10100", "17.50"),  # (50 + 100 × 2.5%) = 52.50; / 3 = 17.50
        ("10200", "18.33"),  # 55.00 / 3 = 18.333… → 18.33
        ("100000", "766.67"),  # 2,300 / 3 = 766.666… → 766.67
        ("1000000", "4600.00"),  # 13,800 / 3
    ],
)
def test_payment_order_fee_is_a_third_rounded(amount: str, fee: str) -> None:
    result = payment_order_fee(D(amount))
    assert result.fee == D(fee)
    assert result.basis == "诉讼费用交纳办法第十四条第（三）项"


def test_public_notice_and_arbitration_fees() -> None:  # Art. 14(4), 14(5)
    assert public_notice_fee().fee == D("100.00")
    assert arbitration_fee().fee == D("400.00")


# Art. 14(6): half the property-case fee on the estate, from the rounded fee; at most 30万.
@pytest.mark.parametrize(
    ("estate", "fee"),
    [
        ("1000000", "6900.00"),  # 13,800 / 2
        ("10000.20", "25.01"),  # property fee 50.005 → 50.01; / 2 = 25.005 → 25.01 (exact: 25.0025 → 25.00)
        ("111639996", "299999.99"),  # 141,800 + 91,639,996 × 0.5% = 599,999.98; / 2 = 299,999.99
        ("111639997", "300000.00"),  # 599,999.985 → 599,999.99; / 2 = 299,999.995 → 300,000.00 (exact /2: 299,999.99)
        ("111640000", "300000.00"),  # 141,800 + 91,640,000 × 0.5% = 600,000; / 2 = 300,000: the cap itself
        ("200000000", "300000.00"),  # 141,800 + 900,000 = 1,041,800; / 2 = 520,900 → capped at 300,000
    ],
)
def test_bankruptcy_fee_halves_the_rounded_property_fee_and_caps(estate: str, fee: str) -> None:
    assert bankruptcy_fee(D(estate)).fee == D(fee)


@pytest.mark.parametrize(
    ("subtype", "choice", "fee", "item"),
    [
        (MaritimeSubtype.FUND, RangeChoice(), "1000.00", "第1目"),  # 1,000–10,000
        (MaritimeSubtype.FUND, MAX, "10000.00", "第1目"),
        (MaritimeSubtype.INJUNCTION, RangeChoice(), "1000.00", "第2目"),  # 1,000–5,000
        (MaritimeSubtype.INJUNCTION, MAX, "5000.00", "第2目"),
        (MaritimeSubtype.PRIORITY_NOTICE, RangeChoice(), "1000.00", "第3目"),  # 1,000–5,000
        (MaritimeSubtype.PRIORITY_NOTICE, MAX, "5000.00", "第3目"),
        (MaritimeSubtype.CLAIM_REGISTRATION, MAX, "1000.00", "第4目"),  # fixed: the range point is irrelevant
        (MaritimeSubtype.GENERAL_AVERAGE, RangeChoice(), "1000.00", "第5目"),
    ],
)
def test_maritime_fees(subtype: MaritimeSubtype, choice: RangeChoice, fee: str, item: str) -> None:
    result = maritime_fee(subtype, choice)
    assert result.fee == D(fee)
    assert result.citation.article == f"第十四条第（七）项{item}"


# Halving: Art. 15/16/18 halve the case fee (案件受理费) of Art. 13; 民诉法解释 Art. 206: only once.
def test_halving_rounds_the_rounded_fee() -> None:
    # 100,000.25: property fee 2,300 + 0.25 × 2% = 2,300.005 → 2,300.01; halved 1,150.005 → 1,150.01
    # (halving the exact fee would give 1,150.0025 → 1,150.00: the convention halves the rounded fee).
    halved = fee_halve(property_case_fee(D("100000.25")))
    assert halved.fee == D("1150.01")
    assert halved.halved
    assert "最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释" in {c.law for c in halved.citations}


@pytest.mark.parametrize(
    ("kind", "amount", "subtype", "fee"),
    [
        (FeeKind.PROPERTY, "1000000", None, "6900.00"),
        (FeeKind.DIVORCE, "300000", None, "275.00"),  # (50 + 500) / 2: the whole case fee is halved
        (FeeKind.PERSONALITY, None, None, "50.00"),
        (FeeKind.NON_PROPERTY, None, None, "25.00"),
        (FeeKind.IP, None, None, "250.00"),
        (FeeKind.LABOUR, None, None, "5.00"),
        (FeeKind.ADMINISTRATIVE, None, "other", "25.00"),
        (FeeKind.ADMINISTRATIVE, None, "patent", "50.00"),
    ],
)
def test_every_art13_case_fee_can_be_halved(kind: FeeKind, amount: str | None, subtype: str | None, fee: str) -> None:
    query = FeeQuery(kind=kind, amount=None if amount is None else D(amount), subtype=subtype, halved=True)
    assert fee_compute(query).fee == D(fee)


@pytest.mark.parametrize(
    ("kind", "amount", "subtype"),
    [
        (FeeKind.JURISDICTION_OBJECTION, None, None),  # 13(6), but a fee for the objection, never halved
        (FeeKind.ENFORCEMENT, "100000", None),
        (FeeKind.PRESERVATION, None, None),
        (FeeKind.PAYMENT_ORDER, "100000", None),
        (FeeKind.PUBLIC_NOTICE, None, None),
        (FeeKind.ARBITRATION, None, None),
        (FeeKind.BANKRUPTCY, "100000", None),  # 14(6) halves by its own terms, Art. 15/16/18 do not apply
        (FeeKind.MARITIME, None, "fund"),
    ],
)
def test_application_fees_and_the_objection_fee_are_never_halved(
    kind: FeeKind, amount: str | None, subtype: str | None
) -> None:
    query = FeeQuery(kind=kind, amount=None if amount is None else D(amount), subtype=subtype, halved=True)
    with pytest.raises(FeeInputError) as exc:
        fee_compute(query)
    assert exc.value.code == "fee.halving_not_allowed"
    assert exc.value.field == "halved"


def test_a_fee_is_halved_at_most_once() -> None:
    once = fee_halve(property_case_fee(D("1000000")))
    with pytest.raises(FeeInputError) as exc:
        fee_halve(once)
    assert exc.value.code == "fee.halved_twice"
    assert "第二百零六条" in str(exc.value.message)


def test_a_range_value_outside_the_statutory_range_is_refused() -> None:
    with pytest.raises(FeeInputError) as exc:
        divorce_case_fee(None, RangeChoice(value=D("301")))
    assert exc.value.code == "fee.range_value_out_of_range"


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        (FeeQuery(kind=FeeKind.PROPERTY), "fee.amount_required", "amount"),
        (FeeQuery(kind=FeeKind.PAYMENT_ORDER), "fee.amount_required", "amount"),
        (FeeQuery(kind=FeeKind.BANKRUPTCY), "fee.amount_required", "amount"),
        (FeeQuery(kind=FeeKind.ADMINISTRATIVE), "fee.subtype_required", "subtype"),
        (FeeQuery(kind=FeeKind.MARITIME), "fee.subtype_required", "subtype"),
        (FeeQuery(kind=FeeKind.MARITIME, subtype="trademark"), "fee.subtype_unknown", "subtype"),
        (FeeQuery(kind=FeeKind.PROPERTY, amount=D("1"), subtype="fund"), "fee.subtype_not_applicable", "subtype"),
        (FeeQuery(kind=FeeKind.PROPERTY, amount=D("-1")), "fee.amount_invalid", "amount"),
        (FeeQuery(kind=FeeKind.PROPERTY, amount=D("1.001")), "fee.amount_invalid", "amount"),
    ],
)
def test_fee_compute_refuses_incomplete_queries(query: FeeQuery, code: str, field: str) -> None:
    with pytest.raises(FeeInputError) as exc:
        fee_compute(query)
    assert (exc.value.code, exc.value.field) == (code, field)


def test_an_amount_is_ignored_and_said_so_for_a_fee_per_case() -> None:
    result = fee_compute(FeeQuery(kind=FeeKind.LABOUR, amount=D("50000")))
    assert result.fee == D("10.00")
    assert any("与金额无关" in note for note in result.notes)

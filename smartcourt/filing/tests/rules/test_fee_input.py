"""Parsing what a client or a visitor typed: each refusal names its field in Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartcourt.filing.rules.fee_input import amount_parse, fee_query_parse
from smartcourt.filing.rules.fees import FeeInputError, FeeKind, RangePoint


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1000000", "1000000"), ("12345.67", "12345.67"), ("0.5", "0.5"), (" 100 ", "100"), ("0", "0")],
)
def test_amount_parse_accepts_yuan_with_up_to_two_decimals(raw: str, expected: str) -> None:
    assert amount_parse(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("1e9", "科学计数法"),
        ("1E+3", "科学计数法"),
        ("-5", "不能为负数"),
        ("一百万", "阿拉伯数字"),
        ("100万", "阿拉伯数字"),
        ("NaN", "须为以元为单位的数字"),
        ("Infinity", "须为以元为单位的数字"),
        ("1.234", "最多保留两位小数"),
        ("1,000", "千分位"),
        ("１０００", "须为以元为单位的数字"),  # full-width digits: Python's \d and Decimal() would take them
        ("١٢٣", "须为以元为单位的数字"),  # Arabic-Indic digits, likewise
        ("+5", "须为以元为单位的数字"),
        ("1.", "须为以元为单位的数字"),
        (".5", "须为以元为单位的数字"),
        ("9" * 41, "过长"),
        ("1" + "0" * 16, "不能超过"),
    ],
)
def test_amount_parse_refuses_with_a_precise_message(raw: str, fragment: str) -> None:
    with pytest.raises(FeeInputError) as exc:
        amount_parse(raw)
    assert exc.value.field == "amount"
    assert fragment in str(exc.value.message)
    assert "金额（amount）" in str(exc.value.message)


def test_fee_query_parse_types_every_parameter() -> None:
    query = fee_query_parse(
        kind="maritime", subtype="fund", range_point="max", halved="false", court="苏0508", amount=None
    )
    assert (query.kind, query.subtype, query.range_point, query.halved, query.court_code) == (
        FeeKind.MARITIME,
        "fund",
        RangePoint.MAX,
        False,
        "苏0508",
    )


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"kind": None}, "kind", "fee.kind_required"),
        ({"kind": "foo"}, "kind", "fee.kind_unknown"),
        ({"kind": "PROPERTY"}, "kind", "fee.kind_unknown"),
        ({"kind": "property", "range_point": "middle"}, "range_point", "fee.range_point_invalid"),
        ({"kind": "property", "halved": "yes please"}, "halved", "fee.halved_invalid"),
        ({"kind": "property", "court": ""}, "court", "fee.court_invalid"),
        ({"kind": "property", "court": "x" * 17}, "court", "fee.court_invalid"),
        ({"kind": "administrative", "subtype": ""}, "subtype", "fee.subtype_empty"),
    ],
)
def test_fee_query_parse_refuses_bad_parameters(params: dict[str, str | None], field: str, code: str) -> None:
    with pytest.raises(FeeInputError) as exc:
        fee_query_parse(**params)  # type: ignore[arg-type]
    assert (exc.value.field, exc.value.code) == (field, code)
    assert f"（{field}）" in str(exc.value.message)


def test_a_small_claims_suggestion_names_its_source_without_developer_notes() -> None:
    from decimal import Decimal

    from smartcourt.filing.rules.triage import TriageInput, threshold_for, triage_suggest

    result = triage_suggest(
        TriageInput(
            cause_name="买卖合同纠纷",
            amount=Decimal("20000"),
            plaintiffs=1,
            defendants=1,
            foreign_element=False,
            court_level="basic",
        ),
        threshold_for("苏", 2026),
    )
    assert result.track == "small_claims"
    assert "待核对" not in result.reasons[0] and "以江苏省高级人民法院" in result.reasons[0]

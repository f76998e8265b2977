"""`GET /api/v1/fees/estimate` and `/fees/kinds`: public, JSON, fee as a string, every bad input a Chinese 400."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcourt.core.actors import SYSTEM
from smartcourt.filing.rules.fees import FeeKind
from smartcourt.filing.services import court_fee_setting_set
from smartcourt.filing.tests.factories import court_make

URL = "/api/v1/fees/estimate"
CJK = re.compile(r"[\u4e00-\u9fff]")
pytestmark = pytest.mark.django_db


def test_property_estimate_matches_the_issue_example(client) -> None:
    response = client.get(URL, {"kind": "property", "amount": "1000000"})
    assert response.status_code == 200
    body = response.json()
    assert body["fee"] == "13800.00"
    assert isinstance(body["fee"], str)
    assert body["basis"] == "诉讼费用交纳办法第十三条第（一）项"
    assert [line["amount"] for line in body["breakdown"]] == ["50.00", "2250.00", "2000.00", "4500.00", "5000.00"]
    assert body["breakdown"][1] == {
        "text": "超过1万元至10万元的部分：90,000.00元 × 2.5% = 2,250.00元",
        "amount": "2250.00",
        "base": "90000.00",
        "rate": "0.025",
        "basis": "诉讼费用交纳办法第十三条第（一）项",
    }
    assert body["halved"] is False
    assert body["citations"][0] == {
        "law": "诉讼费用交纳办法",
        "article": "第十三条第（一）项",
        "text": "《诉讼费用交纳办法》第十三条第（一）项",
    }


def test_no_float_anywhere_in_the_body(client) -> None:
    raw = client.get(URL, {"kind": "bankruptcy", "amount": "111639997"}).content.decode()
    assert '"fee": "300000.00"' in raw
    assert not re.search(r":\s*-?\d+\.\d", raw)  # numbers leave only as strings


@pytest.mark.parametrize(
    ("params", "fee", "basis"),
    [
        ({"kind": "divorce"}, "50.00", "第十三条第（二）项第1目"),
        ({"kind": "divorce", "amount": "300000", "range_point": "max"}, "800.00", "第十三条第（二）项第1目"),
        ({"kind": "personality", "amount": "100000"}, "600.00", "第十三条第（二）项第2目"),
        ({"kind": "non_property", "halved": "true"}, "25.00", "第十三条第（二）项第3目"),
        ({"kind": "ip"}, "500.00", "第十三条第（三）项"),
        ({"kind": "ip", "amount": "1000000"}, "13800.00", "第十三条第（三）项"),
        ({"kind": "labour", "amount": "50000"}, "10.00", "第十三条第（四）项"),
        ({"kind": "administrative", "subtype": "trademark"}, "100.00", "第十三条第（五）项第1目"),
        ({"kind": "administrative", "subtype": "other"}, "50.00", "第十三条第（五）项第2目"),
        ({"kind": "jurisdiction_objection", "range_point": "max"}, "100.00", "第十三条第（六）项"),
        ({"kind": "enforcement"}, "50.00", "第十四条第（一）项第1目"),
        ({"kind": "enforcement", "amount": "500000"}, "7400.00", "第十四条第（一）项第2目"),
        ({"kind": "preservation"}, "30.00", "第十四条第（二）项"),
        ({"kind": "preservation", "amount": "1000000"}, "5000.00", "第十四条第（二）项"),
        ({"kind": "payment_order", "amount": "10000"}, "16.67", "第十四条第（三）项"),
        ({"kind": "public_notice"}, "100.00", "第十四条第（四）项"),
        ({"kind": "arbitration"}, "400.00", "第十四条第（五）项"),
        ({"kind": "bankruptcy", "amount": "1000000"}, "6900.00", "第十四条第（六）项"),
        ({"kind": "maritime", "subtype": "fund", "range_point": "max"}, "10000.00", "第十四条第（七）项第1目"),
        ({"kind": "maritime", "subtype": "injunction"}, "1000.00", "第十四条第（七）项第2目"),
        (
            {"kind": "maritime", "subtype": "priority_notice", "range_point": "max"},
            "5000.00",
            "第十四条第（七）项第3目",
        ),
        ({"kind": "maritime", "subtype": "claim_registration"}, "1000.00", "第十四条第（七）项第4目"),
        ({"kind": "maritime", "subtype": "general_average"}, "1000.00", "第十四条第（七）项第5目"),
    ],
)
def test_every_kind_answers_with_its_article(client, params: dict[str, str], fee: str, basis: str) -> None:
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    assert response.json()["fee"] == fee
    assert response.json()["basis"] == f"诉讼费用交纳办法{basis}"


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("kind=property&amount=1e9", "amount", "fee.amount_invalid"),
        ("kind=property&amount=-5", "amount", "fee.amount_invalid"),
        ("kind=property&amount=%E4%B8%80%E7%99%BE%E4%B8%87", "amount", "fee.amount_invalid"),  # 一百万
        ("kind=property&amount=NaN", "amount", "fee.amount_invalid"),
        ("kind=property&amount=1.234", "amount", "fee.amount_invalid"),
        ("kind=property&amount=", "amount", "fee.amount_empty"),
        ("kind=property", "amount", "fee.amount_required"),
        ("kind=bankruptcy", "amount", "fee.amount_required"),
        ("kind=unknown", "kind", "fee.kind_unknown"),
        ("", "kind", "fee.kind_required"),
        ("kind=administrative", "subtype", "fee.subtype_required"),
        ("kind=maritime&subtype=cargo", "subtype", "fee.subtype_unknown"),
        ("kind=labour&subtype=fund", "subtype", "fee.subtype_not_applicable"),
        ("kind=divorce&range_point=middle", "range_point", "fee.range_point_invalid"),
        ("kind=divorce&halved=maybe", "halved", "fee.halved_invalid"),
        ("kind=enforcement&amount=100&halved=true", "halved", "fee.halving_not_allowed"),
        ("kind=jurisdiction_objection&halved=true", "halved", "fee.halving_not_allowed"),
        ("kind=preservation&halved=true", "halved", "fee.halving_not_allowed"),
    ],
)
def test_bad_input_is_a_400_with_a_chinese_message_naming_the_field(client, query: str, field: str, code: str) -> None:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert f"（{field}）" in body["message"]
    assert CJK.search(body["message"])
    assert body["extra"]["field"] == field


def test_unknown_court_is_a_404_naming_the_field(client) -> None:
    response = client.get(URL, {"kind": "divorce", "court": "苏9999"})
    assert response.status_code == 404
    assert response.json()["code"] == "fee.court_not_found"
    assert "（court）" in response.json()["message"]


def test_the_courts_configured_point_is_used_unless_the_request_names_one(client) -> None:
    court = court_make(code="苏0508")
    court_fee_setting_set(court=court, kind="enforcement", point="max", actor=SYSTEM)
    assert client.get(URL, {"kind": "enforcement", "court": "苏0508"}).json()["fee"] == "500.00"
    assert client.get(URL, {"kind": "enforcement", "court": "苏0508", "range_point": "min"}).json()["fee"] == "50.00"
    assert client.get(URL, {"kind": "enforcement"}).json()["fee"] == "50.00"


def test_public_without_login_or_token(client) -> None:
    assert not client.session.get("_auth_user_id")
    assert client.get(URL, {"kind": "labour"}).status_code == 200
    assert client.get("/api/v1/fees/kinds").status_code == 200


def test_kinds_lists_every_kind_subtype_and_article(client) -> None:
    body = client.get("/api/v1/fees/kinds").json()
    assert [k["kind"] for k in body] == [k.value for k in FeeKind]
    by_kind = {k["kind"]: k for k in body}
    assert [s["key"] for s in by_kind["administrative"]["subtypes"]] == ["trademark", "patent", "maritime", "other"]
    assert [s["key"] for s in by_kind["maritime"]["subtypes"]] == [
        "fund",
        "injunction",
        "priority_notice",
        "claim_registration",
        "general_average",
    ]
    assert by_kind["maritime"]["subtypes"][0]["range"] == {"key": "maritime.fund", "min": "1000.00", "max": "10000.00"}
    assert by_kind["divorce"]["range"] == {"key": "divorce", "min": "50.00", "max": "300.00"}
    assert by_kind["property"]["amount"] == "required"
    assert by_kind["jurisdiction_objection"]["halvable"] is False
    assert by_kind["labour"]["halvable"] is True
    assert all(k["basis"].startswith("诉讼费用交纳办法第十") for k in body)


text = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["1e9", "-5", "NaN", "1.234", "", "inf", "0x10"]))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],  # too_slow: see conftest.py
)
@given(
    kind=st.one_of(text, st.sampled_from([k.value for k in FeeKind])),
    amount=st.one_of(text, st.decimals(0, 10**12, places=2).map(str)),
    subtype=st.one_of(text, st.sampled_from(["patent", "other", "fund", "general_average"])),
    range_point=st.one_of(text, st.sampled_from(["min", "max"])),
    halved=st.one_of(text, st.sampled_from(["true", "false"])),
    court=text,
)
def test_never_a_500(client, kind, amount, subtype, range_point, halved, court) -> None:
    params = {
        name: value
        for name, value in {
            "kind": kind,
            "amount": amount,
            "subtype": subtype,
            "range_point": range_point,
            "halved": halved,
            "court": court,
        }.items()
        if value is not None
    }
    response = client.get(URL, params)
    assert response.status_code in {200, 400, 404}
    body = response.json()
    if response.status_code == 200:
        assert re.fullmatch(r"\d+\.\d\d", body["fee"])
    else:
        assert set(body) >= {"code", "message"} and CJK.search(body["message"])

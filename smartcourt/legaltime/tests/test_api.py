"""The deadlines API (/api/v1/deadlines/…) and the public calculator page (legaltime:deadline_calculator)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartcourt.courts.tests.factories import CourtFactory
from smartcourt.legaltime.rules.deadlines import RULES

pytestmark = pytest.mark.django_db
COMPUTE = "/api/v1/deadlines/compute"


def post(client, body):  # type: ignore[no-untyped-def]
    return client.post(COMPUTE, body, content_type="application/json")


def test_compute_returns_due_explanation_and_warnings(client) -> None:  # type: ignore[no-untyped-def]
    response = post(client, {"rule": "civil.appeal.judgment", "start": "2025-09-19"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"due", "explanation", "warnings"}
    assert body["due"] == "2025-10-09" and body["warnings"] == []
    assert any("第八十五条第三款" in line for line in body["explanation"])


def test_compute_warns_for_an_unloaded_year_and_accepts_a_known_court(client) -> None:  # type: ignore[no-untyped-def]
    court = CourtFactory()
    body = post(client, {"rule": "civil.defence", "start": "2027-03-01", "court": court.code}).json()
    assert body["due"] == "2027-03-16" and "2027年的节假日安排尚未录入" in body["warnings"][0]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"rule": "civil.nope", "start": "2025-01-01"}, "deadlines.unknown_rule"),
        ({"rule": "civil.defence", "start": "2025-13-01"}, "deadlines.invalid_date"),
        ({"rule": "civil.defence", "start": "2025/01/01"}, "deadlines.invalid_date"),
        ({"rule": "civil.defence", "start": ""}, "deadlines.invalid_date"),
        ({"rule": "civil.defence", "start": "2025-01-01", "court": "火星01"}, "deadlines.unknown_court"),
        ({"rule": "civil.defence"}, "invalid_input"),
        ({"start": "2025-01-01"}, "invalid_input"),
        ({"rule": 7, "start": "2025-01-01"}, "invalid_input"),
    ],
)
def test_bad_input_is_a_400_with_a_code_and_a_chinese_message(client, body: dict, code: str) -> None:  # type: ignore[no-untyped-def]
    response = post(client, body)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == code and any("\u4e00" <= ch <= "\u9fff" for ch in data["message"])


def test_unparsable_json_is_a_400(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(COMPUTE, "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"


def test_rules_lists_every_code_with_label_period_and_article(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/deadlines/rules")
    assert response.status_code == 200
    rules = {r["code"]: r for r in response.json()}
    assert set(rules) == set(RULES)
    small = rules["civil.small_claims.trial"]
    assert small["period"] == {"amount": 2, "unit": "month", "bound": "exact"}
    assert small["source"]["text"] == "《民事诉讼法》第一百六十八条" and small["moves_off_rest_days"] is False
    assert rules["civil.appeal.judgment"]["label"] == "上诉期（不服第一审判决）"
    assert all(r["source"]["law"] and r["source"]["article"] for r in rules.values())


def test_trial_period_endpoint(client) -> None:  # type: ignore[no-untyped-def]
    body = {
        "rule": "civil.simple.trial",
        "start": "2025-03-10",
        "today": "2025-06-10",
        "events": [
            {"date": "2025-04-01", "kind": "deduction_start", "deduction": "public_notice"},
            {"date": "2025-04-30", "kind": "deduction_end", "deduction": "public_notice"},
            {"date": "2025-06-05", "kind": "procedure_change", "to_rule": "civil.ordinary.trial"},
        ],
    }
    response = client.post("/api/v1/deadlines/trial-period", body, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    # 6 months from 03-10 → 09-10, plus 30 days of public notice → 2025-10-10.
    assert set(data) == {"due", "explanation", "warnings"}
    assert data["due"] == "2025-10-10" and any("共30日" in line for line in data["explanation"])
    bad = client.post(
        "/api/v1/deadlines/trial-period",
        {"rule": "civil.defence", "start": "2025-03-10"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "deadlines.not_trial_period"


def test_calculator_page_is_public_and_shows_the_explanation(client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("legaltime:deadline_calculator")
    assert url == "/cases/deadlines/"
    empty = client.get(url)
    assert empty.status_code == 200 and "期限计算器" in empty.content.decode()
    page = client.get(url, {"rule": "civil.appeal.judgment", "start": "2025-09-19"}).content.decode()
    assert "2025-10-09" in page and "国庆节、中秋节法定节假日" in page and "第一百七十一条第一款" in page
    warned = client.get(url, {"rule": "civil.defence", "start": "2027-03-01"}).content.decode()
    assert "2027年的节假日安排尚未录入" in warned
    bad = client.get(url, {"rule": "civil.nope", "start": "2025-02-30"}).content.decode()
    assert "未知的期限规则" in bad and "格式应为 YYYY-MM-DD" in bad and "is-invalid" in bad
    assert "<script>" not in page.split("</footer>")[0]  # no inline script in the page body (CSP)

"""POST /api/v1/deadlines/trial-period (a whole case's clock from its events) and GET /api/v1/deadlines/deductions.

Known answers are counted by hand against the holidays loaded by courts' migration 0002 (National Day 2025)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from smartcourt.legaltime.rules.deductions import DeductionKind

pytestmark = pytest.mark.django_db
URL = "/api/v1/deadlines/trial-period"
SHANGHAI = timezone.get_default_timezone()


def post(client, body):  # type: ignore[no-untyped-def]
    return client.post(URL, body, content_type="application/json")


def test_a_whole_case_with_suspension_deductions_and_an_extension(client) -> None:  # type: ignore[no-untyped-def]
    # Filed 2025-01-15 (ordinary, 6 months → 2025-07-15); +6 months → 2026-01-15; suspension 03-01…03-10 (10 days)
    # and appraisal 04-01…04-30 (30 days) not counted → 2026-01-15 + 40 days = 2026-02-24.
    body = {
        "rule": "civil.ordinary.trial",
        "start": "2025-01-15",
        "events": [
            {"date": "2025-03-01", "kind": "suspend"},
            {"date": "2025-03-10", "kind": "resume"},
            {"date": "2025-04-01", "kind": "deduction_start", "deduction": "appraisal"},
            {"date": "2025-04-30", "kind": "deduction_end", "deduction": "appraisal"},
            {"date": "2025-07-01", "kind": "extension", "months": 6},
        ],
    }
    response = post(client, body)
    assert response.status_code == 200
    data = response.json()
    assert data == {"due": "2026-02-24", "explanation": data["explanation"], "warnings": []}
    assert any("延长：2025-07-01批准延长6个月" in line for line in data["explanation"])
    assert any("扣除共40日" in line for line in data["explanation"])


def test_a_due_date_on_national_day_is_held_and_explained(client) -> None:  # type: ignore[no-untyped-def]
    # Filed 2025-03-20 → 2025-09-20; public notice 05-01…05-11 (11 days) → 2025-10-01, National Day: a trial
    # period is not moved off a holiday (it would be 2025-10-09 for a party's period).
    body = {
        "rule": "civil.ordinary.trial",
        "start": "2025-03-20",
        "events": [
            {"date": "2025-05-01", "kind": "deduction_start", "deduction": "public_notice"},
            {"date": "2025-05-11", "kind": "deduction_end", "deduction": "public_notice"},
        ],
    }
    data = post(client, body).json()
    assert data["due"] == "2025-10-01"
    assert any("国庆节、中秋节法定节假日" in line and "不依期间届满顺延" in line for line in data["explanation"])


@time_machine.travel(datetime(2025, 6, 10, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_an_open_suspension_counts_to_today_by_default(client) -> None:  # type: ignore[no-untyped-def]
    # Suspended 06-01, still suspended on 06-10 (today): 10 days → 2025-07-15 + 10 = 2025-07-25.
    body = {
        "rule": "civil.ordinary.trial",
        "start": "2025-01-15",
        "events": [{"date": "2025-06-01", "kind": "suspend"}],
    }
    data = post(client, body).json()
    assert data["due"] == "2025-07-25" and any("审限计算暂停中" in line for line in data["explanation"])
    later = post(client, {**body, "today": "2025-06-20"}).json()
    assert later["due"] == "2025-08-04"


def test_an_unloaded_year_warns(client) -> None:  # type: ignore[no-untyped-def]
    data = post(client, {"rule": "civil.simple.trial", "start": "2026-11-20", "today": "2026-12-01"}).json()
    assert data["due"] == "2027-02-20" and "2027年的节假日安排尚未录入" in data["warnings"][0]


@pytest.mark.parametrize(
    ("body", "code", "cited"),
    [
        (
            {
                "rule": "civil.ordinary.trial",
                "start": "2025-01-10",
                "events": [{"date": "2025-03-01", "kind": "resume"}],
            },
            "trial_period.resume_without_suspend",
            "第九条第（九）项",
        ),
        (
            {
                "rule": "civil.simple.trial",
                "start": "2025-01-10",
                "events": [{"date": "2025-03-20", "kind": "extension", "months": 2}],
            },
            "trial_period.extension_beyond_limit",
            "《民诉法解释》第二百五十八条第一款",
        ),
        (
            {
                "rule": "civil.ordinary.trial",
                "start": "2025-01-10",
                "events": [{"date": "2025-03-01", "kind": "deduction_end", "deduction": "public_notice"}],
            },
            "trial_period.deduction_end_without_start",
            "《民诉法解释》第二百四十三条",
        ),
        (
            {
                "rule": "admin.simple.trial",
                "start": "2025-01-10",
                "events": [{"date": "2025-01-20", "kind": "extension", "days": 15}],
            },
            "trial_period.extension_not_allowed",
            "《行政诉讼法》第八十三条",
        ),
        (
            {
                "rule": "civil.ordinary.trial",
                "start": "2025-01-10",
                "events": [{"date": "2025-03-02", "kind": "suspend"}, {"date": "2025-03-01", "kind": "resume"}],
            },
            "trial_period.events_out_of_order",
            "请按日期先后顺序",
        ),
        (
            {
                "rule": "civil.ordinary.trial",
                "start": "2025-01-10",
                "events": [{"date": "2025-03-01", "kind": "deduction_start", "deduction": "jurisdiction"}],
            },
            "trial_period.unknown_deduction",
            "jurisdiction_objection",
        ),
        ({"rule": "civil.nope", "start": "2025-01-10"}, "deadlines.unknown_rule", "未知的期限规则"),
        ({"rule": "civil.appeal.judgment", "start": "2025-01-10"}, "deadlines.not_trial_period", "不是审理期限"),
        ({"rule": "civil.ordinary.trial", "start": "2025-02-30"}, "deadlines.invalid_date", "立案日期"),
        (
            {
                "rule": "civil.ordinary.trial",
                "start": "2025-01-10",
                "events": [{"date": "2025/03/01", "kind": "suspend"}],
            },
            "deadlines.invalid_date",
            "第1个事件的日期",
        ),
        (
            {
                "rule": "civil.ordinary.trial",
                "start": "2025-01-10",
                "events": [{"date": "2025-03-01", "kind": "pause"}],
            },
            "invalid_input",
            "events.0.kind",
        ),
        (
            {
                "rule": "civil.ordinary.trial",
                "start": "2025-01-10",
                "events": [{"date": "2025-03-01", "kind": "extension", "months": -1}],
            },
            "invalid_input",
            "events.0.months",
        ),
        ({"start": "2025-01-10"}, "invalid_input", "rule"),
    ],
)
def test_illegal_sequences_and_bad_input_are_a_400_with_code_and_article(  # type: ignore[no-untyped-def]
    client, body: dict, code: str, cited: str
) -> None:
    response = post(client, body)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == code and any("\u4e00" <= ch <= "\u9fff" for ch in data["message"])
    assert cited in data["message"]


def test_deductions_lists_each_kind_once_with_its_articles(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/deadlines/deductions")
    assert response.status_code == 200
    kinds = {k["code"]: k for k in response.json()}
    assert list(kinds) == [k.value for k in DeductionKind]
    appraisal = kinds["appraisal"]
    assert appraisal["label"] == "鉴定期间" and appraisal["events"] == ["deduction_start", "deduction_end"]
    cites = {c["applies_to"]: c["text"] for c in appraisal["citations"]}
    assert cites == {
        "civil": "《民诉法解释》第二百四十三条",
        "admin": "《行政诉讼法解释》第五十条",
        "other": "《最高人民法院关于严格执行案件审理期限制度的若干规定》第九条",
    }
    assert kinds["suspension"]["events"] == ["suspend", "resume"]
    assert kinds["jurisdiction_objection"]["label"] == "管辖异议及管辖争议处理期间"
    assert all(c["law"] and c["article"] for k in kinds.values() for c in k["citations"])


def test_an_extension_names_its_approver_and_a_wrong_one_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    # 民诉法 Art. 152: six months by the court president, then the higher court.
    events = [
        {"date": "2025-07-01", "kind": "extension", "months": 6, "approver": "own_president"},
        {"date": "2025-12-20", "kind": "extension", "months": 3},
    ]
    data = post(client, {"rule": "civil.ordinary.trial", "start": "2025-01-15", "events": events}).json()
    assert any("延长：2025-07-01批准延长6个月，本院院长批准" in line for line in data["explanation"])
    assert any("延长：2025-12-20批准延长3个月，上一级人民法院批准" in line for line in data["explanation"])
    events[1]["approver"] = "own_president"
    refused = post(client, {"rule": "civil.ordinary.trial", "start": "2025-01-15", "events": events})
    assert refused.status_code == 400
    assert refused.json()["code"] == "trial_period.extension_wrong_approver"
    assert "第2个事件" in refused.json()["message"] and "《民事诉讼法》第一百五十二条" in refused.json()["message"]
    events[1]["approver"] = "the_boss"
    unknown = post(client, {"rule": "civil.ordinary.trial", "start": "2025-01-15", "events": events})
    assert unknown.status_code == 400 and unknown.json()["code"] == "trial_period.unknown_approver"

"""The public trial-period calculator page (审限计算器) beside the deadline calculator, at stable URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_both_calculators_keep_their_place_and_link_to_each_other(client) -> None:  # type: ignore[no-untyped-def]
    assert reverse("legaltime:deadline_calculator") == "/cases/deadlines/"
    url = reverse("legaltime:trial_period_calculator")
    assert url == "/cases/deadlines/trial-period/"
    page = client.get(url).content.decode()
    assert "审限计算器" in page and 'value="civil.simple.trial"' in page
    assert 'value="civil.appeal.judgment"' not in page  # only trial-period rules
    assert 'value="jurisdiction_objection"' in page and 'value="suspension"' not in page
    assert url in client.get("/cases/deadlines/").content.decode()


def test_the_page_computes_a_case_with_events(client) -> None:  # type: ignore[no-untyped-def]
    # Filed 2025-01-15 → 2025-07-15; suspension 03-01…03-10 (10 days) and appraisal 04-01…04-30 (30 days) → 08-24.
    query = {
        "rule": "civil.ordinary.trial",
        "start": "2025-01-15",
        "today": "2025-09-01",
        "e1_date": "2025-03-01",
        "e1_kind": "suspend",
        "e2_date": "2025-03-10",
        "e2_kind": "resume",
        "e3_date": "2025-04-01",
        "e3_kind": "deduction_start",
        "e3_deduction": "appraisal",
        "e4_date": "2025-04-30",
        "e4_kind": "deduction_end",
        "e4_deduction": "appraisal",
        "e5_date": "2025-05-01",  # a row without a kind is not an event
    }
    page = client.get(reverse("legaltime:trial_period_calculator"), query).content.decode()
    assert 'data-testid="trial-result-due">2025-08-24' in page
    assert "扣除共40日" in page and "《民诉法解释》第二百四十三条" in page


def test_an_illegal_sequence_is_shown_with_its_article(client) -> None:  # type: ignore[no-untyped-def]
    query = {"rule": "civil.simple.trial", "start": "2025-01-10", "e1_date": "2025-03-20", "e1_kind": "extension"}
    page = client.get(reverse("legaltime:trial_period_calculator"), {**query, "e1_months": "2"}).content.decode()
    assert 'data-testid="trial-refusal"' in page and "《民诉法解释》第二百五十八条第一款" in page
    assert "trial_period.extension_beyond_limit" in page and 'data-testid="trial-result"' not in page
    bad = client.get(
        reverse("legaltime:trial_period_calculator"), {**query, "e1_date": "2025-02-30", "e1_months": "x"}
    ).content.decode()
    assert 'data-testid="trial-row-error"' in bad and "第1行的事件日期" in bad
    unknown = client.get(reverse("legaltime:trial_period_calculator"), {"rule": "civil.nope", "start": ""}).content
    assert "未知的期限规则" in unknown.decode() and "请填写立案日期" in unknown.decode()

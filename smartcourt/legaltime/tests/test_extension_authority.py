"""Who approves an extension of the trial period (延长审限的审批), as pure rules: the tier of the approver, the share
each approver may grant, and the refusals (beyond the maximum, beyond the approver's share, to the wrong level)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcourt.legaltime.rules.trial_period import (
    EXTENSION_TIERS,
    TRIAL_RULES,
    ApproverLevel,
    Extension,
    IllegalSequence,
    extension_authority,
    trial_period_clock,
)

from .calendars import shipped_calendar

CAL = shipped_calendar()
FILED = date(2025, 1, 15)


def status(rule: str, *, on: date = date(2025, 3, 1), extensions: tuple[Extension, ...] = ()):  # type: ignore[no-untyped-def]
    return trial_period_clock(rule=rule, filed_on=FILED, today=on, calendar=CAL, extensions=extensions)


def test_the_first_six_months_of_an_ordinary_case_are_the_court_presidents() -> None:
    authority = extension_authority(status=status("civil.ordinary.trial"), on=date(2025, 3, 1), months=6, days=0)
    assert authority.level == ApproverLevel.OWN_PRESIDENT and authority.tier == 1
    assert str(authority.citation) == "《民事诉讼法》第一百五十二条"
    assert authority.due_before == date(2025, 7, 15) and authority.due_after == date(2026, 1, 15)
    assert "本院院长" in authority.explanation and "《民事诉讼法》第一百五十二条" in authority.explanation


def test_more_than_the_presidents_share_is_refused_and_says_who_grants_the_rest() -> None:
    with pytest.raises(IllegalSequence) as exc:
        extension_authority(status=status("civil.ordinary.trial"), on=date(2025, 3, 1), months=8, days=0)
    assert exc.value.code == "trial_period.extension_beyond_approver"
    message = str(exc.value.message)
    assert "本院院长" in message and "上一级人民法院" in message and "《民事诉讼法》第一百五十二条" in message


def test_after_the_presidents_six_months_the_higher_court_approves() -> None:
    granted = (Extension(approved_on=date(2025, 6, 1), months=6),)
    later = status("civil.ordinary.trial", on=date(2025, 12, 1), extensions=granted)
    authority = extension_authority(status=later, on=date(2025, 12, 1), months=3, days=0)
    assert authority.level == ApproverLevel.UPPER_COURT and authority.tier == 2
    with pytest.raises(IllegalSequence) as exc:
        extension_authority(status=later, on=date(2025, 12, 1), months=3, days=0, requested="own_president")
    assert exc.value.code == "trial_period.extension_wrong_approver"
    assert "应报请上一级人民法院批准（《民事诉讼法》第一百五十二条），不能报请本院院长" in str(exc.value.message)


def test_a_request_to_the_wrong_level_is_refused_with_the_article() -> None:
    with pytest.raises(IllegalSequence, match="应报请本院院长批准（《民事诉讼法》第一百六十四条）") as exc:
        extension_authority(
            status=status("civil.simple.trial"), on=date(2025, 3, 1), months=1, days=0, requested="upper_court"
        )
    assert exc.value.code == "trial_period.extension_wrong_approver"


def test_simple_procedure_stops_at_four_months() -> None:
    # 民事诉讼法 Art. 164 + 民诉法解释 Art. 258(1): one month more, four months in all.
    assert extension_authority(status=status("civil.simple.trial"), on=date(2025, 3, 1), months=1, days=0).tier == 1
    with pytest.raises(IllegalSequence) as exc:
        extension_authority(status=status("civil.simple.trial"), on=date(2025, 3, 1), months=2, days=0)
    assert exc.value.code == "trial_period.extension_beyond_limit"
    assert "《民诉法解释》第二百五十八条第一款" in str(exc.value.message)
    granted = (Extension(approved_on=date(2025, 3, 1), months=1),)
    with pytest.raises(IllegalSequence, match="第二百五十八条第一款"):
        extension_authority(
            status=status("civil.simple.trial", extensions=granted), on=date(2025, 3, 2), months=0, days=1
        )


def test_administrative_cases_go_to_the_high_court_and_a_high_courts_own_to_the_supreme_court() -> None:
    basic = extension_authority(status=status("admin.first_instance.trial"), on=date(2025, 3, 1), months=3, days=0)
    assert basic.level == ApproverLevel.HIGH_COURT and str(basic.citation) == "《行政诉讼法》第八十一条"
    own = extension_authority(
        status=status("admin.first_instance.trial"), on=date(2025, 3, 1), months=3, days=0, court_level="high"
    )
    assert own.level == ApproverLevel.SUPREME_COURT


def test_criminal_appeals_go_to_the_high_court_for_two_months_then_to_the_supreme_court() -> None:
    first = extension_authority(status=status("criminal.second_instance.trial"), on=date(2025, 2, 1), months=2, days=0)
    assert first.level == ApproverLevel.HIGH_COURT
    granted = (Extension(approved_on=date(2025, 2, 1), months=2),)
    later = status("criminal.second_instance.trial", on=date(2025, 4, 1), extensions=granted)
    assert extension_authority(status=later, on=date(2025, 4, 1), months=1, days=0).level == ApproverLevel.SUPREME_COURT


def test_a_period_without_extension_is_refused_before_any_approver_is_named() -> None:
    with pytest.raises(IllegalSequence, match="《行政诉讼法》第八十三条"):
        extension_authority(
            status=status("admin.simple.trial", on=date(2025, 2, 1)), on=date(2025, 2, 1), months=0, days=5
        )


def test_every_trial_rule_with_an_extension_has_an_approver() -> None:
    from smartcourt.legaltime.rules.deadlines import rule_get

    for code in set(TRIAL_RULES.values()):
        assert bool(rule_get(code).extension) == (code in EXTENSION_TIERS), code


@given(months=st.integers(0, 6), days=st.integers(0, 30))
def test_up_to_six_months_the_court_president_approves(months: int, days: int) -> None:
    if (months == 0 and days == 0) or (months == 6 and days > 0):
        return
    authority = extension_authority(
        status=status("civil.ordinary.trial"), on=date(2025, 3, 1), months=months, days=days
    )
    assert authority.level == ApproverLevel.OWN_PRESIDENT

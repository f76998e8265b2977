"""Deadline counting (民事诉讼法 Art. 85): hand-checked dates across National Day 2025, Spring Festival 2026 and
make-up working days; month-end clamping; warnings for years not loaded; hypothesis properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcourt.legaltime.rules.deadlines import (
    RULES,
    FixedPeriod,
    InvalidDate,
    RuleKind,
    Unit,
    UnknownRule,
    add_months,
    date_parse,
    deadline_compute,
    raw_end,
)

from .calendars import shipped_calendar

CAL = shipped_calendar()  # 2024–2026 as shipped; 2023 and 2027 are not loaded


def due(code: str, start: date) -> date:
    return deadline_compute(rule=code, start=start, calendar=CAL).due


@pytest.mark.parametrize(
    ("code", "start", "expected"),
    [
        # 2025-09-19 + 15 = 2025-10-04 (Sat, National Day holiday 10-01…10-08) → first working day 10-09 (Thu).
        ("civil.appeal.judgment", date(2025, 9, 19), date(2025, 10, 9)),
        # 2025-09-26 + 15 = 2025-10-11, a Saturday made a working day (调休上班) → not extended.
        ("civil.defence", date(2025, 9, 26), date(2025, 10, 11)),
        # 2025-09-18 + 10 = 2025-09-28, the make-up Sunday → a working day, ends that day.
        ("civil.appeal.ruling", date(2025, 9, 18), date(2025, 9, 28)),
        # 2026-02-01 + 15 = 2026-02-16 (Spring Festival 02-15…02-23) → 2026-02-24 (Tue).
        ("civil.appeal.judgment", date(2026, 2, 1), date(2026, 2, 24)),
        # 2026-02-04 + 10 = 2026-02-14, the Saturday worked before Spring Festival → ends that day.
        ("criminal.appeal.judgment", date(2026, 2, 4), date(2026, 2, 14)),
        # 2026-02-09 + 5 = 2026-02-14 (make-up Saturday) → that day.
        ("criminal.appeal.ruling", date(2026, 2, 9), date(2026, 2, 14)),
        # 2025-09-29 + 7 = 2025-10-06 (holiday) → 2025-10-09.
        ("civil.filing_review", date(2025, 9, 29), date(2025, 10, 9)),
        # 2025-06-06 + 15 = 2025-06-21, an ordinary Saturday → Monday 2025-06-23 (weekends are rest days).
        ("civil.defence", date(2025, 6, 6), date(2025, 6, 23)),
        # 2025-09-08 + 30 = 2025-10-08 (last holiday day) → 2025-10-09: deemed served.
        ("service.public_notice", date(2025, 9, 8), date(2025, 10, 9)),
        # 2025-08-20 + 60 = 2025-10-19, a Sunday → 2025-10-20.
        ("service.public_notice_abroad", date(2025, 8, 20), date(2025, 10, 20)),
        # 2026-02-12 + 7 = 2026-02-19 (Spring Festival) → 2026-02-24.
        ("fee.payment", date(2026, 2, 12), date(2026, 2, 24)),
        # at least 15 days: 2025-09-16 + 15 = 2025-10-01 → 2025-10-09.
        ("civil.evidence.ordinary", date(2025, 9, 16), date(2025, 10, 9)),
        # 6 months from 2025-04-01 → 2025-10-01 (holiday) → 2025-10-09 (a party's period moves).
        ("civil.retrial_application", date(2025, 4, 1), date(2025, 10, 9)),
        # 2 years from 2024-10-01 → 2026-10-01 (National Day 2026, 10-01…10-07) → 2026-10-08.
        ("enforcement.application", date(2024, 10, 1), date(2026, 10, 8)),
        # 15 days from 2026-09-20 → 2026-10-05 (holiday) → 2026-10-08.
        ("bankruptcy.acceptance", date(2026, 9, 20), date(2026, 10, 8)),
        # admin appeal 15 days from 2025-01-20 → 2025-02-04 (last Spring Festival day 2025) → 2025-02-05.
        ("admin.appeal.judgment", date(2025, 1, 20), date(2025, 2, 5)),
    ],
)
def test_hand_checked_due_dates(code: str, start: date, expected: date) -> None:
    assert due(code, start) == expected


def test_explanation_names_start_rule_raw_end_and_each_skipped_holiday() -> None:
    result = deadline_compute(rule="civil.appeal.judgment", start=date(2025, 9, 19), calendar=CAL)
    text = "\n".join(result.explanation)
    assert "2025-09-19（星期五）为判决书送达之日，当日不计入" in text
    assert "《民事诉讼法》第八十五条第二款" in text and "《民事诉讼法》第一百七十一条第一款" in text
    assert "第15日为2025-10-04（星期六）" in text
    assert "跳过休息日：2025-10-04至2025-10-08（国庆节、中秋节法定节假日，5日）。" in text
    assert "2025-10-09（星期四）为期间届满的日期（《民事诉讼法》第八十五条第三款）" in text
    assert result.raw_end == date(2025, 10, 4) and [d for d, _ in result.skipped] == [
        date(2025, 10, 4) + timedelta(days=i) for i in range(5)
    ]
    assert result.warnings == []


def test_a_make_up_working_day_is_said_to_end_the_period() -> None:
    result = deadline_compute(rule="civil.defence", start=date(2025, 9, 26), calendar=CAL)
    assert any("国庆节、中秋节调休上班日，属于工作日，期间不顺延" in line for line in result.explanation)


@pytest.mark.parametrize(
    ("code", "start", "expected"),
    [
        ("civil.ordinary.trial", date(2025, 8, 31), date(2026, 2, 28)),  # no 31 February: the month's last day
        ("civil.simple.trial", date(2025, 11, 30), date(2026, 2, 28)),
        ("civil.second_instance.trial", date(2025, 11, 29), date(2026, 2, 28)),
        ("civil.small_claims.trial", date(2023, 12, 31), date(2024, 2, 29)),  # leap year
        ("admin.first_instance.trial", date(2025, 3, 31), date(2025, 9, 30)),
        ("civil.ordinary.trial", date(2025, 3, 15), date(2025, 9, 15)),  # the same day-number
    ],
)
def test_months_end_on_the_same_day_number_clamped_to_month_end(code: str, start: date, expected: date) -> None:
    assert due(code, start) == expected


def test_a_trial_period_ending_on_a_holiday_is_not_moved_but_the_explanation_says_so() -> None:
    # 6 months from 2025-04-01 → 2025-10-01 (National Day): 审限 is held, not extended to 10-09.
    result = deadline_compute(rule="civil.ordinary.trial", start=date(2025, 4, 1), calendar=CAL)
    assert result.due == date(2025, 10, 1)
    assert any("不依《民事诉讼法》第八十五条第三款顺延" in line and "2025-10-09" in line for line in result.explanation)


def test_hearing_notice_counts_back_from_the_hearing() -> None:
    # Hearing Monday 2025-10-13: three whole days 10-10, 10-11, 10-12 between → notify by Thursday 10-09.
    assert due("civil.hearing_notice", date(2025, 10, 13)) == date(2025, 10, 9)
    # Hearing 2025-10-09: latest 10-05 (a holiday); the last working day before it, 09-30, is named.
    result = deadline_compute(rule="civil.hearing_notice", start=date(2025, 10, 9), calendar=CAL)
    assert result.due == date(2025, 10, 5)
    assert any("应不晚于2025-09-30（星期二）" in line for line in result.explanation)


def test_working_days_skip_the_holiday_and_count_the_make_up_saturday() -> None:
    # Application 2025-09-30: working days 10-09 (1), 10-10 (2), 10-11 make-up Saturday (3).
    assert due("mediation.mediator_designation", date(2025, 9, 30)) == date(2025, 10, 11)


@pytest.mark.parametrize(
    ("code", "start", "expected", "year"),
    [
        # 2026-12-25 + 15 = 2027-01-09 (Sat; 2027 not loaded, weekends only) → 2027-01-11, with a warning.
        ("civil.defence", date(2026, 12, 25), date(2027, 1, 11), 2027),
        ("civil.appeal.judgment", date(2027, 3, 1), date(2027, 3, 16), 2027),
        # 2023-12-20 + 15 = 2024-01-04 (Thu); 2023 is not loaded.
        ("civil.appeal.judgment", date(2023, 12, 20), date(2024, 1, 4), 2023),
    ],
)
def test_an_unloaded_year_gives_an_explicit_warning(code: str, start: date, expected: date, year: int) -> None:
    result = deadline_compute(rule=code, start=start, calendar=CAL)
    assert result.due == expected
    assert len(result.warnings) == 1 and f"{year}年的节假日安排尚未录入" in result.warnings[0]


def test_registry_cites_every_rule_and_has_the_required_codes() -> None:
    required = {
        "civil.filing_review": (7, Unit.DAY, "第一百二十六条"),
        "civil.defence": (15, Unit.DAY, "第一百二十八条第一款"),
        "civil.hearing_notice": (3, Unit.DAY, "第一百三十九条"),
        "civil.appeal.judgment": (15, Unit.DAY, "第一百七十一条第一款"),
        "civil.appeal.ruling": (10, Unit.DAY, "第一百七十一条第二款"),
        "civil.ordinary.trial": (6, Unit.MONTH, "第一百五十二条"),
        "civil.simple.trial": (3, Unit.MONTH, "第一百六十四条"),
        "civil.small_claims.trial": (2, Unit.MONTH, "第一百六十八条"),  # the 2023 text; not Art. 169
        "civil.second_instance.trial": (3, Unit.MONTH, "第一百八十三条第一款"),
        "civil.second_instance.ruling": (30, Unit.DAY, "第一百八十三条第二款"),
        "service.public_notice": (30, Unit.DAY, "第九十五条"),
        "criminal.appeal.judgment": (10, Unit.DAY, "第二百三十条"),
        "criminal.appeal.ruling": (5, Unit.DAY, "第二百三十条"),
        "admin.first_instance.trial": (6, Unit.MONTH, "第八十一条"),
        "admin.simple.trial": (45, Unit.DAY, "第八十三条"),
        "bankruptcy.acceptance": (15, Unit.DAY, "第十条第二款"),
        "fee.payment": (7, Unit.DAY, "第二十二条第一款"),
        "mediation.judicial_confirmation": (30, Unit.DAY, "第二百零五条"),
        "enforcement.case": (6, Unit.MONTH, "第63条"),
    }
    for code, (amount, unit, article) in required.items():
        rule = RULES[code]
        assert (rule.amount, rule.unit, rule.citation.article) == (amount, unit, article), code
    assert all(rule.citation.law and rule.citation.article and rule.label for rule in RULES.values())


def test_unknown_rule_and_bad_dates_are_refused_in_chinese() -> None:
    with pytest.raises(UnknownRule) as exc:
        deadline_compute(rule="civil.nope", start=date(2025, 1, 1), calendar=CAL)
    assert exc.value.code == "deadlines.unknown_rule" and "未知的期限规则" in str(exc.value.message)
    for bad in ("2025-13-01", "2025/10/01", "20251001", "", "2025-02-30"):
        with pytest.raises(InvalidDate):
            date_parse(bad)
    assert date_parse(" 2025-10-01 ") == date(2025, 10, 1)


def test_add_months_clamps() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert add_months(date(2025, 5, 15), 24) == date(2027, 5, 15)


# --- properties ---------------------------------------------------------------------------------------------------

DATES = st.dates(min_value=date(2023, 6, 1), max_value=date(2027, 6, 30))
FORWARD = sorted(code for code, rule in RULES.items() if rule.kind != RuleKind.BEFORE_EVENT)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FORWARD), DATES)
def test_due_is_never_before_start_plus_period(code: str, start: date) -> None:
    rule = RULES[code]
    result = deadline_compute(rule=rule, start=start, calendar=CAL)
    if rule.unit == Unit.WORKING_DAY:
        assert result.due >= start + timedelta(days=rule.amount)
    else:
        assert result.due >= raw_end(start, rule.amount, rule.unit)
    assert result.due > start


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FORWARD), DATES)
def test_due_is_a_working_day_when_the_rule_moves_holiday_ends(code: str, start: date) -> None:
    rule = RULES[code]
    result = deadline_compute(rule=rule, start=start, calendar=CAL)
    if rule.moves_off_rest_days:
        assert CAL.is_working_day(result.due)
        assert all(not CAL.is_working_day(d) for d, _ in result.skipped)
    else:
        assert result.due == result.raw_end  # 审限 is never moved


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(RULES)), DATES, DATES)
def test_due_is_monotonic_in_start(code: str, a: date, b: date) -> None:
    first, second = sorted((a, b))
    assert due(code, first) <= due(code, second)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(RULES)), DATES)
def test_warnings_appear_exactly_when_an_unloaded_year_is_touched(code: str, start: date) -> None:
    result = deadline_compute(rule=code, start=start, calendar=CAL)
    touched = {start.year, result.due.year}
    assert bool(result.warnings) == bool(touched - {2024, 2025, 2026})


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # 2025-09-16 + 15 = 10-01 (National Day, rest to 10-08) → Thu 2025-10-09 (民诉法 Art. 85(3)).
        (date(2025, 9, 16), 15, date(2025, 10, 9)),
        # 2025-09-16 + 12 = Sun 09-28, a make-up working day: not moved.
        (date(2025, 9, 16), 12, date(2025, 9, 28)),
        # 2026-02-02 + 14 = 02-16, Spring Festival (02-15…02-23 rest) → Tue 2026-02-24.
        (date(2026, 2, 2), 14, date(2026, 2, 24)),
    ],
)
def test_a_court_set_correction_period_is_counted_like_any_period(start: date, days: int, expected: date) -> None:
    result = deadline_compute(rule="civil.filing_correction", start=start, calendar=CAL, amount=days)
    assert result.due == expected
    assert result.explanation[0].startswith(f"规则：补正起诉材料（法院指定期限），期间{days}日，由人民法院指定")
    assert "《登记立案规定》第七条第一款" in result.explanation[0]


def test_only_a_court_set_period_takes_another_length() -> None:
    assert due("civil.filing_correction", date(2025, 3, 3)) == date(2025, 3, 18)  # the usual 15 days
    with pytest.raises(FixedPeriod, match="法定期间"):
        deadline_compute(rule="civil.appeal.ruling", start=date(2025, 3, 3), calendar=CAL, amount=20)
    with pytest.raises(FixedPeriod, match="1至366日"):
        deadline_compute(rule="civil.filing_correction", start=date(2025, 3, 3), calendar=CAL, amount=0)
    assert [r.code for r in RULES.values() if r.court_sets_amount] == ["civil.filing_correction"]

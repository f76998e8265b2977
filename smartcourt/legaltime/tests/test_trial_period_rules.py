"""The trial-period clock (审限): deductions merged, open suspensions, extensions, procedure changes, alerts."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcourt.legaltime.rules.deductions import DeductionKind
from smartcourt.legaltime.rules.trial_period import (
    AlertLevel,
    Deduction,
    Extension,
    NotATrialPeriod,
    ProcedureChange,
    deadline_alert,
    trial_period_clock,
)

from .calendars import shipped_calendar

CAL = shipped_calendar()


def clock(**kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("calendar", CAL)
    return trial_period_clock(**kwargs)


def test_plain_ordinary_procedure() -> None:
    # Filed 2025-01-15, 6 months → 2025-07-15; on 2025-06-15 there are 30 days left.
    status = clock(rule="civil.ordinary.trial", filed_on=date(2025, 1, 15), today=date(2025, 6, 15))
    assert status.due == date(2025, 7, 15) and status.days_remaining == 30
    assert status.extension_request_by == date(2025, 6, 30)  # 15 days before expiry (2019 规定 Art. 1)
    assert status.alert is not None and status.alert.threshold == 30
    assert any("《民事诉讼法》第一百五十二条" in line for line in status.explanation)


def test_overlapping_deductions_are_merged_and_counted_once() -> None:
    # Public notice 03-01…03-30 and appraisal 03-20…04-10 overlap: one span 03-01…04-10 = 31 + 10 = 41 days.
    # 2025-07-15 + 41 days = 2025-08-25.
    status = clock(
        rule="civil.ordinary.trial",
        filed_on=date(2025, 1, 15),
        today=date(2025, 8, 1),
        deductions=[
            Deduction(DeductionKind.PUBLIC_NOTICE, date(2025, 3, 1), date(2025, 3, 30)),
            Deduction(DeductionKind.APPRAISAL, date(2025, 3, 20), date(2025, 4, 10)),
        ],
    )
    assert status.days_deducted == 41 and status.due == date(2025, 8, 25) and status.days_remaining == 24
    assert any("公告期间（《民诉法解释》第二百四十三条）" in line and "共41日" in line for line in status.explanation)


def test_an_open_suspension_pauses_the_clock_up_to_today() -> None:
    # Suspended since 2025-06-01 (no end), today 06-10: 10 days deducted → due 07-15 + 10 = 07-25, 45 days left.
    kwargs = {
        "rule": "civil.ordinary.trial",
        "filed_on": date(2025, 1, 15),
        "deductions": [Deduction(DeductionKind.SUSPENSION, date(2025, 6, 1))],
    }
    status = clock(today=date(2025, 6, 10), **kwargs)
    assert status.paused and status.days_deducted == 10 and status.due == date(2025, 7, 25)
    assert status.days_remaining == 45
    assert clock(today=date(2025, 6, 20), **kwargs).days_remaining == 45  # a paused clock does not run down


def test_a_deduction_starting_after_expiry_cannot_revive_the_period() -> None:
    status = clock(
        rule="civil.ordinary.trial",
        filed_on=date(2025, 1, 15),
        today=date(2025, 9, 1),
        deductions=[Deduction(DeductionKind.PUBLIC_NOTICE, date(2025, 8, 1), date(2025, 8, 30))],
    )
    assert status.due == date(2025, 7, 15) and status.days_remaining == -48
    assert status.alert is not None and status.alert.level == AlertLevel.OVERDUE
    assert any("不能扣除" in w for w in status.warnings)


def test_extensions_add_months_from_the_filing_day() -> None:
    # Filed 2025-08-31; 6 + 6 months → 2026-08-31 (not 2026-02-28 + 6 months = 08-28).
    status = clock(
        rule="civil.ordinary.trial",
        filed_on=date(2025, 8, 31),
        today=date(2026, 3, 1),
        extensions=[Extension(approved_on=date(2026, 2, 10), months=6, approved_by="本院院长")],
    )
    assert status.base_due == date(2026, 8, 31) and status.due == date(2026, 8, 31)


def test_an_extension_beyond_the_ceiling_warns() -> None:
    # Simple procedure: 3 months + 2 = 5 > 4 months (民诉法解释 Art. 258).
    status = clock(
        rule="civil.simple.trial",
        filed_on=date(2025, 1, 10),
        today=date(2025, 4, 1),
        extensions=[Extension(approved_on=date(2025, 3, 20), months=2)],
    )
    assert status.due == date(2025, 6, 10)
    assert any("超过法定上限（至2025-05-10" in w and "第二百五十八条第一款" in w for w in status.warnings)


def test_simple_to_ordinary_counts_from_the_original_filing_day() -> None:
    # Filed 2025-03-10 under simple procedure (due 06-10), extended one month on 05-30, converted on 06-05:
    # ordinary period 6 months from 03-10 → 2025-09-10; the simple-procedure extension lapses.
    status = clock(
        rule="civil.simple.trial",
        filed_on=date(2025, 3, 10),
        today=date(2025, 6, 10),
        extensions=[Extension(approved_on=date(2025, 5, 30), months=1)],
        changes=[ProcedureChange(rule="civil.ordinary.trial", on=date(2025, 6, 5))],
    )
    assert status.rule.code == "civil.ordinary.trial" and status.due == date(2025, 9, 10)
    assert any("第二百五十八条第三款" in line for line in status.explanation)
    assert any("随原程序失效" in line for line in status.explanation)


def test_criminal_simple_to_ordinary_counts_afresh_from_the_decision() -> None:
    # Decision 2025-03-15; 2 months from it → 2025-05-15 (刑诉法解释 Art. 368(2)).
    status = clock(
        rule="criminal.simple.trial",
        filed_on=date(2025, 3, 3),
        today=date(2025, 4, 1),
        changes=[ProcedureChange(rule="criminal.first_instance.trial", on=date(2025, 3, 15))],
    )
    assert status.counted_from == date(2025, 3, 15) and status.due == date(2025, 5, 15)


def test_a_due_date_on_a_holiday_is_held_and_unloaded_years_warn() -> None:
    status = clock(rule="civil.ordinary.trial", filed_on=date(2025, 4, 1), today=date(2025, 9, 1))
    assert status.due == date(2025, 10, 1)
    assert any("不依期间届满顺延规则顺延" in line for line in status.explanation)
    late = clock(rule="civil.ordinary.trial", filed_on=date(2026, 10, 1), today=date(2026, 10, 2))
    assert any("2027年的节假日安排尚未录入" in w for w in late.warnings)


def test_only_trial_periods_run_on_the_clock() -> None:
    with pytest.raises(NotATrialPeriod):
        clock(rule="civil.appeal.judgment", filed_on=date(2025, 1, 1), today=date(2025, 1, 2))


@pytest.mark.parametrize(
    ("days", "level", "threshold"),
    [
        (31, None, None),
        (30, AlertLevel.WITHIN, 30),
        (16, AlertLevel.WITHIN, 30),
        (15, AlertLevel.WITHIN, 15),
        (8, AlertLevel.WITHIN, 15),
        (7, AlertLevel.WITHIN, 7),
        (3, AlertLevel.WITHIN, 3),
        (1, AlertLevel.WITHIN, 3),
        (0, AlertLevel.DUE_TODAY, 0),
        (-2, AlertLevel.OVERDUE, None),
    ],
)
def test_alert_thresholds(days: int, level: AlertLevel | None, threshold: int | None) -> None:
    alert = deadline_alert(days)
    if level is None:
        assert alert is None
    else:
        assert alert is not None and alert.level == level and alert.threshold == threshold


spans = st.tuples(st.integers(0, 200), st.integers(0, 60), st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(spans, max_size=4), st.integers(0, 400))
def test_deductions_never_shorten_the_period_nor_count_a_day_twice(raw: list, today_offset: int) -> None:
    filed = date(2025, 1, 15)
    today = date.fromordinal(filed.toordinal() + today_offset)
    deductions = [
        Deduction(
            DeductionKind.APPRAISAL,
            date.fromordinal(filed.toordinal() + 1 + s),
            None if open_ else date.fromordinal(filed.toordinal() + 1 + s + n),
        )
        for s, n, open_ in raw
    ]
    plain = clock(rule="civil.ordinary.trial", filed_on=filed, today=today)
    status = clock(rule="civil.ordinary.trial", filed_on=filed, today=today, deductions=deductions)
    assert status.due >= plain.due
    covered = set()
    for d in deductions:
        last = d.end or today
        covered |= {d.start.toordinal() + i for i in range(max(0, (last - d.start).days + 1))}
    assert status.days_deducted <= len(covered)
    assert (status.due - plain.due).days == status.days_deducted

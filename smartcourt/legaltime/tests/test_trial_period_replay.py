"""A whole case's clock from its events (`trial_period_replay`): known answers counted by hand, and every illegal
sequence refused with a code and a message citing the article."""

from __future__ import annotations

from datetime import date

import pytest

from smartcourt.legaltime.rules.deadlines import UnknownRule
from smartcourt.legaltime.rules.trial_period import (
    ClockEvent,
    EventKind,
    IllegalSequence,
    NotATrialPeriod,
    trial_period_clock,
    trial_period_replay,
)

from .calendars import shipped_calendar

CAL = shipped_calendar()
S, R, DS, DE, X, PC = (
    EventKind.SUSPEND,
    EventKind.RESUME,
    EventKind.DEDUCTION_START,
    EventKind.DEDUCTION_END,
    EventKind.EXTENSION,
    EventKind.PROCEDURE_CHANGE,
)


def replay(rule: str, start: date, *events: ClockEvent, today: date = date(2025, 6, 10)):  # type: ignore[no-untyped-def]
    return trial_period_replay(rule=rule, start=start, events=list(events), today=today, calendar=CAL)


def ev(on: date, kind: EventKind, **kw: object) -> ClockEvent:
    return ClockEvent(on=on, kind=kind, **kw)  # type: ignore[arg-type]


def test_suspension_deduction_and_extension_in_one_sequence() -> None:
    # Filed 2025-01-15, ordinary procedure 6 months; +6 months extension → 2026-01-15 (counted from the filing day).
    # Not counted: suspension 03-01…03-10 (10 days) and appraisal 04-01…04-30 (30 days) → 2026-01-15 + 40 days
    # = 2026-02-24 (16 days to 01-31, 24 more into February).
    status = replay(
        "civil.ordinary.trial",
        date(2025, 1, 15),
        ev(date(2025, 3, 1), S),
        ev(date(2025, 3, 10), R),
        ev(date(2025, 4, 1), DS, deduction="appraisal"),
        ev(date(2025, 4, 30), DE, deduction="appraisal"),
        ev(date(2025, 7, 1), X, months=6),
        today=date(2025, 8, 1),
    )
    assert status.due == date(2026, 2, 24) and status.days_deducted == 40 and not status.paused
    assert any(
        "中止诉讼期间（《最高人民法院关于严格执行案件审理期限制度的若干规定》第九条第（九）项）" in line
        for line in status.explanation
    )
    assert any("鉴定期间（《民诉法解释》第二百四十三条）" in line for line in status.explanation)


def test_a_due_date_moved_onto_national_day_is_held_not_extended() -> None:
    # Filed 2025-03-20: 6 months → 2025-09-20; 11 days of public notice (05-01…05-11) → 2025-10-01, a statutory
    # holiday. A trial period binds the court and is not moved off a rest day (a party's period would end on
    # 2025-10-09); the explanation says so and names the holiday.
    status = replay(
        "civil.ordinary.trial",
        date(2025, 3, 20),
        ev(date(2025, 5, 1), DS, deduction="public_notice"),
        ev(date(2025, 5, 11), DE, deduction="public_notice"),
    )
    assert status.due == date(2025, 10, 1)
    held = next(line for line in status.explanation if "不依期间届满顺延规则顺延" in line)
    assert "2025-10-01（星期三）为休息日（国庆节、中秋节法定节假日）" in held


def test_simple_procedure_may_be_extended_up_to_four_months_in_all() -> None:
    # Filed 2025-01-10: 3 months → 04-10; one month more → 2025-05-10, exactly the ceiling (民诉法解释 Art. 258(1)).
    status = replay("civil.simple.trial", date(2025, 1, 10), ev(date(2025, 3, 20), X, months=1))
    assert status.due == date(2025, 5, 10) and status.warnings == []


def test_simple_to_ordinary_keeps_the_filing_day_and_drops_the_old_extension() -> None:
    # Filed 2025-03-10 (simple, due 06-10); +1 month on 05-30; converted 06-05: ordinary 6 months from 03-10 →
    # 2025-09-10, the simple-procedure extension lapses; +6 months on 08-01 (no ceiling) → 2026-03-10.
    status = replay(
        "civil.simple.trial",
        date(2025, 3, 10),
        ev(date(2025, 5, 30), X, months=1),
        ev(date(2025, 6, 5), PC, to_rule="civil.ordinary.trial"),
        ev(date(2025, 8, 1), X, months=6),
        today=date(2025, 8, 1),
    )
    assert status.rule.code == "civil.ordinary.trial" and status.due == date(2026, 3, 10)
    assert any("随原程序失效" in line for line in status.explanation)


def test_criminal_change_counts_afresh_from_the_decision() -> None:
    status = replay(
        "criminal.simple.trial", date(2025, 3, 3), ev(date(2025, 3, 15), PC, to_rule="criminal.first_instance.trial")
    )
    assert status.due == date(2025, 5, 15)  # 2 months from the decision (刑诉法解释 Art. 368(2))


def test_an_open_suspension_runs_to_today_and_pauses_the_clock() -> None:
    status = replay("civil.ordinary.trial", date(2025, 1, 15), ev(date(2025, 6, 1), S), today=date(2025, 6, 10))
    assert status.paused and status.due == date(2025, 7, 25) and status.days_deducted == 10


def test_the_same_events_give_the_clock_the_case_page_shows() -> None:
    # Replaying events and feeding the clock directly agree (one clock, two ways in).
    events = [ev(date(2025, 4, 1), DS, deduction="settlement"), ev(date(2025, 4, 20), DE, deduction="settlement")]
    replayed = replay("civil.ordinary.trial", date(2025, 2, 3), *events)
    from smartcourt.legaltime.rules.deductions import DeductionKind
    from smartcourt.legaltime.rules.trial_period import Deduction

    direct = trial_period_clock(
        rule="civil.ordinary.trial",
        filed_on=date(2025, 2, 3),
        today=date(2025, 6, 10),
        calendar=CAL,
        deductions=[Deduction(DeductionKind.SETTLEMENT, date(2025, 4, 1), date(2025, 4, 20))],
    )
    assert replayed.due == direct.due == date(2025, 8, 23) and replayed.explanation == direct.explanation


@pytest.mark.parametrize(
    ("rule", "events", "code", "cited"),
    [
        ("civil.ordinary.trial", [ev(date(2025, 3, 1), R)], "trial_period.resume_without_suspend", "第九条第（九）项"),
        (
            "admin.first_instance.trial",
            [ev(date(2025, 3, 1), R)],
            "trial_period.resume_without_suspend",
            "《行政诉讼法解释》第五十条",
        ),
        (
            "civil.ordinary.trial",
            [ev(date(2025, 3, 1), S), ev(date(2025, 3, 2), S)],
            "trial_period.already_suspended",
            "第九条第（九）项",
        ),
        (
            "civil.ordinary.trial",
            [ev(date(2025, 3, 1), DE, deduction="appraisal")],
            "trial_period.deduction_end_without_start",
            "《民诉法解释》第二百四十三条",
        ),
        (
            "civil.ordinary.trial",
            [ev(date(2025, 3, 1), DS, deduction="appraisal"), ev(date(2025, 3, 1), DS, deduction="appraisal")],
            "trial_period.deduction_already_running",
            "《民诉法解释》第二百四十三条",
        ),
        (
            "civil.simple.trial",
            [ev(date(2025, 3, 20), X, months=2)],  # 3 + 2 = 5 > 4 months
            "trial_period.extension_beyond_limit",
            "《民诉法解释》第二百五十八条第一款",
        ),
        (
            "civil.simple.trial",
            [ev(date(2025, 3, 20), X, months=1), ev(date(2025, 4, 1), X, days=1)],  # one day past the ceiling
            "trial_period.extension_beyond_limit",
            "至2025-05-10",
        ),
        (
            "civil.small_claims.trial",
            [ev(date(2025, 2, 1), X, months=2)],  # 2 + 2 = 4 > 3 months (民诉法 Art. 168)
            "trial_period.extension_beyond_limit",
            "《民事诉讼法》第一百六十八条",
        ),
        (
            "admin.simple.trial",
            [ev(date(2025, 2, 1), X, days=10)],
            "trial_period.extension_not_allowed",
            "《行政诉讼法》第八十三条",
        ),
        (
            "civil.simple.trial",
            [ev(date(2025, 4, 11), X, months=1)],  # due 2025-04-10, approved a day late
            "trial_period.extension_after_expiry",
            "第一条第二款",
        ),
    ],
)
def test_illegal_sequences_are_refused_citing_the_article(rule: str, events: list, code: str, cited: str) -> None:
    with pytest.raises(IllegalSequence) as exc:
        trial_period_replay(rule=rule, start=date(2025, 1, 10), events=events, today=date(2025, 6, 1), calendar=CAL)
    assert exc.value.code == code and cited in str(exc.value.message)
    assert "第" in str(exc.value.message) and "个事件" in str(exc.value.message)


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([ev(date(2025, 3, 2), S), ev(date(2025, 3, 1), R)], "trial_period.events_out_of_order"),
        ([ev(date(2025, 1, 9), S)], "trial_period.event_before_start"),
        ([ev(date(2025, 3, 1), DS)], "trial_period.deduction_required"),
        ([ev(date(2025, 3, 1), DS, deduction="holiday")], "trial_period.unknown_deduction"),
        ([ev(date(2025, 3, 1), DS, deduction="suspension")], "trial_period.suspension_as_deduction"),
        ([ev(date(2025, 3, 1), X)], "trial_period.extension_empty"),
        ([ev(date(2025, 3, 1), PC)], "trial_period.to_rule_required"),
        ([ev(date(2025, 3, 1), PC, to_rule="civil.ordinary.trial")], "trial_period.same_procedure"),
        (
            [ev(date(2025, 3, 1), PC, to_rule="criminal.first_instance.trial")],
            "trial_period.procedure_change_across_kinds",
        ),
    ],
)
def test_malformed_sequences_are_refused_with_a_chinese_message(events: list, code: str) -> None:
    with pytest.raises(IllegalSequence) as exc:
        trial_period_replay(
            rule="civil.ordinary.trial", start=date(2025, 1, 10), events=events, today=date(2025, 6, 1), calendar=CAL
        )
    assert exc.value.code == code and any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value.message))


def test_unknown_and_non_trial_rules_are_refused() -> None:
    with pytest.raises(UnknownRule):
        replay("civil.nope", date(2025, 1, 10))
    with pytest.raises(NotATrialPeriod):
        replay("civil.appeal.judgment", date(2025, 1, 10))
    with pytest.raises(UnknownRule):
        replay("civil.simple.trial", date(2025, 1, 10), ev(date(2025, 2, 1), PC, to_rule="civil.nope"))
    with pytest.raises(NotATrialPeriod):
        replay("civil.simple.trial", date(2025, 1, 10), ev(date(2025, 2, 1), PC, to_rule="civil.defence"))


def test_events_after_today_are_counted_as_given_with_a_warning() -> None:
    status = replay(
        "civil.ordinary.trial",
        date(2025, 1, 15),
        ev(date(2025, 7, 1), DS, deduction="audit"),
        ev(date(2025, 7, 10), DE, deduction="audit"),
        today=date(2025, 6, 10),
    )
    assert status.due == date(2025, 7, 25) and any("晚于计算基准日" in w for w in status.warnings)

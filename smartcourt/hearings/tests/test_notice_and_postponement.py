"""The 3-day notice (民诉法 Art. 139, 刑诉法 Art. 187) counted by legaltime across the 2025 National Day holidays; rest
days; postponement (延期开庭) with its limits and what it does — and does not do — to the trial-period clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from smartcourt.cases.models import Case, CaseEvent
from smartcourt.hearings.models import Hearing, HearingChange
from smartcourt.hearings.rules import notice as N
from smartcourt.hearings.services import (
    HearingInputError,
    hearing_postpone,
    hearing_record_held,
    hearing_reschedule,
    hearing_schedule,
)
from smartcourt.legaltime.models import TrialPeriodAdjustment
from smartcourt.legaltime.selectors import deadline_due

from .factories import SHANGHAI, at, booking, build_world, criminal_case

pytestmark = pytest.mark.django_db


def _tm(y: int, m: int, d: int, h: int = 9):  # type: ignore[no-untyped-def]
    return time_machine.travel(datetime(y, m, d, h, 0, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    with _tm(2025, 9, 1):
        yield build_world()


# --- the rule itself (no database) ----------------------------------------------------------------------------------


def test_which_notice_rule_binds_which_hearing() -> None:
    assert N.notice_rule_for(hearing_kind="trial", case_kind="civil", procedure="ordinary").rule_code == (
        "civil.hearing_notice")  # fmt: skip
    assert N.notice_rule_for(hearing_kind="trial", case_kind="criminal", procedure="ordinary").rule_code == (
        "criminal.hearing_notice")  # fmt: skip
    simple = N.notice_rule_for(hearing_kind="trial", case_kind="civil", procedure="simple")
    assert simple.rule_code is None and "第一百六十三条" in simple.explanation
    assert N.notice_rule_for(hearing_kind="mediation", case_kind="civil", procedure="ordinary").rule_code is None
    admin = N.notice_rule_for(hearing_kind="trial", case_kind="administrative", procedure="ordinary")
    assert admin.rule_code == "civil.hearing_notice" and "第一百零一条" in admin.explanation


# --- across the National Day holidays (2025-10-01 … 10-08 rest; Sat 10-11 a make-up working day) ---------------------


def test_a_notice_given_during_the_holidays_counts_calendar_days(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    hearing_day = date(2025, 10, 9)  # Thursday, the first working day after the holidays
    result = deadline_due(rule="civil.hearing_notice", start=hearing_day)
    assert result.due == date(2025, 10, 5)  # 10-06, 07, 08 between: the latest day is itself a holiday …
    assert any("2025-09-30" in line for line in result.explanation)  # … and the last working day before it is named
    with _tm(2025, 9, 30):
        h = hearing_schedule(case=case, data=booking(world.a, at(hearing_day, 9), at(hearing_day, 10)),
                             actor=world.a.judge).hearing  # fmt: skip
        assert h.notice_latest_on == date(2025, 10, 5)
    with _tm(2025, 10, 5):  # on the latest day itself: still in time (the notice is served electronically)
        hearing_schedule(case=case, data=booking(world.a, at(hearing_day, 14), at(hearing_day, 15)),
                         actor=world.a.judge)  # fmt: skip


def test_a_notice_one_day_late_is_refused_with_the_article_and_the_first_possible_day(world) -> None:  # type: ignore[no-untyped-def]
    with _tm(2025, 10, 6):
        before = Hearing.objects.count()
        with pytest.raises(HearingInputError) as exc:
            hearing_schedule(case=world.cases["a"], data=booking(world.a, at(date(2025, 10, 9), 9),
                                                                 at(date(2025, 10, 9), 10)), actor=world.a.judge)  # fmt: skip
        message = str(exc.value.message)
        assert exc.value.code == "hearing.notice_too_short"
        assert "第一百三十九条" in message and "2025-10-05" in message and "2025-10-10" in message
        assert Hearing.objects.count() == before


def test_a_hearing_on_a_holiday_needs_confirming_and_a_make_up_saturday_does_not(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    with _tm(2025, 9, 22):
        holiday = date(2025, 10, 3)
        with pytest.raises(HearingInputError) as exc:
            hearing_schedule(case=case, data=booking(world.a, at(holiday, 9), at(holiday, 10)), actor=world.a.judge)
        assert exc.value.code == "hearing.rest_day" and "国庆节" in str(exc.value.message)
        result = hearing_schedule(case=case, actor=world.a.judge, data=booking(
            world.a, at(holiday, 9), at(holiday, 10), rest_day_confirmed=True))  # fmt: skip
        assert any("休息日" in w for w in result.warnings)
        saturday = date(2025, 10, 11)  # 调休上班日
        hearing_schedule(case=case, data=booking(world.a, at(saturday, 9), at(saturday, 10)), actor=world.a.judge)


def test_simple_procedure_is_not_bound_by_the_three_days(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    Case.objects.filter(pk=case.pk).update(procedure="simple")
    case.refresh_from_db()
    with _tm(2025, 11, 3):
        tomorrow = date(2025, 11, 4)
        h = hearing_schedule(case=case, data=booking(world.a, at(tomorrow, 9), at(tomorrow, 10)),
                             actor=world.a.judge).hearing  # fmt: skip
        assert h.notice_latest_on is None and "第一百六十三条" in h.notice_basis


def test_a_criminal_trial_counts_under_the_criminal_procedure_law(world) -> None:  # type: ignore[no-untyped-def]
    case = criminal_case(world.a)
    with _tm(2025, 11, 3):
        with pytest.raises(HearingInputError) as exc:
            hearing_schedule(case=case, data=booking(world.a, at(date(2025, 11, 5), 9), at(date(2025, 11, 5), 10)),
                             actor=world.a.judge)  # fmt: skip
        assert "第一百八十七条第三款" in str(exc.value.message)


# --- postponement and the trial-period clock -------------------------------------------------------------------------


def _booked(world, day: date):  # type: ignore[no-untyped-def]
    return hearing_schedule(case=world.cases["a"], data=booking(world.a, at(day, 9), at(day, 11)),
                            actor=world.a.judge).hearing  # fmt: skip


def test_postponement_for_absence_leaves_the_trial_period_running(world) -> None:  # type: ignore[no-untyped-def]
    with _tm(2025, 11, 3):
        h = _booked(world, date(2025, 11, 10))
        due_before = Case.objects.get(pk=h.case_id).trial_due_on
        result = hearing_postpone(hearing=h, actor=world.a.judge, reason="absence", note="被告因病住院",
                                  next_starts_at=at(date(2025, 11, 24), 9), next_ends_at=at(date(2025, 11, 24), 11))  # fmt: skip
    assert "第二百四十三条" in result.clock
    assert Case.objects.get(pk=h.case_id).trial_due_on == due_before
    assert not TrialPeriodAdjustment.objects.filter(case_id=h.case_id, kind="postponement").exists()
    h.refresh_from_db()
    assert h.status == "postponed" and result.next_hearing is not None
    assert result.next_hearing.previous_id == h.pk and result.next_hearing.status == "scheduled"
    change = HearingChange.objects.get(hearing=h, kind="postponed")
    assert (change.reason, change.new_hearing_id) == ("absence", result.next_hearing.pk)
    assert CaseEvent.objects.filter(case_id=h.case_id, type="hearing.postponed").count() == 1


def test_postponement_a_party_applied_for_new_evidence_keeps_up_to_a_month_out_of_the_clock(world) -> None:  # type: ignore[no-untyped-def]
    with _tm(2025, 11, 3):
        h = _booked(world, date(2025, 11, 10))
        case = Case.objects.get(pk=h.case_id)
        due_before = case.trial_due_on
    with _tm(2025, 11, 10):
        result = hearing_postpone(hearing=h, actor=world.a.judge, reason="new_evidence", on_party_application=True,
                                  session_held=True, note="原告申请证人出庭")  # fmt: skip
    adj = TrialPeriodAdjustment.objects.get(case_id=h.case_id, kind="postponement")
    assert (adj.started_on, adj.ended_on) == (date(2025, 11, 10), date(2025, 12, 9))  # one month, both days out
    assert Case.objects.get(pk=h.case_id).trial_due_on == due_before + timedelta(days=30)
    assert "第九条第（五）项" in result.clock


def test_postponement_limits_for_the_simple_procedure_and_the_interval(world) -> None:  # type: ignore[no-untyped-def]
    case = world.cases["a"]
    Case.objects.filter(pk=case.pk).update(procedure="simple")
    with _tm(2025, 11, 3):
        h = _booked(world, date(2025, 11, 10))
        second = hearing_postpone(hearing=h, actor=world.a.judge, reason="recusal",
                                  next_starts_at=at(date(2025, 11, 17), 9), next_ends_at=at(date(2025, 11, 17), 10)).next_hearing  # fmt: skip
        with pytest.raises(HearingInputError) as exc:
            hearing_postpone(hearing=second, actor=world.a.judge, reason="absence")
        assert "不超过1次" in str(exc.value.message) and "第三条" in str(exc.value.message)
        # the ordinary procedure: after a session, the next within a month unless the parties agree
        Case.objects.filter(pk=case.pk).update(procedure="ordinary")
        with pytest.raises(HearingInputError) as exc:
            hearing_postpone(hearing=second, actor=world.a.judge, reason="absence", session_held=True,
                             next_starts_at=at(date(2025, 12, 22), 9), next_ends_at=at(date(2025, 12, 22), 10))  # fmt: skip
        assert "一个月" in str(exc.value.message) and "第五条" in str(exc.value.message)
        with pytest.raises(HearingInputError) as exc:
            hearing_postpone(hearing=second, actor=world.a.judge, reason="force_majeure")
        assert "院长批准" in str(exc.value.message)
        second.refresh_from_db()
        assert second.status == "scheduled"  # every refusal left it as it was


def test_reschedule_moves_the_booking_and_renews_the_summonses(  # type: ignore[no-untyped-def]
    world, court_certs, django_capture_on_commit_callbacks
) -> None:
    with _tm(2025, 11, 3):
        with django_capture_on_commit_callbacks(execute=True):  # summonses are signed and served in the background
            h = _booked(world, date(2025, 11, 10))
        old_tasks = set(h.participants.exclude(summons_task=None).values_list("summons_task_id", flat=True))
        assert old_tasks
        # moving within its own slot is no conflict with itself
        with django_capture_on_commit_callbacks(execute=True):
            hearing_reschedule(hearing=h, actor=world.a.judge, starts_at=at(date(2025, 11, 10), 10),
                               ends_at=at(date(2025, 11, 10), 12), note="法庭设备检修")  # fmt: skip
        h.refresh_from_db()
        new_tasks = set(h.participants.exclude(summons_task=None).values_list("summons_task_id", flat=True))
        assert new_tasks and not (old_tasks & new_tasks)
        from smartcourt.service.models import ServiceTask

        assert set(ServiceTask.objects.filter(pk__in=old_tasks).values_list("state", flat=True)) == {"cancelled"}
        assert HearingChange.objects.filter(hearing=h, kind="rescheduled").count() == 1


def test_record_held_feeds_the_statistics(world) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.hearings.selectors import hearing_statistics

    with _tm(2025, 11, 3):
        h = _booked(world, date(2025, 11, 10))
    with _tm(2025, 11, 10, 12):
        with pytest.raises(HearingInputError):
            hearing_record_held(hearing=h, actor=world.a.judge, started_at=at(date(2025, 11, 10), 9),
                                ended_at=at(date(2025, 11, 10), 13))  # fmt: skip
        hearing_record_held(hearing=h, actor=world.a.judge, started_at=at(date(2025, 11, 10), 9, 5),
                            ended_at=at(date(2025, 11, 10), 10, 35))  # fmt: skip
    Case.objects.filter(pk=h.case_id).update(state="closed", closed_on=date(2025, 11, 20))
    stats = hearing_statistics(court_ids=[world.a.court.pk], first=date(2025, 11, 1), last=date(2025, 11, 30))
    assert (stats.held, stats.average_minutes, stats.online_share, stats.one_hearing_rate) == (1, 90.0, 0.0, 1.0)


def test_a_summons_signed_after_the_hearing_moved_is_withdrawn_and_the_new_one_linked(  # type: ignore[no-untyped-def]
    world, court_certs, django_capture_on_commit_callbacks
) -> None:
    from smartcourt.documents.models import Document
    from smartcourt.service.models import ServiceTask

    with _tm(2025, 11, 3):
        with django_capture_on_commit_callbacks(execute=False) as first:  # the worker has not run yet
            h = _booked(world, date(2025, 11, 10))
        assert set(h.participants.filter(kind="party").values_list("summons_task", flat=True)) == {None}
        with django_capture_on_commit_callbacks(execute=False) as second:
            hearing_reschedule(hearing=h, actor=world.a.judge, starts_at=at(date(2025, 11, 11), 9),
                               ends_at=at(date(2025, 11, 11), 11), note="法庭设备检修")  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            for callback in first:  # the old summonses are signed and served late: withdrawn at once
                callback()
        old = Document.objects.filter(kind="summons", origin_ref__endswith=":202511100900")
        assert old.exists() and set(old.values_list("state", flat=True)) == {"served"}
        old_tasks = ServiceTask.objects.filter(origin_ref__startswith="documents.serve:", case=h.case)
        assert set(old_tasks.values_list("state", flat=True)) == {"cancelled"}
        assert set(h.participants.filter(kind="party").values_list("summons_task", flat=True)) == {None}
        with django_capture_on_commit_callbacks(execute=True):
            for callback in second:
                callback()
        linked = [p.summons_task for p in h.participants.filter(kind="party").select_related("summons_task")]
        assert any(linked) and all(t.state != "cancelled" for t in linked if t)
        new = Document.objects.get(pk=Document.objects.filter(origin_ref__endswith=":202511110900").first().pk)
        assert new.signed_sha256 in {t.document_sha256 for t in linked if t}


def test_without_a_signing_key_the_hearing_is_booked_and_the_clerk_is_told_why(world, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DOCUMENTS_CERT_DIR = str(tmp_path / "no-keys")
    with _tm(2025, 11, 3):
        result = hearing_schedule(case=world.cases["a"], data=booking(world.a, at(date(2025, 11, 10), 9),
                                  at(date(2025, 11, 10), 11)), actor=world.a.judge)  # fmt: skip
    assert result.hearing.status == "scheduled"
    notes = [p.summons_note for p in result.hearing.participants.filter(kind="party")]
    assert any("传票未能签章" in n and "签章证书" in n for n in notes)
    assert any("签章证书" in w for w in result.warnings)

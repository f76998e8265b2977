"""Paper custody services: every action writes its custody event, timeline event and audit row; every refusal
writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from smartcourt.cases.models import CaseEvent
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.models import AuditLog, Notification
from smartcourt.dossier.custody import services
from smartcourt.dossier.custody.models import (
    Borrowing,
    BorrowingState,
    BundleStatus,
    CustodyEvent,
    CustodyEventType,
    PaperBundle,
)
from smartcourt.dossier.custody.rules.labels import label_code_normalise

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int, int]:
    return (
        CustodyEvent.objects.count(),
        CaseEvent.objects.filter(type__startswith="paper_file.").count(),
        AuditLog.objects.filter(action__startswith="paper_file.").count(),
        Borrowing.objects.count(),
        Notification.objects.count(),
    )


def _snapshot(bundle: PaperBundle) -> tuple:
    bundle.refresh_from_db()
    return (bundle.status, bundle.location_id, bundle.locker_cell_id, bundle.holder_id)


def _refused(fn, exc_type=ApplicationError, *, bundle=None, match: str = ""):  # type: ignore[no-untyped-def]
    before = _counts()
    state = _snapshot(bundle) if bundle is not None else None
    with pytest.raises(exc_type) as info:
        fn()
    assert _counts() == before, "a refusal wrote something"
    if bundle is not None:
        assert _snapshot(bundle) == state
    if match:
        assert match in str(info.value.message)
    return info.value


# ---------------------------------------------------------------- register


def test_register_gives_a_valid_label_and_records_everything(world) -> None:
    b = services.paper_file_register(case=world.case, kind="main_volume", title="正卷第一册", actor=world.clerk)
    assert label_code_normalise(b.label_code) == b.label_code
    assert b.status == BundleStatus.REGISTERED and b.holder == world.clerk and b.court == world.court
    assert CustodyEvent.objects.get(bundle=b).type == CustodyEventType.REGISTERED
    assert CaseEvent.objects.filter(case=world.case, type="paper_file.registered").count() == 1
    assert AuditLog.objects.filter(action="paper_file.registered", target_id=str(b.pk)).count() == 1


def test_register_refusals_write_nothing(world) -> None:
    _refused(
        lambda: services.paper_file_register(case=world.case, kind="originals", title="  ", actor=world.clerk),
        match="卷宗名称",
    )
    _refused(lambda: services.paper_file_register(case=world.case, kind="nonsense", title="x", actor=world.clerk))
    # a judge handles no paper; a clerk of another court neither
    _refused(
        lambda: services.paper_file_register(case=world.case, kind="originals", title="x", actor=world.judge), Forbidden
    )
    _refused(
        lambda: services.paper_file_register(case=world.case, kind="originals", title="x", actor=world.foreign_clerk),
        Forbidden,
    )
    assert PaperBundle.objects.count() == 0


# ---------------------------------------------------------------- check in


def test_check_in_puts_the_bundle_in_the_cell(world, bundle) -> None:
    assert bundle.status == BundleStatus.IN_LOCKER and bundle.locker_cell == world.cells[0]
    assert bundle.location == world.cells[0] and bundle.holder is None
    event = bundle.events.order_by("-id").first()
    assert event.type == CustodyEventType.CHECKED_IN and event.handed_by == world.clerk and event.actor == world.clerk
    assert CaseEvent.objects.filter(case=world.case, type="paper_file.checked_in").count() == 1


def test_check_in_to_an_occupied_cell_is_refused_in_chinese(world, bundle) -> None:
    second = services.paper_file_register(case=world.case, kind="evidence", title="被告证据", actor=world.clerk)
    exc = _refused(
        lambda: services.paper_file_check_in(bundle=second, location=world.cells[0], actor=world.clerk),
        Conflict,
        bundle=second,
        match="已存放卷宗",
    )
    assert exc.status == 409 and bundle.label_code in str(exc.message)


def test_check_in_twice_is_refused(world, bundle) -> None:
    _refused(
        lambda: services.paper_file_check_in(bundle=bundle, location=world.cells[1], actor=world.clerk),
        Conflict,
        bundle=bundle,
        match="不能重复入柜",
    )


def test_check_in_to_another_courts_cell_or_by_a_judge_is_refused(world) -> None:
    b = services.paper_file_register(case=world.case, kind="evidence", title="证据", actor=world.clerk)
    _refused(
        lambda: services.paper_file_check_in(bundle=b, location=world.foreign_cell, actor=world.clerk),
        bundle=b,
        match="不属于",
    )
    _refused(
        lambda: services.paper_file_check_in(bundle=b, location=world.cells[1], actor=world.judge), Forbidden, bundle=b
    )


def test_the_database_refuses_two_bundles_in_one_cell(world, bundle) -> None:
    """The last line of defence if two scans raced past the check: the unique cell column."""
    second = services.paper_file_register(case=world.case, kind="evidence", title="被告证据", actor=world.clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperBundle.objects.filter(pk=second.pk).update(status="in_locker", locker_cell=world.cells[0])


def test_a_shelf_holds_many_bundles(world) -> None:
    for n in range(3):
        b = services.paper_file_register(
            case=world.case, kind="main_volume", title=f"正卷第{n + 1}册", actor=world.keeper
        )
        services.paper_file_check_in(bundle=b, location=world.shelf, actor=world.keeper)
    assert PaperBundle.objects.filter(location=world.shelf, status=BundleStatus.IN_FILE_ROOM).count() == 3


# ---------------------------------------------------------------- check out


def test_check_out_to_the_case_judge_opens_a_borrowing(world, bundle) -> None:
    due = timezone.localdate() + timedelta(days=7)
    borrowing = services.paper_file_check_out(bundle=bundle, actor=world.clerk, handed_to=world.judge, due_on=due)
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.BORROWED and bundle.holder == world.judge
    assert bundle.locker_cell is None and bundle.location is None
    assert borrowing.state == BorrowingState.LENT and borrowing.due_on == due and borrowing.borrower == world.judge
    event = bundle.events.order_by("-id").first()
    assert (event.type, event.handed_by, event.handed_to, event.location) == (
        CustodyEventType.CHECKED_OUT,
        world.clerk,
        world.judge,
        world.cells[0],
    )
    assert CaseEvent.objects.filter(case=world.case, type="paper_file.checked_out").count() == 1
    # the freed cell takes another bundle
    other = services.paper_file_register(case=world.case, kind="evidence", title="被告证据", actor=world.clerk)
    services.paper_file_check_in(bundle=other, location=world.cells[0], actor=world.clerk)


def test_double_check_out_is_refused(world, bundle) -> None:
    due = timezone.localdate() + timedelta(days=7)
    services.paper_file_check_out(bundle=bundle, actor=world.clerk, handed_to=world.judge, due_on=due)
    _refused(
        lambda: services.paper_file_check_out(bundle=bundle, actor=world.clerk, handed_to=world.assistant, due_on=due),
        Conflict,
        bundle=bundle,
        match="不能重复取出",
    )


def test_check_out_to_someone_not_on_the_case_needs_an_approved_borrowing(world, bundle) -> None:
    due = timezone.localdate() + timedelta(days=3)
    _refused(
        lambda: services.paper_file_check_out(
            bundle=bundle, actor=world.clerk, handed_to=world.other_judge, due_on=due
        ),
        Forbidden,
        bundle=bundle,
        match="借阅申请",
    )


def test_check_out_refusals_for_bad_deadlines_and_unplaced_bundles(world, bundle) -> None:
    today = timezone.localdate()
    _refused(
        lambda: services.paper_file_check_out(bundle=bundle, actor=world.clerk, handed_to=world.judge), bundle=bundle
    )
    _refused(
        lambda: services.paper_file_check_out(
            bundle=bundle, actor=world.clerk, handed_to=world.judge, due_on=today - timedelta(days=1)
        ),
        bundle=bundle,
        match="不能早于今天",
    )
    _refused(
        lambda: services.paper_file_check_out(
            bundle=bundle, actor=world.clerk, handed_to=world.judge, due_on=today + timedelta(days=31)
        ),
        bundle=bundle,
        match="最长 30 日",
    )
    fresh = services.paper_file_register(case=world.case, kind="evidence", title="证据", actor=world.clerk)
    _refused(
        lambda: services.paper_file_check_out(bundle=fresh, actor=world.clerk, handed_to=world.judge, due_on=today),
        Conflict,
        bundle=fresh,
        match="尚未入柜",
    )


def test_return_is_a_check_in_and_closes_the_borrowing(world, bundle) -> None:
    due = timezone.localdate() + timedelta(days=7)
    borrowing = services.paper_file_check_out(bundle=bundle, actor=world.clerk, handed_to=world.judge, due_on=due)
    services.paper_file_check_in(bundle=bundle, location=world.shelf, actor=world.keeper)
    bundle.refresh_from_db()
    borrowing.refresh_from_db()
    assert bundle.status == BundleStatus.IN_FILE_ROOM and bundle.holder is None
    assert borrowing.state == BorrowingState.RETURNED and borrowing.returned_at is not None
    event = bundle.events.order_by("-id").first()
    assert event.type == CustodyEventType.RETURNED and event.handed_by == world.judge and event.borrowing == borrowing
    assert CaseEvent.objects.filter(case=world.case, type="paper_file.returned").count() == 1


# ---------------------------------------------------------------- borrowing


def test_borrowing_request_approve_hand_over_return(world, bundle) -> None:
    due = timezone.localdate() + timedelta(days=5)
    b = services.borrowing_request(bundle=bundle, borrower=world.other_judge, reason="参考类案", due_on=due)
    assert b.state == BorrowingState.REQUESTED
    # the approvers the table names are told: the division head and the file-room keeper, not the other division
    told = set(Notification.objects.filter(topic="paper_file.borrow_requested").values_list("recipient", flat=True))
    assert told == {world.head.pk, world.keeper.pk}
    services.borrowing_decide(borrowing=b, actor=world.head, approve=True)
    b.refresh_from_db()
    assert b.state == BorrowingState.APPROVED and b.decided_by == world.head
    assert Notification.objects.filter(recipient=world.other_judge, topic="paper_file.borrow_decided").exists()
    lent = services.paper_file_check_out(bundle=bundle, actor=world.clerk, handed_to=world.other_judge)
    assert lent.pk == b.pk and lent.state == BorrowingState.LENT and lent.due_on == due
    services.paper_file_check_in(bundle=bundle, location=world.cells[2], actor=world.clerk)
    b.refresh_from_db()
    assert b.state == BorrowingState.RETURNED
    types = list(
        CaseEvent.objects.filter(case=world.case, type__startswith="paper_file.").values_list("type", flat=True)
    )
    assert types == [
        "paper_file.registered",
        "paper_file.checked_in",
        "paper_file.borrow_requested",
        "paper_file.borrow_approved",
        "paper_file.checked_out",
        "paper_file.returned",
    ]


def test_borrowing_refusals_write_nothing(world, bundle) -> None:
    today = timezone.localdate()
    _refused(
        lambda: services.borrowing_request(bundle=bundle, borrower=world.judge, reason=" ", due_on=today), match="事由"
    )
    # a clerk of another court cannot even see the bundle
    _refused(
        lambda: services.borrowing_request(bundle=bundle, borrower=world.foreign_clerk, reason="看看", due_on=today),
        Forbidden,
    )
    # a representative reads in the reading room and returns the same day (民事诉讼法 Art. 64)
    from smartcourt.cases.models import CaseParty, Representation

    party = CaseParty.objects.filter(case=world.case).first()
    Representation.objects.create(party=party, user=world.lawyer, kind="lawyer")
    _refused(
        lambda: services.borrowing_request(
            bundle=bundle, borrower=world.lawyer, reason="阅卷", due_on=today + timedelta(days=1)
        ),
        match="第六十四条",
    )
    ok = services.borrowing_request(bundle=bundle, borrower=world.lawyer, reason="阅卷", due_on=today)
    _refused(
        lambda: services.borrowing_request(bundle=bundle, borrower=world.lawyer, reason="再看", due_on=today),
        Conflict,
        match="重复申请",
    )
    # approvers: not the borrower, not a division head of another division, a reason when refusing
    _refused(lambda: services.borrowing_decide(borrowing=ok, actor=world.other_head, approve=True), Forbidden)
    _refused(lambda: services.borrowing_decide(borrowing=ok, actor=world.clerk, approve=True), Forbidden)
    _refused(lambda: services.borrowing_decide(borrowing=ok, actor=world.keeper, approve=False), match="理由")
    services.borrowing_decide(borrowing=ok, actor=world.keeper, approve=False, note="请预约阅卷室")
    _refused(
        lambda: services.borrowing_decide(borrowing=ok, actor=world.head, approve=True), Conflict, match="不能再审批"
    )


def test_approver_cannot_approve_own_request(world, bundle) -> None:
    b = services.borrowing_request(
        bundle=bundle, borrower=world.keeper, reason="核对", due_on=timezone.localdate() + timedelta(days=1)
    )
    _refused(lambda: services.borrowing_decide(borrowing=b, actor=world.keeper, approve=True), Forbidden, match="本人")


def test_cancel_only_own_open_request(world, bundle) -> None:
    b = services.borrowing_request(
        bundle=bundle, borrower=world.other_judge, reason="参考", due_on=timezone.localdate() + timedelta(days=2)
    )
    _refused(lambda: services.borrowing_cancel(borrowing=b, actor=world.judge), Forbidden)
    services.borrowing_cancel(borrowing=b, actor=world.other_judge)
    b.refresh_from_db()
    assert b.state == BorrowingState.CANCELLED
    _refused(lambda: services.borrowing_cancel(borrowing=b, actor=world.other_judge), Conflict)


# ---------------------------------------------------------------- overdue


def test_overdue_reminder_notifies_once_then_weekly(world, bundle) -> None:
    today = timezone.localdate()
    b = services.paper_file_check_out(bundle=bundle, actor=world.clerk, handed_to=world.judge, due_on=today)
    assert services.borrowing_overdue_remind(today=today) == 0  # due today is not overdue
    later = today + timedelta(days=3)
    assert services.borrowing_overdue_remind(today=later) == 1
    assert services.borrowing_overdue_remind(today=later) == 0  # same day again: nothing twice
    recipients = set(Notification.objects.filter(topic="paper_file.overdue").values_list("recipient", flat=True))
    assert recipients == {world.judge.pk, world.head.pk, world.keeper.pk}
    assert CaseEvent.objects.filter(case=world.case, type="paper_file.overdue").count() == 1
    assert services.borrowing_overdue_remind(today=later + timedelta(days=7)) == 1
    assert CaseEvent.objects.filter(case=world.case, type="paper_file.overdue").count() == 1  # timeline once
    b.refresh_from_db()
    assert b.overdue_notified_on == later + timedelta(days=7)


# ---------------------------------------------------------------- append-only


def test_custody_events_refuse_updates_and_deletes(world, bundle) -> None:
    event = bundle.events.first()
    event.note = "改写"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_locations_refusals(world) -> None:
    with pytest.raises(Conflict):
        services.locker_create(court=world.court, unit="A01", cells=4, actor=world.keeper)
    with pytest.raises(ApplicationError):
        services.locker_create(court=world.court, unit="B01", cells=0, actor=world.keeper)
    with pytest.raises(Forbidden):
        services.locker_create(court=world.court, unit="B02", cells=4, actor=world.judge)
    with pytest.raises(Conflict):
        services.location_create(
            court=world.court, kind="file_room_shelf", unit="一号档案室 3排", position="2列1层", actor=world.keeper
        )


def test_a_hand_over_schedules_the_overdue_check_for_the_morning_after_the_deadline(
    world, bundle, django_capture_on_commit_callbacks
) -> None:
    from datetime import datetime, time

    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    due = timezone.localdate() + timedelta(days=4)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}):
        with django_capture_on_commit_callbacks(execute=True):
            services.paper_file_check_out(bundle=bundle, actor=world.clerk, handed_to=world.judge, due_on=due)
        row = DBTaskResult.objects.get()
    assert row.task_path.endswith("paper_files_overdue_remind_task")
    expected = timezone.make_aware(datetime.combine(due + timedelta(days=1), time(8)))
    assert row.run_after == expected

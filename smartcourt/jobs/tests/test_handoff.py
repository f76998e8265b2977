"""Durable hand-offs: written with the sender's transaction, run after it, retried, visible, re-runnable."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, login_verified, user_with_role
from smartcourt.jobs import handoff as handoff_module
from smartcourt.jobs.handoff import handoff_emit, handoff_run, handoffs_relay, register_receiver
from smartcourt.jobs.models import Handoff, ScheduleRun
from smartcourt.jobs.services import handoff_retry
from smartcourt.jobs.tests import handoff_receivers

pytestmark = pytest.mark.django_db
RECORD = "smartcourt.jobs.tests.handoff_receivers.record"
FLAKY = "smartcourt.jobs.tests.handoff_receivers.fail_then_record"


@pytest.fixture(autouse=True)
def _receivers(monkeypatch):
    monkeypatch.setattr(handoff_module, "_RECEIVERS", type(handoff_module._RECEIVERS)(list))
    handoff_receivers.FAILURES.clear()
    register_receiver("test.recorded", RECORD)
    register_receiver("test.flaky", FLAKY, max_attempts=3)


def test_a_handoff_runs_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            (row,) = handoff_emit(event="test.recorded", payload={"name": "after-commit"})
        assert not ScheduleRun.objects.filter(name="after-commit").exists()  # nothing ran inside the transaction
    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert row.state == Handoff.State.DONE and row.attempts == 1 and row.enqueued_at is not None
    assert ScheduleRun.objects.filter(name="after-commit").count() == 1


def test_a_rolled_back_sender_leaves_no_handoff(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        handoff_emit(event="test.recorded", payload={"name": "rolled-back"})
        raise RuntimeError("the sender's action fails")
    assert callbacks == [] and not Handoff.objects.exists()
    assert not ScheduleRun.objects.filter(name="rolled-back").exists()


def test_an_event_without_receivers_writes_nothing():
    assert handoff_emit(event="test.nobody", payload={}) == [] and not Handoff.objects.exists()


def test_a_failing_receiver_is_retried_and_its_failed_writes_roll_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = handoff_emit(event="test.flaky", payload={"name": "flaky", "fail_times": 1})
    row.refresh_from_db()
    assert row.state == Handoff.State.DONE and row.attempts == 2  # the immediate backend retries at once
    # Only the successful attempt's row survives: the first attempt's write rolled back with its failure.
    assert list(ScheduleRun.objects.filter(name__startswith="flaky#").values_list("name", flat=True)) == ["flaky#1"]


def test_a_receiver_failing_every_time_is_failed_visible_and_can_be_retried(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = handoff_emit(event="test.flaky", payload={"name": "broken", "fail_times": 3})
    row.refresh_from_db()
    assert row.state == Handoff.State.FAILED and row.attempts == 3 and "接收方故意失败 3" in row.last_error
    assert not ScheduleRun.objects.filter(name__startswith="broken#").exists()

    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory())
    login_verified(client, admin)
    page = client.get("/jobs/failed/").content.decode()
    assert "test.flaky" in page and "接收方故意失败 3" in page and f"/jobs/handoffs/{row.pk}/retry/" in page

    with django_capture_on_commit_callbacks(execute=True):  # the receiver works now (fail_times reached)
        response = client.post(f"/jobs/handoffs/{row.pk}/retry/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == Handoff.State.DONE and row.attempts == 1
    assert AuditLog.objects.filter(action="handoff.retried", actor=admin).count() == 1


def test_retry_refuses_a_handoff_that_did_not_fail():
    (row,) = handoff_emit(event="test.recorded", payload={"name": "pending"})
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory())
    with pytest.raises(Exception, match="并非失败状态"):
        handoff_retry(handoff_id=row.pk, actor=admin)


def test_a_lost_enqueue_fails_no_request_and_the_relay_queues_it(django_capture_on_commit_callbacks):
    down = mock.Mock(**{"using.side_effect": ConnectionError("broker down")})
    broken = mock.patch.object(handoff_module, "handoff_run_task", down)
    with broken, django_capture_on_commit_callbacks(execute=True):
        (row,) = handoff_emit(event="test.recorded", payload={"name": "relayed"})  # no exception reaches the sender
    row.refresh_from_db()
    assert row.state == Handoff.State.PENDING and row.enqueued_at is None
    assert handoffs_relay() == 0  # within the grace period the after-commit enqueue may still be on its way
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert handoffs_relay() == 1
    row.refresh_from_db()
    assert row.state == Handoff.State.DONE and ScheduleRun.objects.filter(name="relayed").count() == 1


def test_a_handoff_delivered_twice_takes_effect_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = handoff_emit(event="test.recorded", payload={"name": "twice"})
    assert handoff_run(handoff_id=row.pk) == Handoff.State.DONE  # a duplicate delivery finds it done
    assert ScheduleRun.objects.filter(name="twice").count() == 1


def test_the_relay_is_a_schedule():
    from smartcourt.jobs.scheduler import schedules_all

    assert "jobs.handoff_relay" in {s.name for s in schedules_all()}

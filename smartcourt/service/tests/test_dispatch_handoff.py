"""An electronic attempt's dispatch is a durable hand-off: a broker that is down when the attempt commits fails no
request and loses no attempt (the relay sends it), and the recipient's link never sits in the hand-off's payload."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

from smartcourt.jobs.handoff import handoffs_relay
from smartcourt.jobs.models import Handoff
from smartcourt.service import services
from smartcourt.service.selectors import service_attempt_messages

from .helpers import PDF, confirm, world

pytestmark = pytest.mark.django_db


def test_an_sms_attempt_survives_a_broker_outage_and_is_sent_by_the_relay(
    django_capture_on_commit_callbacks, monkeypatch, phone
):
    w = world()
    confirm(w.defendant, consent_sms=True, mobile="13912345678", consent_basis="explicit")

    def down(self, task, args, kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("redis unavailable")

    with monkeypatch.context() as broker:
        broker.setattr(ImmediateBackend, "enqueue", down)
        with django_capture_on_commit_callbacks(execute=True):  # nothing raised into the caller after its commit
            task = services.service_task_create(case=w.case, recipient=w.defendant, document=PDF,
                                                document_type="summons", title="传票", actor=w.clerk)  # fmt: skip
    attempt = task.attempts.get()
    row = Handoff.objects.get(event="service.attempt_started")
    assert row.payload == {"attempt_id": attempt.pk}  # the link (with its token) stays on the attempt
    assert row.state == Handoff.State.PENDING and not service_attempt_messages(attempt=attempt).exists()

    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert handoffs_relay() == 1  # the broker is back: the schedule's relay queues it
    row.refresh_from_db()
    assert row.state == Handoff.State.DONE
    message = service_attempt_messages(attempt=attempt).get()
    path, code = phone.link()
    assert message.to == "13912345678" and phone.sent[0][0] == "13912345678"
    # the link and its code are made when the message is sent and kept nowhere in clear (ADR 0015)
    attempt.refresh_from_db()
    token = path.split("/")[-2]
    assert token not in message.body and code not in message.body and token not in str(attempt.evidence)
    assert attempt.token_hash == hashlib.sha256(token.encode()).hexdigest() and code not in attempt.code_hash

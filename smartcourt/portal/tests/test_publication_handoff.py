"""A judgment that took effect opens its publication task through a durable hand-off (ADR 0010): when the portal
fails, the effect stays recorded, the attempt is retried, and a hand-off that keeps failing is listed for a retry."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from smartcourt.documents.models import Document, DocumentState
from smartcourt.documents.signals import TOOK_EFFECT
from smartcourt.documents.tests.factories import make_world
from smartcourt.jobs.handoff import handoff_emit
from smartcourt.jobs.models import Handoff
from smartcourt.portal import hooks
from smartcourt.portal.models import PublicationTask

pytestmark = pytest.mark.django_db(transaction=False)


def _effective(world, kind: str = "judgment_civil") -> Document:  # type: ignore[no-untyped-def]
    return Document.objects.create(
        case=world.case,
        kind=kind,
        title="民事判决书",
        state=DocumentState.EFFECTIVE,
        effective_on=timezone.localdate(),
        body="本院认为，被告应当支付货款。判决如下：被告甲有限公司支付原告张三货款人民币一万元。",
        context={"court_name": world.court.name, "case_number": world.case.number},
    )


def _emit(document: Document, capture) -> None:  # type: ignore[no-untyped-def]
    with capture(execute=True), transaction.atomic():
        handoff_emit(event=TOOK_EFFECT, payload={"document_id": document.pk})


def test_the_portal_receives_the_effect_and_opens_the_task_once(django_capture_on_commit_callbacks) -> None:
    world = make_world("PH1")
    doc = _effective(world)
    _emit(doc, django_capture_on_commit_callbacks)
    row = Handoff.objects.get(event=TOOK_EFFECT)
    assert row.receiver == "smartcourt.portal.hooks.document_took_effect" and row.state == Handoff.State.DONE
    task = PublicationTask.objects.get(case=world.case)
    assert task.kind == "judgment" and "一万元" in task.full_text
    _emit(doc, django_capture_on_commit_callbacks)  # delivered twice (at least once): still one task
    assert PublicationTask.objects.filter(case=world.case).count() == 1


def test_a_mediation_statement_opens_no_task(django_capture_on_commit_callbacks) -> None:
    world = make_world("PH2")
    _emit(_effective(world, kind="mediation"), django_capture_on_commit_callbacks)
    assert Handoff.objects.get(event=TOOK_EFFECT).state == Handoff.State.DONE
    assert not PublicationTask.objects.filter(case=world.case).exists()


def test_a_failing_portal_is_retried_and_never_loses_the_task(django_capture_on_commit_callbacks, monkeypatch) -> None:
    world = make_world("PH3")
    doc = _effective(world)
    receive = hooks.document_took_effect

    def broken(**payload):  # type: ignore[no-untyped-def]
        raise RuntimeError("公开平台不可用")

    monkeypatch.setattr(hooks, "document_took_effect", broken)
    _emit(doc, django_capture_on_commit_callbacks)
    row = Handoff.objects.get(event=TOOK_EFFECT)
    assert row.state == Handoff.State.FAILED and "公开平台不可用" in row.last_error
    assert not PublicationTask.objects.filter(case=world.case).exists()

    monkeypatch.setattr(hooks, "document_took_effect", receive)  # the portal is back: the retry opens the task
    from smartcourt.courts.roles import Role
    from smartcourt.courts.tests.factories import user_with_role
    from smartcourt.jobs.services import handoff_retry

    admin = user_with_role(Role.SYSTEM_ADMIN, world.court)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        handoff_retry(handoff_id=row.pk, actor=admin)
    row.refresh_from_db()
    assert row.state == Handoff.State.DONE
    assert PublicationTask.objects.filter(case=world.case).count() == 1

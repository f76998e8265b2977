"""Filing acceptance → dossier intake → service of the complaint copy, as durable hand-offs (ADR 0010): the copy
served on the defendant is the complaint the dossier anchored, byte for byte; a failing receiver neither fails the
acceptance nor loses the work — it is retried, visible, and completes on a retry."""

from __future__ import annotations

import hashlib
import logging

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, login_verified, user_with_role
from smartcourt.dossier import hooks as dossier_hooks
from smartcourt.dossier.models import DossierDocument
from smartcourt.filing.complaint_pdf import complaint_pdf
from smartcourt.filing.models import FilingState
from smartcourt.filing.tests.online.helpers import submitted, world
from smartcourt.jobs.models import Handoff
from smartcourt.ledger import merkle
from smartcourt.ledger.models import LedgerRecord
from smartcourt.ledger.selectors import ledger_status_for_sha256
from smartcourt.ledger.services import ledger_flush
from smartcourt.legaltime.selectors import deadline_due
from smartcourt.service import hooks as service_hooks
from smartcourt.service.models import ServiceTask

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _accept_over_http(client, w, filing, capture):  # type: ignore[no-untyped-def]
    login_verified(client, w.officer)
    with capture(execute=True):  # the hand-offs run at commit (immediate task backend in tests)
        response = client.post(
            reverse("filing:review_detail", args=[filing.pk]), {"decision": "accept", "track": filing.triage_suggested}
        )
    assert response.status_code == 302  # the acceptance stands whatever its hand-offs do
    filing.refresh_from_db()
    assert filing.state == FilingState.ACCEPTED and filing.case is not None
    return filing.case


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as fh:
        return fh.read()


def _filed_complaint(filing) -> DossierDocument:  # type: ignore[no-untyped-def]
    return DossierDocument.objects.get(case=filing.case, origin_ref=f"filing.complaint:{filing.pk}")


def test_the_complaint_served_is_the_complaint_anchored_byte_for_byte(client, django_capture_on_commit_callbacks):
    w = world()
    filing = submitted(w)
    case = _accept_over_http(client, w, filing, django_capture_on_commit_callbacks)

    filed = _filed_complaint(filing)
    task = ServiceTask.objects.get(case=case, document_type="complaint_copy")
    anchored, served = _read(filed.storage_name), _read(task.document_storage_name)
    assert served == anchored  # the very file, not a second rendering
    assert hashlib.sha256(served).hexdigest() == filed.sha256 == task.document_sha256
    assert task.party.role == "defendant" and task.origin_ref == f"filing.accept:{filing.pk}:party:{task.party_id}"

    ledger_flush()
    record = LedgerRecord.objects.get(subject=filed.ledger_subject)  # the dossier's leaf for the document
    assert record.kind == "dossier.document" and record.sha256 == hashlib.sha256(served).hexdigest()
    assert record.leaf_hash == merkle.leaf_hash(record.entry.encode()).hex()
    assert ledger_status_for_sha256(sha256=hashlib.sha256(served).hexdigest()) == "recorded"  # anyone can verify
    assert complaint_pdf(filing, draft=False) == served  # and rendering it again gives the same bytes

    # 民诉法 Art. 128: the copy goes out within five days of registration — here, right after the acceptance.
    due = deadline_due(rule="civil.complaint_copy", start=case.filed_on).due
    assert timezone.localdate(task.created_at) <= due
    handoffs = {h.event: h for h in Handoff.objects.all()}
    assert {"filing.case_opened", "dossier.complaint_filed"} <= set(handoffs)
    assert handoffs["filing.case_opened"].payload == {
        "filing_id": filing.pk,
        "case_id": case.pk,
        "actor_id": w.officer.pk,
    }
    assert all(h.state == Handoff.State.DONE and h.attempts == 1 for h in handoffs.values())


def test_a_receiver_failing_once_is_retried_and_the_complaint_is_served(
    client, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    w = world()
    filing = submitted(w)
    serve = service_hooks.complaint_copies_serve
    calls = []

    def fails_once(**payload):  # type: ignore[no-untyped-def]
        calls.append(payload)
        if len(calls) == 1:
            raise ConnectionError("service store unavailable")
        serve(**payload)

    monkeypatch.setattr(service_hooks, "complaint_copies_serve", fails_once)
    with caplog.at_level(logging.WARNING, logger="smartcourt.jobs.handoff"):
        case = _accept_over_http(client, w, filing, django_capture_on_commit_callbacks)

    row = Handoff.objects.get(event="dossier.complaint_filed")
    assert row.state == Handoff.State.DONE and row.attempts == 2  # the failed attempt counted, the retry completed
    assert "attempt 1 failed: ConnectionError: service store unavailable" in caplog.text
    task = ServiceTask.objects.get(case=case, document_type="complaint_copy")
    assert _read(task.document_storage_name) == _read(_filed_complaint(filing).storage_name)


def test_a_receiver_that_keeps_failing_is_visible_and_a_retry_completes_the_chain(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    w = world()
    filing = submitted(w)

    def broken(**payload):  # type: ignore[no-untyped-def]
        raise RuntimeError("卷宗存储不可用")

    monkeypatch.setattr(dossier_hooks, "filing_case_opened", broken)
    case = _accept_over_http(client, w, filing, django_capture_on_commit_callbacks)

    row = Handoff.objects.get(event="filing.case_opened", receiver="smartcourt.dossier.hooks.filing_case_opened")
    assert row.state == Handoff.State.FAILED and row.attempts == row.max_attempts
    assert "RuntimeError: 卷宗存储不可用" in row.last_error
    assert not DossierDocument.objects.filter(case=case).exists()
    assert not ServiceTask.objects.filter(case=case).exists()  # nothing served before the dossier filed it

    monkeypatch.undo()  # the store is back
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory())
    login_verified(client, admin)
    page = client.get("/jobs/failed/").content.decode()
    assert "filing.case_opened" in page and "卷宗存储不可用" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/jobs/handoffs/{row.pk}/retry/").status_code == 302
    row.refresh_from_db()
    assert row.state == Handoff.State.DONE
    filed = _filed_complaint(filing)
    task = ServiceTask.objects.get(case=case, document_type="complaint_copy")
    assert _read(task.document_storage_name) == _read(filed.storage_name)
    assert task.document_sha256 == filed.sha256

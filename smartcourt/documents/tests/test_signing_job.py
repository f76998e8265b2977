"""Signing off the request (签章中): the page queues the work, the task produces the PDF, signs and (when asked) serves;
running it twice signs once; a missing LibreOffice or key leaves a clear 签章失败 with its reason, nothing signed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartcourt.cases.models import CaseEvent
from smartcourt.courts.tests.factories import login_verified
from smartcourt.documents import render, services
from smartcourt.documents.models import Document, DocumentJob, DocumentState

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(render.soffice_path() is None, reason="LibreOffice not installed")


def _approved(world):  # type: ignore[no-untyped-def]
    doc = services.document_generate(actor=world.judge, case=world.case, kind="judgment_civil")
    services.draft_autosave(actor=world.judge, document=doc, body="本院认为，判决如下：驳回原告的诉讼请求。")
    doc = services.signoff_submit(actor=world.judge, document=doc)
    services.signoff_decide(actor=world.head, document=doc, approve=True)
    doc.refresh_from_db()
    assert doc.state == DocumentState.APPROVED
    return doc


@needs_soffice
def test_the_page_shows_signing_then_the_task_signs_once_even_when_run_twice(
    client, world, fake_statutes, certs, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    doc = _approved(world)
    login_verified(client, world.judge)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        r = client.post(reverse("documents:sign", args=[doc.pk]))
    assert r.status_code == 302 and len(queued) == 1  # the enqueue, after commit
    doc.refresh_from_db()
    assert (doc.job, doc.state, doc.signed_storage_name) == (DocumentJob.QUEUED, DocumentState.APPROVED, "")
    page = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert 'data-testid="sign-job"' in page and "签章中" in page and 'data-testid="sign"' not in page
    assert client.get(reverse("documents:job", args=[doc.pk])).json()["job"] == "queued"
    # a second click while it is queued changes nothing and enqueues nothing
    with django_capture_on_commit_callbacks(execute=False) as again:
        client.post(reverse("documents:sign", args=[doc.pk]))
    assert not again
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the worker runs the task (inline backend in tests)
    doc.refresh_from_db()
    assert (doc.job, doc.state, doc.job_progress) == ("", DocumentState.SIGNED, 100) and doc.signed_sha256
    first = doc.signed_sha256
    services.document_sign_run(document_id=doc.pk)  # delivered twice (at least once): nothing signed again
    doc.refresh_from_db()
    assert doc.signed_sha256 == first
    assert CaseEvent.objects.filter(case=world.case, type="document.signed").count() == 1
    job = client.get(reverse("documents:job", args=[doc.pk])).json()
    assert (job["job"], job["state"]) == ("", "signed")
    page = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert 'data-testid="signed-link"' in page and 'data-testid="sign-job"' not in page


def test_without_libreoffice_the_task_fails_with_its_reason_and_signs_nothing(
    world, fake_statutes, certs, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    doc = _approved(world)
    settings.DOCUMENTS_SOFFICE = str(tmp_path / "no-soffice")
    with django_capture_on_commit_callbacks(execute=True):
        services.document_sign_request(actor=world.judge, document=doc)
    doc.refresh_from_db()
    assert (doc.job, doc.state, doc.signed_storage_name) == (DocumentJob.FAILED, DocumentState.APPROVED, "")
    assert "LibreOffice" in doc.error and doc.error.startswith("签章失败")
    assert not CaseEvent.objects.filter(case=world.case, type="document.signed").exists()


def test_a_key_gone_before_the_task_runs_fails_clearly_and_a_missing_key_is_refused_at_once(
    world, fake_statutes, certs, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.documents.signing import SigningKeyError

    doc = _approved(world)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.document_sign_request(actor=world.judge, document=doc)
    settings.DOCUMENTS_CERT_DIR = str(tmp_path / "gone")  # the key removed while the task waited
    queued[0]()
    doc.refresh_from_db()
    assert doc.job == DocumentJob.FAILED and "未找到法院签章证书" in doc.error and not doc.signed_storage_name
    with pytest.raises(SigningKeyError):  # asking again without a key: refused now, nothing queued
        services.document_sign_request(actor=world.judge, document=doc)
    assert Document.objects.get(pk=doc.pk).job == DocumentJob.FAILED

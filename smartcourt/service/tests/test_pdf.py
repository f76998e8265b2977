"""Service's PDFs are deterministic: the same task or document gives the same bytes, so a stored or anchored copy
can always be matched by rendering it again."""

from __future__ import annotations

import pytest

from smartcourt.core.tests.pdf_checks import SAME_SECOND, assert_renders_identically
from smartcourt.service import services
from smartcourt.service.models import TaskState
from smartcourt.service.pdf import certificate_pdf, document_pdf

from .helpers import PDF, confirm, world

pytestmark = pytest.mark.django_db


def test_a_batch_document_renders_to_the_same_bytes() -> None:
    def render() -> bytes:
        return document_pdf(court_name="苏州市姑苏区人民法院", case_number="（2026）苏0508民初1号", title="传票",
                            recipient="王大明", body="请于2026年12月20日9时到本院第三法庭出庭。")  # fmt: skip

    # The document prints today's date, so both renderings fall on one day.
    assert_renders_identically(render, apart=SAME_SECOND)


def test_a_service_certificate_renders_to_the_same_bytes(django_capture_on_commit_callbacks) -> None:
    w = world()
    confirm(w.plaintiff, actor=w.party_user, signed_via="online", consent_platform=True, consent_basis="explicit")
    with django_capture_on_commit_callbacks(execute=True):
        task = services.service_task_create(case=w.case, recipient=w.plaintiff, document=PDF, document_type="summons",
                                            title="传票", actor=w.clerk)  # fmt: skip
    task.refresh_from_db()
    assert task.state == TaskState.SERVED
    # The certificate prints when it was made (to the second), so both renderings fall within one second.
    assert_renders_identically(lambda: certificate_pdf(task), apart=SAME_SECOND)

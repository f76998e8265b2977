"""Pages waiting for OCR are handed to the OCR queue durably: a broker outage when the document is filed leaves them
waiting, not forgotten — the relay queues them once the broker is back."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.tests.factories import CourtFactory
from smartcourt.dossier.models import OcrState
from smartcourt.dossier.services import dossier_document_add
from smartcourt.jobs.handoff import handoffs_relay
from smartcourt.jobs.models import Handoff

from . import samples

pytestmark = pytest.mark.django_db


def test_a_scan_filed_while_the_broker_is_down_is_read_after_the_relay(
    django_capture_on_commit_callbacks, monkeypatch, fake_ocr
):
    case = make_case(court=CourtFactory())
    scan = samples.scanned_pdf([samples.page_png("借条", ["今借到刘小红人民币伍万元整。"])])

    def down(self, task, args, kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("redis unavailable")

    with monkeypatch.context() as broker:
        broker.setattr(ImmediateBackend, "enqueue", down)
        with django_capture_on_commit_callbacks(execute=True):
            document = dossier_document_add(case=case, title="借条", content=scan, filename="借条.pdf", source="scan",
                                            actor=SYSTEM)  # fmt: skip
    page = document.pages.get()
    assert page.ocr_state == OcrState.PENDING and fake_ocr.calls == 0
    row = Handoff.objects.get(event="dossier.ocr_requested")
    assert row.payload == {"page_ids": [page.pk]} and row.state == Handoff.State.PENDING

    fake_ocr.queue.append("今借到刘小红人民币伍万元整。")
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert handoffs_relay() == 1
    page.refresh_from_db()
    row.refresh_from_db()
    assert row.state == Handoff.State.DONE and page.ocr_state == OcrState.DONE and "伍万元" in page.ocr_text

"""The complaint PDF is deterministic, and the dossier takes an accepted filing in through one selector."""

from __future__ import annotations

import pytest

from smartcourt.core.tests.pdf_checks import assert_renders_identically
from smartcourt.filing import services
from smartcourt.filing.complaint_pdf import complaint_pdf
from smartcourt.filing.selectors import filing_evidence_content, filing_intake_bundle

from .helpers import PDF, submitted, world

pytestmark = pytest.mark.django_db


def test_the_complaint_renders_to_the_same_bytes_whenever_it_is_rendered() -> None:
    filing = submitted(world())
    filed = assert_renders_identically(lambda: complaint_pdf(filing, draft=False))
    draft = assert_renders_identically(lambda: complaint_pdf(filing, draft=True))
    assert filed != draft  # the preview says so on its face


def test_the_intake_bundle_is_the_accepted_filing_as_plain_data() -> None:
    w = world()
    filing = submitted(w)
    assert filing_intake_bundle(filing_id=filing.pk) is None  # not a case yet
    case = services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    bundle = filing_intake_bundle(filing_id=filing.pk)
    assert bundle is not None and bundle.case_id == case.pk and bundle.reference == filing.reference
    assert bundle.complaint_pdf == complaint_pdf(filing, draft=False)
    assert bundle.complaint_filename == f"起诉状-{filing.reference}.pdf"
    items = list(filing.evidence.order_by("position", "id"))
    assert [e.evidence_id for e in bundle.evidence] == [e.pk for e in items]
    assert [e.title for e in bundle.evidence] == ["证据0", "证据1"]
    assert filing_evidence_content(evidence_id=items[1].pk) == PDF + bytes([1])
    assert filing_intake_bundle(filing_id=999_999) is None

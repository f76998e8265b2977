"""An accepted online filing's complaint and evidence become the first documents of the case's dossier."""

from __future__ import annotations

import pytest

from smartcourt.cases.models import CaseEvent
from smartcourt.core.tests.intake import samples as intake_samples
from smartcourt.dossier.models import DossierDocument
from smartcourt.dossier.services import dossier_filing_intake
from smartcourt.dossier.tests import samples
from smartcourt.filing import services as filing_services
from smartcourt.filing.tests.online.helpers import complete_draft, upload, world

pytestmark = pytest.mark.django_db


def test_acceptance_files_complaint_and_evidence_once(django_capture_on_commit_callbacks):
    w = world()
    filing = complete_draft(w, evidence=0)
    good = samples.text_pdf("借条", ["今借到刘小红人民币伍万元整。", "借款人：王大明"])
    filing_services.evidence_add(filing=filing, actor=w.party, upload=upload("借条.pdf", good), title="借条",
                                 purpose="证明借贷关系")  # fmt: skip
    # a sound PNG header (what filing checks: its announced size) over truncated pixels (decoded when filed)
    broken = intake_samples.png(400, 300)[:-40]
    filing_services.evidence_add(filing=filing, actor=w.party, upload=upload("转账.png", broken), title="转账记录")
    filing = filing_services.filing_submit(filing=filing, actor=w.party, signature_name="刘小红", confirm=True,
                                           submission_key="dossier-1")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        case = filing_services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    docs = list(DossierDocument.objects.filter(case=case).order_by("position"))
    assert [(d.title, d.category, d.source) for d in docs] == [
        ("民事起诉状", "complaint", "filing"),
        ("借条", docs[1].category, "filing"),
    ]
    assert docs[0].origin_ref == f"filing.complaint:{filing.pk}" and docs[0].category_source == "system"
    evidence = filing.evidence.get(title="借条")
    assert docs[1].origin_ref == f"filing.evidence:{evidence.pk}" and docs[1].note == "证明借贷关系"
    assert docs[0].pages.first().global_number == 1
    refused = CaseEvent.objects.get(case=case, type="dossier.document_refused")
    assert "转账记录" in refused.summary and "损坏" in refused.summary
    filing.refresh_from_db()
    dossier_filing_intake(filing_id=filing.pk, actor=w.officer)  # a retry files nothing twice
    assert DossierDocument.objects.filter(case=case).count() == 2

"""A filing's content is the filer's: the wizard, its evidence, submission and withdrawal are theirs (and their
authorised lawyer's) alone. Court staff never read a draft, and act on a submitted filing only through the review
actions (accept, correction notice, rejection, forwarding), each on the filing's timeline (permission table:
FILING/CHANGE is the filer's OWN grant, FILING/REVIEW the filing officer's court-wide grant)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartcourt.core.errors import Forbidden
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.filing import services
from smartcourt.filing.models import Evidence, FeeNotice, FilingEventType, FilingState
from smartcourt.filing.selectors import filing_get_for_user

from .helpers import FACTS, PDF, complete_draft, submitted, upload, world

pytestmark = pytest.mark.django_db

NEW_FACTS = "法院工作人员改写的事实与理由：原告自愿放弃全部诉讼请求，双方之间并无借贷关系存在。"
STEPS = ("basics", "parties", "claims", "court", "facts", "evidence", "preview")


def _correction(w):  # type: ignore[no-untyped-def]
    filing = submitted(w)
    services.filing_request_correction(
        filing=filing, actor=w.officer, items=[{"field": "evidence", "message": "请补充借条原件照片"}], due_days=10
    )
    filing.refresh_from_db()
    assert filing.state == FilingState.CORRECTION
    return filing


def test_an_officer_cannot_open_or_post_to_a_partys_draft(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    draft = complete_draft(w)  # the court is chosen: the draft names the officer's court
    assert draft.court == w.court and draft.state == FilingState.DRAFT
    login_verified(client, w.officer)
    for step in STEPS:  # a draft is not the court's to know of: the same 404 as a filing that does not exist
        assert client.get(reverse("filing:wizard_step", args=[draft.pk, step])).status_code == 404
    assert client.post(reverse("filing:wizard_step", args=[draft.pk, "facts"]), {"facts": NEW_FACTS}).status_code == 404
    evidence = draft.evidence.first()
    assert client.post(reverse("filing:evidence_delete", args=[draft.pk, evidence.pk])).status_code == 404
    assert client.get(reverse("filing:evidence_download", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("filing:complaint_pdf", args=[draft.pk])).status_code == 404
    assert client.get(reverse("filing:review_detail", args=[draft.pk])).status_code == 404
    sign = {"signature_name": "孙立平", "confirm": "on", "submission_key": "officer"}
    assert client.post(reverse("filing:wizard_submit", args=[draft.pk]), sign).status_code == 404
    draft.refresh_from_db()
    assert draft.facts == FACTS and draft.evidence.count() == 2 and draft.state == FilingState.DRAFT


def test_an_officer_cannot_rewrite_a_correction_filing_or_delete_its_evidence(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    filing = _correction(w)
    evidence = filing.evidence.first()
    with pytest.raises(Forbidden):
        services.filing_facts_set(filing=filing, actor=w.officer, facts=NEW_FACTS)
    with pytest.raises(Forbidden):
        services.evidence_remove(evidence=evidence, actor=w.officer)
    with pytest.raises(Forbidden):
        services.evidence_add(filing=filing, actor=w.officer, upload=upload("伪证.pdf", PDF + b"x"), title="伪证")
    with pytest.raises(Forbidden):
        services.filing_withdraw(filing=filing, actor=w.officer)
    login_verified(client, w.officer)
    # The officer knows the filing (it was submitted to the court): a refusal, not a pretence that it is not there.
    for step in STEPS:
        assert client.get(reverse("filing:wizard_step", args=[filing.pk, step])).status_code == 403
    response = client.post(reverse("filing:wizard_step", args=[filing.pk, "facts"]), {"facts": NEW_FACTS})
    assert response.status_code == 403
    assert client.post(reverse("filing:evidence_delete", args=[filing.pk, evidence.pk])).status_code == 403
    filing.refresh_from_db()
    assert filing.facts == FACTS and Evidence.objects.filter(pk=evidence.pk).exists()
    assert filing.state == FilingState.CORRECTION
    portal_page = client.get(reverse("portal:filing_detail", args=[filing.pk])).content.decode()
    assert 'data-testid="correction-notice"' in portal_page and 'data-testid="start-correction"' not in portal_page
    # …while the court may still read what was submitted (the review page, the complaint, the evidence)
    assert client.get(reverse("filing:evidence_download", args=[evidence.pk])).status_code == 200
    assert client.get(reverse("filing:complaint_pdf", args=[filing.pk])).status_code == 200


def test_the_officer_acts_only_through_review_actions_each_on_the_timeline() -> None:
    w = world()
    filing = _correction(w)
    for attempt in (
        lambda: services.filing_facts_set(filing=filing, actor=w.officer, facts=NEW_FACTS),
        lambda: services.evidence_remove(evidence=filing.evidence.first(), actor=w.officer),
    ):
        with pytest.raises(Forbidden):
            attempt()
    services.filing_facts_set(filing=filing, actor=w.party, facts=FACTS + "补正：借条原件照片已上传。")
    services.filing_submit(filing=filing, actor=w.party, signature_name="刘小红", confirm=True, submission_key="k2")
    services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    rejected = submitted(w, key="k3")
    services.filing_reject(filing=rejected, actor=w.officer, reason="原告就同一事项已另案起诉并已立案，属于重复起诉。")
    officer_events = [
        e.type for f in (filing, rejected) for e in f.events.filter(actor=w.officer).order_by("occurred_at", "id")
    ]
    assert officer_events == [
        FilingEventType.CORRECTION_REQUESTED,
        FilingEventType.ACCEPTED,
        FilingEventType.REJECTED,
    ]
    assert all(e.public for e in filing.events.filter(actor=w.officer))  # the filer sees every act of the court


def test_the_filer_and_their_lawyer_still_write_and_the_filer_still_withdraws(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    filing = _correction(w)
    lawyer = user_with_role(Role.LAWYER, w.court, full_name="杨律明", lawyer_licence_no="13205201910123456")
    services.authorisation_grant(filing=filing, party_user=w.party, lawyer=lawyer)
    services.filing_facts_set(filing=filing, actor=lawyer, facts=FACTS + "（代理人补正）")
    login_verified(client, w.party)
    for step in STEPS:
        assert client.get(reverse("filing:wizard_step", args=[filing.pk, step])).status_code == 200
    assert (
        'data-testid="start-correction"'
        in client.get(reverse("portal:filing_detail", args=[filing.pk])).content.decode()
    )
    services.filing_withdraw(filing=filing, actor=w.party)
    filing.refresh_from_db()
    assert filing.state == FilingState.WITHDRAWN and filing.facts.endswith("（代理人补正）")


def test_an_officer_reads_only_what_was_submitted() -> None:
    w = world()
    draft, filed = complete_draft(w), submitted(w)
    assert filing_get_for_user(filing_id=filed.pk, user=w.officer).pk == filed.pk
    with pytest.raises(Exception) as refused:
        filing_get_for_user(filing_id=draft.pk, user=w.officer)
    assert getattr(refused.value, "status", None) == 404
    withdrawn_draft = complete_draft(w)
    services.filing_withdraw(filing=withdrawn_draft, actor=w.party)  # never submitted: never the court's
    with pytest.raises(Exception) as refused:
        filing_get_for_user(filing_id=withdrawn_draft.pk, user=w.officer)
    assert getattr(refused.value, "status", None) == 404


def test_receiving_at_another_courts_counter_is_for_that_courts_officers() -> None:
    w = world()
    filing = complete_draft(w)
    with pytest.raises(Forbidden):  # the competent court's officer is not the receiving court's
        services.filing_receive_for_other_court(filing=filing, receiving_court=w.other, actor=w.officer)
    with pytest.raises(Forbidden):
        services.filing_receive_for_other_court(filing=filing, receiving_court=w.other, actor=w.party)
    services.filing_receive_for_other_court(filing=filing, receiving_court=w.other, actor=w.other_officer)
    filing.refresh_from_db()
    assert filing.state == FilingState.RECEIVED
    assert filing.events.filter(type=FilingEventType.RECEIVED_CROSS_REGION, actor=w.other_officer).exists()


def test_the_officer_neither_reports_a_payment_nor_applies_for_relief_for_the_party() -> None:
    w = world()
    filing = submitted(w)
    services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    notice = FeeNotice.objects.get(filing=filing)
    with pytest.raises(Forbidden):
        services.payment_report(
            notice=notice,
            actor=w.officer,
            provider="bank_transfer",
            reference="BANK20250301",
            amount=str(notice.amount),
        )
    with pytest.raises(Forbidden):
        services.fee_relief_apply(
            filing=filing, actor=w.officer, ground="waive.disabled", statement="申请人家庭经济困难，无力交纳"
        )
    assert not notice.payments.exists() and not filing.fee_reliefs.exists()
    services.payment_report(
        notice=notice, actor=w.party, provider="bank_transfer", reference="BANK20250301", amount=str(notice.amount)
    )

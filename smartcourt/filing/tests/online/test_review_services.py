"""Filing review: accept registers the case (number, random assignment, party linked to the account, fee notice);
correction is one consolidated notice and restarts the clock on resubmission; a rejection is a ruling with reasons."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from smartcourt.cases.models import Case, CaseParty
from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import Forbidden
from smartcourt.core.models import Notification
from smartcourt.core.outbox.models import OutboundMessage
from smartcourt.filing import services
from smartcourt.filing.models import FeeNotice, FilingState, Payment
from smartcourt.filing.rules.filing_input import FilingInputError
from smartcourt.filing.selectors import review_queue, triage_stats
from smartcourt.portal.selectors import my_cases

from .helpers import PDF, submitted, upload, world

pytestmark = pytest.mark.django_db
SHANGHAI = timezone.get_default_timezone()


def test_accept_registers_the_case_links_the_party_and_issues_the_fee_notice(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    w = world()
    filing = submitted(w, amount="1000000")
    with django_capture_on_commit_callbacks(execute=True):
        case = services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    filing.refresh_from_db()
    assert filing.state == FilingState.ACCEPTED and filing.case == case
    assert case.number.startswith(f"（{timezone.localdate().year}）苏0508民初") and case.judge == w.judge
    assert CaseParty.objects.get(case=case, role="plaintiff").person.user == w.party
    assert list(my_cases(user=w.party)) == [case]
    notice = FeeNotice.objects.get(filing=filing)
    assert notice.amount == Decimal("13800.00")  # 诉讼费用交纳办法 Art. 13(1): 1,000,000 -> 13,800
    assert notice.due_on >= notice.issued_on + timedelta(days=7)
    assert any("第二十二条" in line for line in notice.due_explanation)
    message = Notification.objects.get(recipient=w.party, topic="filing.accepted")
    assert case.number in message.title and "13800.00" in message.body
    sms = OutboundMessage.objects.get(recipient=w.party, channel="sms", purpose="filing.accepted")
    assert sms.court == case.court and case.number in sms.body
    assert sms.status == "outbox"  # written with the acceptance, handed to the SMS provider after the commit


def test_overriding_the_triage_needs_a_reason_and_counts_in_the_hit_rate() -> None:
    w = world()
    filing = submitted(w)
    with pytest.raises(FilingInputError) as exc:
        services.filing_accept(filing=filing, actor=w.officer, track="ordinary")
    assert exc.value.field == "override_reason"
    assert not Case.objects.exists()
    services.filing_accept(filing=filing, actor=w.officer, track="ordinary", override_reason="案情复杂，需鉴定")
    stats = triage_stats(user=w.officer)
    assert stats["total"] == 1 and stats["hits"] == 0 and stats["rate"] == 0


def test_correction_lists_every_defect_and_the_clock_restarts_on_resubmission() -> None:
    w = world()
    with time_machine.travel(date(2025, 3, 3), tick=False):
        filing = submitted(w)
        first_due = filing.review_due_on
        services.filing_request_correction(
            filing=filing,
            actor=w.officer,
            items=[
                {"field": "id_copy", "message": "请上传身份证复印件"},
                {"field": "evidence", "message": "请补充借条原件照片"},
            ],
            due_days=10,
        )
    filing.refresh_from_db()
    assert filing.state == FilingState.CORRECTION and filing.review_due_on is None
    note = Notification.objects.get(recipient=w.party, topic="filing.correction")
    assert "1. 请上传身份证复印件" in note.body and "2. 请补充借条原件照片" in note.body
    with time_machine.travel(date(2025, 3, 10), tick=False):
        services.evidence_add(
            filing=filing, actor=w.party, upload=upload("身份证.pdf", PDF + b"id"), title="身份证复印件"
        )
        filing = services.filing_submit(
            filing=filing, actor=w.party, signature_name="刘小红", confirm=True, submission_key="k2"
        )
    assert filing.state == FilingState.SUBMITTED and filing.clock_started_on == date(2025, 3, 10)
    assert filing.review_due_on > first_due
    assert filing.corrections.get().resolved_at is not None
    assert filing.events.filter(type="filing.resubmitted", summary__contains="重新起算").exists()


def test_correction_without_items_is_refused() -> None:
    w = world()
    filing = submitted(w)
    with pytest.raises(FilingInputError, match="至少列明一项"):
        services.filing_request_correction(filing=filing, actor=w.officer, items=[{"message": "  "}])
    filing.refresh_from_db()
    assert filing.state == FilingState.SUBMITTED


def test_reject_is_a_ruling_with_reasons() -> None:
    w = world()
    filing = submitted(w)
    with pytest.raises(FilingInputError, match="写明理由"):
        services.filing_reject(filing=filing, actor=w.officer, reason="不行")
    services.filing_reject(filing=filing, actor=w.officer, reason="原告与本案没有直接利害关系，不符合起诉条件。")
    filing.refresh_from_db()
    assert filing.state == FilingState.REJECTED and "利害关系" in filing.rejection_reason
    assert Notification.objects.filter(recipient=w.party, topic="filing.rejected", body__contains="10日内").exists()


def test_only_the_competent_courts_officer_reviews() -> None:
    w = world()
    filing = submitted(w)
    with pytest.raises(Forbidden):
        services.filing_accept(filing=filing, actor=w.other_officer, track="small_claims")
    with pytest.raises(Forbidden):
        services.filing_accept(filing=filing, actor=w.party, track="small_claims")


def test_queue_shows_the_clock_per_item() -> None:
    w = world()
    filing = submitted(w)
    items = review_queue(user=w.officer)
    assert [i.filing for i in items] == [filing]
    assert items[0].due == filing.review_due_on and any("第一百二十六条" in line for line in items[0].explanation)
    assert review_queue(user=w.other_officer) == []


def test_payment_reported_then_confirmed_and_refund_halves_once() -> None:
    w = world()
    filing = submitted(w)
    services.filing_accept(filing=filing, actor=w.officer, track="small_claims")
    notice = FeeNotice.objects.get(filing=filing)
    with pytest.raises(FilingInputError, match="应为通知书载明"):
        services.payment_report(
            notice=notice, actor=w.party, provider="bank_transfer", reference="BANK20250301", amount="1"
        )
    payment = services.payment_report(
        notice=notice, actor=w.party, provider="bank_transfer", reference="BANK20250301", amount=str(notice.amount)
    )
    with pytest.raises(Forbidden):
        services.payment_confirm(payment=payment, actor=w.party, received=True)
    services.payment_confirm(payment=payment, actor=w.officer, received=True)
    notice.refresh_from_db()
    assert notice.state == FeeNotice.State.PAID and Payment.objects.get().state == "confirmed"
    refund = services.refund_record(notice=notice, actor=w.officer, reason="halving")
    assert refund.amount == notice.amount - (notice.amount / 2).quantize(Decimal("0.01"))
    with pytest.raises(services.FilingStateError, match="只减半一次"):
        services.refund_record(notice=notice, actor=w.officer, reason="withdrawal")


def test_fee_relief_application_and_decision() -> None:
    w = world()
    filing = submitted(w)
    services.filing_accept(filing=filing, actor=w.officer, track="small_claims")
    with pytest.raises(FilingInputError, match="法定情形"):
        services.fee_relief_apply(filing=filing, actor=w.party, ground="nope", statement="家庭困难，无力交纳诉讼费。")
    relief = services.fee_relief_apply(
        filing=filing, actor=w.party, ground="defer.accident_victim", statement="交通事故受害人，正在治疗，无力预交。"
    )
    with pytest.raises(FilingInputError, match="书面说明理由"):
        services.fee_relief_decide(relief=relief, actor=w.officer, grant=False, reason="")
    services.fee_relief_decide(relief=relief, actor=w.officer, grant=True, reason="符合第四十七条第（二）项")
    assert FeeNotice.objects.get(filing=filing).state == FeeNotice.State.DEFERRED


def test_cross_region_filing_is_forwarded_and_reviewed_with_the_same_clock() -> None:
    from smartcourt.filing.models import FilingChannel
    from smartcourt.filing.selectors import filing_visible_to, received_for_forwarding

    w = world()
    filing = services.filing_draft_create(filer=None, channel=FilingChannel.KIOSK)
    from .helpers import FACTS, defendant, plaintiff

    services.filing_basics_set(filing=filing, actor=SYSTEM, type_code="民初", cause=w.cause)
    services.filing_parties_set(filing=filing, actor=SYSTEM, parties=[plaintiff(), defendant()], filer_index=0)
    services.filing_claims_set(filing=filing, actor=SYSTEM, claims=[services.ClaimIn("还款", "50000")])
    services.filing_court_set(filing=filing, actor=SYSTEM, court=w.court)
    services.filing_facts_set(filing=filing, actor=SYSTEM, facts=FACTS)
    services.evidence_add(filing=filing, actor=SYSTEM, upload=upload("a.pdf", PDF), title="借条")
    filing = services.filing_kiosk_submit(filing=filing, kiosk_court=w.other, signature_name="刘小红")
    assert filing.state == FilingState.RECEIVED and filing.receiving_court == w.other
    assert list(received_for_forwarding(user=w.other_officer)) == [filing]
    assert filing in filing_visible_to(user=w.officer) and filing in filing_visible_to(user=w.other_officer)
    with pytest.raises(Forbidden):
        services.filing_forward(filing=filing, actor=w.officer)
    filing = services.filing_forward(filing=filing, actor=w.other_officer, note="材料齐全")
    assert filing.state == FilingState.SUBMITTED and filing.review_due_on is not None
    assert [i.filing for i in review_queue(user=w.officer)] == [filing]
    case = services.filing_accept(filing=filing, actor=w.officer, track=filing.triage_suggested)
    filing.refresh_from_db()
    assert filing in filing_visible_to(user=w.other_officer) and filing.case == case

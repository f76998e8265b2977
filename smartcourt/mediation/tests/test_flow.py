"""Mediation end to end at the service level: routing, the 30-day rule across holidays, expiry (never shown as
pending), filing as a case with every material carried over, the room (messages, offers, signatures) and judicial
confirmation with its ruling served; the bad inputs the issue names are refused with a Chinese reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from smartcourt.cases.models import Case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import Forbidden
from smartcourt.courts.roles import Role
from smartcourt.dossier.models import DossierDocument
from smartcourt.filing import services as filing_services
from smartcourt.filing.models import Evidence
from smartcourt.filing.tests.online.helpers import submitted
from smartcourt.mediation import selectors, services
from smartcourt.mediation.models import (
    Confirmation,
    DisputeState,
    FunnelDay,
    Message,
    Signature,
)
from smartcourt.mediation.services import MediationInputError, MediationStateError
from smartcourt.service.models import ServiceTask

from .factories import mediation_world, parties

pytestmark = pytest.mark.django_db


def _open(m, **kw):  # type: ignore[no-untyped-def]
    args = {
        "court": m.w.court, "area": m.village, "source": "body", "cause_name": "民间借贷纠纷",
        "parties": parties(m), "actor": m.mediator_user, "amount": "50000",
    } | kw  # fmt: skip
    return services.dispute_open(**args)


# --- routing ---------------------------------------------------------------------------------------------------------


def test_routing_by_place_cause_amount_and_choice_is_explained() -> None:
    m = mediation_world()
    d = _open(m)
    assert d.body == m.village_body and d.mediator == m.village_mediator
    assert any("纠纷发生地" in r and "人民调解法" in r for r in d.routing)
    # above the village committee's ceiling: the county committee, passed over with its reason
    big = _open(m, amount="500000")
    assert big.body == m.county_body and big.mediator == m.county_mediator
    # a labour dispute goes to the labour body, whatever the place
    labour = _open(m, cause_name="劳动争议", award_reference="苏姑劳人仲案字〔2025〕第12号")
    assert labour.body == m.labour_body and labour.variant == "labour"
    assert "第12号" in labour.award_reference
    # the parties' choice wins when the body can take it (在线调解规则 Art. 10)
    chosen = _open(m, chosen_body=m.court_centre)
    assert chosen.body == m.court_centre and "当事人选择" in chosen.routing[0] and "第十条" in chosen.routing[0]
    # a choice the body cannot take is explained and the court designates
    refused = _open(m, chosen_body=m.labour_body)
    assert refused.body == m.village_body and "不能受理" in refused.routing[0]


def test_mediator_with_fewest_disputes_in_hand_is_chosen() -> None:
    m = mediation_world()
    from smartcourt.mediation.models import Mediator

    second = Mediator.objects.create(body=m.village_body, name="钱调解")
    first = _open(m)
    assert first.mediator == m.village_mediator  # both at 0: the older record
    assert _open(m).mediator == second  # now 1 against 0
    assert any("在办最少者优先" in r for r in first.routing)


def test_a_labour_dispute_from_a_filing_needs_the_arbitration_award() -> None:
    m = mediation_world()
    with pytest.raises(MediationInputError) as exc:
        _open(m, source="filing", cause_name="劳动合同纠纷")
    assert "劳动争议调解仲裁法" in str(exc.value.message)


# --- the 30-day rule ---------------------------------------------------------------------------------------------


def test_pre_filing_deadline_is_30_days_and_moves_off_the_national_day_holiday() -> None:
    m = mediation_world()
    d = _open(m, today=date(2025, 9, 5))  # + 30 days = 2025-10-05, inside the 10-01..10-08 holiday
    assert d.due_on == date(2025, 10, 9)
    plain = _open(m, today=date(2025, 3, 3))
    assert plain.due_on == date(2025, 4, 2)
    assert "人民法院在线调解规则》第二十四条" in d.events.get().summary


def test_extension_needs_every_party_and_moves_the_deadline() -> None:
    m = mediation_world()
    d = _open(m)
    with pytest.raises(MediationInputError):
        services.dispute_extend(dispute=d, actor=m.mediator_user, days=15, all_parties_agree=False)
    old = d.due_on
    d = services.dispute_extend(dispute=d, actor=m.mediator_user, days=15, all_parties_agree=True)
    assert d.due_on == old + timedelta(days=15) and d.extended


def test_an_expired_dispute_is_never_pending_and_the_sweep_files_it() -> None:
    m = mediation_world()
    with time_machine.travel(date(2025, 3, 3), tick=False):
        d = _open(m, today=date(2025, 3, 3))
    with time_machine.travel(date(2025, 4, 10), tick=False):
        # the read path first, before any sweep: not pending, listed as expired, no more messages
        assert not selectors.disputes_list(user=m.mediator_user, state="mediating").exists()
        assert list(selectors.disputes_list(user=m.mediator_user, state="expired")) == [d]
        assert selectors.display_state(d) == "调解期限届满"
        with pytest.raises(MediationStateError):
            services.message_post(dispute=d, actor=m.mediator_user, body="还在吗")
        assert services.disputes_expire() == 1
    d.refresh_from_db()
    assert d.state == DisputeState.FILED and d.filed_case is not None
    assert d.filed_case.number.startswith("（2025）苏0508民初")
    assert {p.person.name for p in d.filed_case.parties.all()} == {"刘小红", "王大明"}
    assert services.disputes_expire(today=date(2025, 4, 11)) == 0


# --- from the filing wizard, and back to a case with every material --------------------------------------------


def test_a_filing_on_the_mediation_track_opens_a_dispute_and_a_failure_carries_every_material_over(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    m = mediation_world()
    filing = submitted(m.w)
    with django_capture_on_commit_callbacks(execute=True):
        pre_case = filing_services.filing_accept(
            filing=filing, actor=m.w.officer, track="mediation", override_reason="当事人同意诉前调解"
        )
    assert "诉前调" in pre_case.number
    d = services.dispute_from_filing(filing_id=filing.pk, case_id=pre_case.pk, actor_id=m.w.officer.pk)
    assert d is not None and d.number == pre_case.number and d.source == "filing"
    assert services.dispute_from_filing(filing_id=filing.pk, case_id=pre_case.pk) == d  # idempotent
    assert d.amount == Decimal("50000.00") and "借款" in d.summary
    assert {(p.side, p.name) for p in d.parties.all()} == {("applicant", "刘小红"), ("respondent", "王大明")}
    assert d.parties.get(side="applicant").user == m.w.party
    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_fail(dispute=d, actor=m.w.officer, reason="被申请人拒绝调解")
    d.refresh_from_db()
    case = d.filed_case
    assert d.state == DisputeState.FILED and case.origin_id == pre_case.pk and case.cause == m.w.cause
    assert case.claim_amount == Decimal("50000.00")
    # the complaint and every evidence file, the same bytes (same hashes) as filed — nothing uploaded twice
    docs = DossierDocument.objects.filter(case=case)
    assert docs.filter(title="民事起诉状").exists()
    wanted = set(Evidence.objects.filter(filing=filing).values_list("title", flat=True))
    assert wanted and wanted <= set(docs.values_list("title", flat=True))
    assert services.case_filed_intake(dispute_id=d.pk, case_id=case.pk) == 1 + len(wanted)  # idempotent
    assert DossierDocument.objects.filter(case=case).count() == docs.count()
    assert case.events.filter(type="mediation.filed").exists()


# --- the room and judicial confirmation -----------------------------------------------------------------------------


def _settle(m, d):  # type: ignore[no-untyped-def]
    services.message_post(dispute=d, actor=m.mediator_user, body="请双方提出方案。")
    first = services.offer_make(
        dispute=d, actor=m.w.party, amount="50000", first_due_on=timezone.localdate() + timedelta(days=10)
    )
    counter = services.offer_make(
        dispute=d, actor=m.respondent_user, amount="42000", instalments=6,
        first_due_on=timezone.localdate() + timedelta(days=30), replies_to=first,
    )  # fmt: skip
    first.refresh_from_db()
    assert first.state == "superseded"
    with pytest.raises(MediationInputError):
        services.offer_accept(offer=counter, actor=m.respondent_user)  # one's own offer
    return services.offer_accept(offer=counter, actor=m.w.party)


def test_room_offers_signatures_and_judicial_confirmation_end_to_end() -> None:
    m = mediation_world()
    d = _open(m)
    agreement = _settle(m, d)
    assert agreement.amount == Decimal("42000.00") and agreement.instalments == 6
    assert "分6期" in agreement.terms[0] and len(agreement.pdf_sha256) == 64
    pdf = services.agreement_pdf(agreement)
    assert pdf.startswith(b"%PDF") and pdf == services.agreement_pdf(agreement)  # the stored bytes, read again
    # an unsigned agreement cannot be confirmed
    with pytest.raises(MediationStateError) as exc:
        services.confirmation_apply(agreement=agreement, actor=m.w.party)
    assert "尚未经各方当事人签署" in str(exc.value.message)
    with pytest.raises(MediationInputError):
        services.agreement_sign(agreement=agreement, actor=m.w.party, name="刘小")
    services.agreement_sign(agreement=agreement, actor=m.w.party, name="刘小红")
    with pytest.raises(MediationStateError):
        services.confirmation_apply(agreement=agreement, actor=m.w.party)
    with pytest.raises(Forbidden):
        services.agreement_sign(agreement=agreement, actor=m.mediator_user, name="周调解")
    services.agreement_sign(agreement=agreement, actor=m.respondent_user, name="王大明")
    d.refresh_from_db()
    agreement.refresh_from_db()
    assert d.state == DisputeState.SETTLED and agreement.signed
    assert Signature.objects.filter(agreement=agreement, sha256=agreement.pdf_sha256).count() == 2
    confirmation = services.confirmation_apply(agreement=agreement, actor=m.w.party)
    assert "民特" in confirmation.case.number and confirmation.judge == m.w.judge
    assert confirmation.review_due_on == confirmation.applied_on + timedelta(days=15)
    assert selectors.confirmed_title(dispute_id=d.pk) is None
    with pytest.raises(Forbidden):
        services.confirmation_decide(confirmation=confirmation, actor=m.w.officer, confirm=True)
    services.confirmation_decide(confirmation=confirmation, actor=m.w.judge, confirm=True)
    confirmation.refresh_from_db()
    assert confirmation.state == "confirmed" and len(confirmation.ruling_sha256) == 64
    # the ruling ends the 民特 case, recorded as the decision's one event
    from smartcourt.cases.models import Case, CaseEvent

    closed = Case.objects.get(pk=confirmation.case_id)
    assert closed.state == "closed" and closed.closing_method == "ruling" and closed.closed_on is not None
    decided = CaseEvent.objects.filter(case_id=closed.pk, type="mediation.confirmation_decided")
    assert decided.count() == 1 and "本案结案" in decided.get().summary
    # the papers are on the documents path: the agreement stored as rendered from the court's template (its hash is
    # what was signed), the ruling a document of the 民特 case, sealed by the documents app and served
    import hashlib

    from smartcourt.documents.models import DocumentTemplate
    from smartcourt.documents.selectors import verify_pdf

    assert hashlib.sha256(pdf).hexdigest() == agreement.pdf_sha256
    assert DocumentTemplate.objects.filter(kind="mediation_agreement").exists()
    ruling = confirmation.ruling
    assert ruling is not None and ruling.case_id == confirmation.case_id
    assert ruling.kind == "ruling_mediation_confirmation" and ruling.state == "served"
    assert ruling.signed_sha256 == confirmation.ruling_sha256
    sealed = services.ruling_pdf(confirmation)
    assert verify_pdf(sealed).signature.ok  # the court's PAdES seal (the ledger anchor is the documents app's)
    tasks = ServiceTask.objects.filter(case=confirmation.case)
    assert tasks.count() == 2 and {t.document_type for t in tasks} == {"ruling"}
    title = selectors.confirmed_title(dispute_id=d.pk)
    assert title is not None and title.ruling_reference == confirmation.case.number
    assert title.amount == Decimal("42000.00") and {p.side for p in title.parties} == {"applicant", "respondent"}
    # the confirmed agreement is an enforcement title: the ruling's case stands for it, nothing typed twice
    from smartcourt.enforcement.services import enforcement_apply_from_title
    from smartcourt.enforcement.titles import title_from_case

    etitle = title_from_case(case=confirmation.case)
    assert etitle.kind == "confirmed_agreement" and etitle.amount == Decimal("42000.00")
    assert {p.name for p in etitle.parties if p.side == "debtor"} == {"王大明"}
    enforcement = enforcement_apply_from_title(title=etitle, court=m.w.court, actor=SYSTEM)
    assert "执" in enforcement.case.number and enforcement.case.claim_amount == Decimal("42000.00")
    # the funnel counts it
    totals = FunnelDay.objects.filter(area=m.village)
    assert sum(r.entered for r in totals) == 1 and sum(r.settled for r in totals) == 1
    assert sum(r.confirmed for r in totals) == 1
    f = selectors.funnel(user=m.w.judge)
    assert f["total"]["entered"] == 1 and f["total"]["confirmed"] == 1 and f["rows"][0].label == "姑苏区"
    drill = selectors.funnel(user=m.w.judge, parent=m.county)
    assert [r.label for r in drill["rows"]] == ["双塔街道"] and drill["rows"][0].settled == 1
    # the rebuild from the disputes gives the same figures
    services.funnel_rebuild()
    assert selectors.funnel(user=m.w.judge)["total"] == f["total"]


def test_confirmation_is_refused_after_the_window_and_for_a_status_agreement() -> None:
    m = mediation_world()
    d = _open(m)
    agreement = _settle(m, d)
    services.agreement_sign(agreement=agreement, actor=m.w.party, name="刘小红")
    services.agreement_sign(agreement=agreement, actor=m.respondent_user, name="王大明")
    late = timezone.localdate() + timedelta(days=60)
    with pytest.raises(MediationInputError) as exc:
        services.confirmation_apply(agreement=agreement, actor=m.w.party, today=late)
    assert exc.value.code == "mediation.confirmation_late" and "第二百零五条" in str(exc.value.message)
    assert not Confirmation.objects.exists() and not Case.objects.filter(number__contains="民特").exists()
    family = _open(m, cause_name="离婚后财产纠纷")
    family.cooling_off_until = None
    family.save()
    agreement = _settle(m, family)
    services.agreement_sign(agreement=agreement, actor=m.w.party, name="刘小红")
    services.agreement_sign(agreement=agreement, actor=m.respondent_user, name="王大明")
    with pytest.raises(MediationInputError) as exc:
        services.confirmation_apply(agreement=agreement, actor=m.w.party)
    assert exc.value.code == "mediation.not_confirmable" and "身份关系" in str(exc.value.message)


def test_family_cooling_off_and_childrens_interests() -> None:
    m = mediation_world()
    d = _open(m, cause_name="抚养纠纷", children_involved=True)
    assert d.variant == "family" and d.cooling_off_until == timezone.localdate() + timedelta(days=30)
    with pytest.raises(MediationStateError) as exc:
        _settle(m, d)
    assert "冷静期" in str(exc.value.message)
    d.cooling_off_until = None
    d.save()
    agreement = services.offer_accept(offer=d.offers.get(state="open"), actor=m.w.party)
    assert any("最有利于未成年子女" in t and "民法典" in t for t in agreement.terms)


def test_a_mediator_cannot_act_on_or_see_a_dispute_not_assigned_to_them() -> None:
    m = mediation_world()
    d = _open(m, amount="500000")  # the county committee's
    assert d.mediator == m.county_mediator
    with pytest.raises(Forbidden) as exc:
        services.message_post(dispute=d, actor=m.mediator_user, body="你好")
    assert "调解员" in str(exc.value.message)
    assert not Message.objects.exists()
    assert not selectors.disputes_visible(user=m.mediator_user).filter(pk=d.pk).exists()
    assert selectors.disputes_visible(user=m.county_mediator.user).filter(pk=d.pk).exists()
    assert selectors.disputes_visible(user=m.w.judge).filter(pk=d.pk).exists()  # the guiding judge


def test_a_judge_refers_a_running_case_to_mediation() -> None:
    m = mediation_world()
    filing = submitted(m.w)
    case = filing_services.filing_accept(filing=filing, actor=m.w.officer, track=filing.triage_suggested)
    with pytest.raises(Forbidden):
        services.dispute_refer(case=case, actor=m.mediator_user, area=m.village)
    d = services.dispute_refer(case=case, actor=case.judge, area=m.village)
    assert d.source == "referral" and d.referral_case == case and d.parties.count() == 2
    assert case.events.filter(type="mediation.referred").exists()
    services.dispute_fail(dispute=d, actor=m.mediator_user, reason="未能达成一致")
    d.refresh_from_db()
    assert d.state == DisputeState.FAILED and d.filed_case is None  # the case itself goes on


def test_the_video_session_is_the_hearings_room_with_the_mediator_running_it(client) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.courts.tests.factories import user_with_role
    from smartcourt.hearings.room.models import RoomParticipant
    from smartcourt.mediation.video import VideoUnavailable, mediation_video_room

    m = mediation_world()
    d = _open(m)
    url = mediation_video_room(dispute=d, actor=m.mediator_user)
    assert mediation_video_room(dispute=d, actor=m.w.party) == url  # one room per dispute
    d.refresh_from_db()
    people = {p.user_id: p for p in RoomParticipant.objects.filter(room=d.video_room)}
    assert people[m.mediator_user.pk].moderator and people[m.w.judge.pk].staff
    assert {m.w.party.pk, m.respondent_user.pk} <= set(people) and not people[m.w.party.pk].moderator
    client.force_login(user_with_role(Role.PARTY, m.w.court, full_name="局外人"))
    assert client.get(url).status_code == 403  # a stranger guessing the room is refused
    closed = _open(m, cause_name="买卖合同纠纷")
    services.dispute_fail(dispute=closed, actor=m.mediator_user, reason="未能达成一致")
    with pytest.raises(VideoUnavailable):
        mediation_video_room(dispute=closed, actor=m.mediator_user)  # a dispute no longer in mediation: no room

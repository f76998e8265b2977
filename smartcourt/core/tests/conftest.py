"""One stored row of every append-only table, each written by the real service that writes it in production."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
import time_machine

from smartcourt.cases.models import CaseEvent
from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditLog
from smartcourt.dossier.custody import services as custody
from smartcourt.dossier.custody.models import CustodyEvent
from smartcourt.enforcement.models import FundLeg, FundMovement, InquiryResult
from smartcourt.enforcement.services_control import inquiry_answer, inquiry_batch_start
from smartcourt.enforcement.services_funds import fund_receive
from smartcourt.enforcement.tests.factories import build_world as enforcement_world
from smartcourt.enforcement.tests.factories import filed
from smartcourt.filing.models import FilingEvent
from smartcourt.filing.services import filing_draft_create
from smartcourt.hearings.models import (
    AsyncConsent,
    AsyncOpinion,
    AsyncStatement,
    HearingChange,
    TranscriptSignature,
    TranscriptVersion,
)
from smartcourt.hearings.services import hearing_schedule
from smartcourt.hearings.services_async import OpinionIn, async_opinion_submit, async_round_open
from smartcourt.hearings.services_transcript import transcript_save, transcript_sign, transcript_submit_for_review
from smartcourt.hearings.tests.factories import async_items, at, booking, build_async_world, build_world
from smartcourt.mediation import services as mediation
from smartcourt.mediation.models import Area, DisputeEvent, Message
from smartcourt.service import services as service
from smartcourt.service.models import ServiceEvent
from smartcourt.service.tests.helpers import PDF, world


@pytest.fixture
def logs(db):  # type: ignore[no-untyped-def]
    """A case (registered: case event + audit row), a service task (service event), a paper bundle (custody
    event), a filing draft (filing event), a scheduled hearing (hearing change), a dispute in mediation (its event
    and a message) and an enforcement case with a receipt (fund movement and legs) and a holder's answer (inquiry
    result), with the people who wrote them."""
    w = world()
    cells = custody.locker_create(court=w.court, unit="A01", cells=2, site="诉讼服务中心一楼", actor=SYSTEM)
    service.service_task_create(
        case=w.case, recipient=w.defendant, document=PDF, document_type="summons", title="传票", actor=w.clerk
    )
    bundle = custody.paper_file_register(case=w.case, kind="originals", title="证据原件", actor=w.clerk, pages=3)
    filing = filing_draft_create(filer=w.party_user)
    with time_machine.travel(datetime(2025, 11, 3, 9, tzinfo=UTC), tick=False):
        hw = build_world()
        day = date(2025, 11, 10)
        hearing = hearing_schedule(
            case=hw.cases["a"], data=booking(hw.a, at(day, 9), at(day, 11)), actor=hw.a.judge
        ).hearing
        # asynchronous cross-examination (consents, an opinion) and the transcript (a version, a signature)
        aw = build_async_world(world=hw, procedure="simple")
        rnd = async_round_open(case=aw.case, items=async_items(aw), days=7, actor=hw.a.judge)
        item = rnd.items.get(number=1)
        async_opinion_submit(round=rnd, item_id=item.pk, party_id=aw.defendant.pk, actor=aw.lawyer_d,
                             opinion=OpinionIn("accept", "accept", "accept"))  # fmt: skip
        transcript_save(hearing=hearing, base_revision=0, entries=[{"speaker": "审判长", "text": "开庭"}],
                        actor=hw.a.clerk)  # fmt: skip
        t = transcript_submit_for_review(hearing=hearing, actor=hw.a.clerk)
        transcript_sign(hearing=hearing, participant=hearing.participants.get(user=hw.lawyer), revision=t.revision,
                        actor=hw.lawyer)  # fmt: skip
        # a non-synchronous trial's statement (非同步审理)
        from smartcourt.hearings.services_async import (
            async_consent_record,
            async_round_close,
            async_statement_submit,
            async_trial_step_open,
        )

        async_round_close(round=rnd, actor=hw.a.judge)  # nothing disputed: Art. 21(3) holds
        for party, lawyer in ((aw.plaintiff, aw.lawyer_p), (aw.defendant, aw.lawyer_d)):
            async_consent_record(case=aw.case, party_id=party.pk, kind="trial", consented=True, actor=lawyer)
        trial = async_round_open(case=aw.case, items=[], days=7, actor=hw.a.judge, kind="trial")
        step = async_trial_step_open(round=trial, step="statement", days=5, actor=hw.a.judge)
        async_statement_submit(step=step, party_id=aw.plaintiff.pk, text="原告陈述", actor=aw.lawyer_p)
    area = Area.objects.create(court=w.court, level="county", code="LOG01", name="测试县", residents=1000)
    dispute = mediation.dispute_open(
        court=w.court, area=area, source="body", cause_name="民间借贷纠纷", actor=w.clerk,
        parties=[mediation.PartyData(side="applicant", name="甲"), mediation.PartyData(side="respondent", name="乙")],
    )  # fmt: skip
    mediation.message_post(dispute=dispute, actor=SYSTEM, body="调解留言")
    from smartcourt.hearings.room.models import RoomEvent
    from smartcourt.hearings.room.services import room_for_hearing

    room = room_for_hearing(hearing)
    from smartcourt.documents.models import Document, DraftVersion

    draft = Document.objects.create(case=w.case, kind="judgment_civil", title="判决书", body="初稿")
    DraftVersion.objects.create(document=draft, number=1, body="初稿")
    ew = enforcement_world()
    enforcement = filed(ew)
    fund_receive(account=enforcement.case.account, amount="100", actor=ew.officer, reference="B1")
    batch = inquiry_batch_start(file=enforcement, actor=ew.officer)
    debtor = enforcement.case.parties.get(role="judgment_debtor")
    inquiry_answer(batch_id=batch.pk, party_id=debtor.pk, holder_kind="bank")
    rows = {
        "core.auditlog": AuditLog.objects.filter(target_id=str(w.case.pk)).first(),
        "cases.caseevent": CaseEvent.objects.filter(case=w.case).first(),
        "service.serviceevent": ServiceEvent.objects.filter(case=w.case).first(),
        "dossier_custody.custodyevent": CustodyEvent.objects.filter(bundle=bundle).first(),
        "filing.filingevent": FilingEvent.objects.filter(filing=filing).first(),
        "hearings.hearingchange": HearingChange.objects.filter(hearing=hearing).first(),
        "mediation.disputeevent": DisputeEvent.objects.filter(dispute=dispute).first(),
        "mediation.message": Message.objects.filter(dispute=dispute).first(),
        "hearing_room.roomevent": RoomEvent.objects.filter(room=room).first(),
        "hearings.asyncconsent": AsyncConsent.objects.first(),
        "hearings.asyncopinion": AsyncOpinion.objects.first(),
        "hearings.asyncstatement": AsyncStatement.objects.first(),
        "hearings.transcriptversion": TranscriptVersion.objects.first(),
        "hearings.transcriptsignature": TranscriptSignature.objects.first(),
        "documents.draftversion": DraftVersion.objects.filter(document=draft).first(),
        "enforcement.fundmovement": FundMovement.objects.filter(account__case=enforcement.case).first(),
        "enforcement.fundleg": FundLeg.objects.filter(movement__account__case=enforcement.case).first(),
        "enforcement.inquiryresult": InquiryResult.objects.filter(batch=batch).first(),
    }
    assert all(rows.values()), rows
    return SimpleNamespace(world=w, cells=cells, bundle=bundle, filing=filing, rows=rows)

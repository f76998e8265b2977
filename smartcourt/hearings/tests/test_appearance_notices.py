"""Appearance notices (出庭通知书, issue 16): at scheduling, the lawyer's is served through the service app (a
service task on the party it represents), a witness without an account is told by SMS through the outbox and its
paper waits for the post, an interpreter with no contact waits with a Chinese note; each paper is generated on the
documents path (kind appearance_notice) and names its article; rescheduling voids them and plans new ones."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from django.test import Client, TestCase, override_settings
from pypdf import PdfReader

from smartcourt.core.intake.store import blob_read
from smartcourt.core.outbox.models import OutboundMessage
from smartcourt.courts.tests.factories import login_verified
from smartcourt.documents import render
from smartcourt.hearings.models import AppearanceNotice
from smartcourt.hearings.services import ParticipantIn, hearing_reschedule, hearing_schedule

from .factories import SHANGHAI, at, booking, build_world

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI)
DAY = date(2025, 11, 10)
EXTRA = (
    ParticipantIn(kind="witness", name="王证人", phone="13800000001", address="苏州市姑苏区人民路1号"),
    ParticipantIn(kind="interpreter", name="李翻译", language="英语"),
)


def _text(notice: AppearanceNotice) -> str:
    assert notice.document is not None
    return "".join(p.extract_text() for p in PdfReader(BytesIO(blob_read(notice.document.pdf_storage_name))).pages)


@pytest.mark.skipif(render.soffice_path() is None, reason="LibreOffice not installed")
@time_machine.travel(NOW, tick=False)
def test_notices_are_issued_at_scheduling_by_service_sms_and_post() -> None:
    world = build_world()
    with override_settings(HEARING_APPEARANCE_NOTICES_AUTO=True), TestCase.captureOnCommitCallbacks(execute=True):
        hearing = hearing_schedule(
            case=world.cases["a"], data=booking(world.a, at(DAY, 9), at(DAY, 11), extra_participants=EXTRA),
            actor=world.a.judge,
        ).hearing  # fmt: skip
    notices = {n.participant.kind: n for n in AppearanceNotice.objects.select_related("participant", "document")}
    assert set(notices) == {"lawyer", "witness", "interpreter"}  # parties get a 传票, not a notice
    lawyer = notices["lawyer"]
    assert lawyer.state == "service" and lawyer.service_task is not None
    assert lawyer.service_task.document_type == "notice" and lawyer.service_task.party_id is not None
    assert lawyer.document.kind == "appearance_notice" and lawyer.document.case_id == hearing.case_id
    witness = notices["witness"]
    assert witness.state == "sms" and "待邮寄" in witness.note
    sms = OutboundMessage.objects.get(pk=witness.sms_message_id)
    assert sms.channel == "sms" and sms.to == "13800000001" and hearing.case.number in sms.body and "证人" in sms.body
    text = _text(witness)
    assert "出庭通知书" in text and "王证人" in text and "第七十五条" in text and "第一百三十九条" in text
    interpreter = notices["interpreter"]
    assert interpreter.state == "no_contact" and "缺少手机号码和邮寄地址" in interpreter.note
    # rescheduling voids them (the service task is cancelled) and plans new ones for the new date
    with TestCase.captureOnCommitCallbacks(execute=True):
        hearing_reschedule(
            hearing=hearing, actor=world.a.judge, starts_at=at(date(2025, 11, 11), 9), ends_at=at(date(2025, 11, 11), 11),
            room_id=world.a.room.pk, note="法庭调整",
        )  # fmt: skip
    lawyer.refresh_from_db()
    assert lawyer.state == "cancelled" and lawyer.service_task.state == "cancelled"
    assert AppearanceNotice.objects.filter(hearing=hearing, state="pending").count() == 3  # dispatch off in tests


@time_machine.travel(NOW, tick=False)
def test_pending_notices_on_the_page_and_bad_input() -> None:
    world = build_world()
    hearing = hearing_schedule(
        case=world.cases["a"], data=booking(world.a, at(DAY, 9), at(DAY, 11), extra_participants=EXTRA[:1]),
        actor=world.a.judge,
    ).hearing  # fmt: skip
    assert AppearanceNotice.objects.filter(hearing=hearing, state="pending").count() == 2
    clerk = Client()
    login_verified(clerk, world.a.clerk)
    page = clerk.get(f"/hearings/{hearing.pk}/").content.decode()
    assert 'data-testid="appearance-dispatch"' in page and "第一百三十九条" in page and "待发出" in page
    lawyer = Client()
    login_verified(lawyer, world.lawyer)
    body = lawyer.get(f"/hearings/{hearing.pk}/").content.decode()
    assert "appearance-dispatch" not in body and "13800000001" not in body
    assert lawyer.post(f"/hearings/{hearing.pk}/appearance-notices/").status_code in (403, 404)
    notice = AppearanceNotice.objects.filter(hearing=hearing, participant__kind="witness").get()
    refused = clerk.post(f"/hearings/{hearing.pk}/appearance-notices/{notice.pk}/posted/", follow=True)
    assert refused.status_code == 200 and "不能登记邮寄" in " ".join(str(m) for m in refused.context["messages"])
    from smartcourt.hearings.services import HearingInputError

    with pytest.raises(HearingInputError, match="手机号码格式不正确"):
        hearing_schedule(
            case=world.cases["a"], actor=world.a.judge,
            data=booking(world.a, at(DAY, 14), at(DAY, 16), extra_participants=(
                ParticipantIn(kind="witness", name="赵证人", phone="电话"),)),
        )  # fmt: skip

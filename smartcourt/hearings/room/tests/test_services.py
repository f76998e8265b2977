"""The room's service API: opening (for a hearing, and for a mediation with no case), who may enter, the checks
before joining in order, the moderator's controls, and the recording (hash per chunk, assembly, ledger, dossier)."""

from __future__ import annotations

import hashlib

import pytest

from smartcourt.cases.models import CaseEvent
from smartcourt.core.errors import ApplicationError
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import user_with_role
from smartcourt.dossier.models import DossierDocument
from smartcourt.ledger import services as ledger_services
from smartcourt.ledger.selectors import ledger_record_for_subject

from .. import services as S
from ..models import ParticipantState, Recording, RecordingChunk, RoomEvent, RoomPurpose
from .factories import online_hearing, ready_lawyer, real_name_verify

pytestmark = pytest.mark.django_db


def test_room_for_hearing_opens_once_from_the_hearing_people() -> None:
    rw = online_hearing()
    assert S.room_for_hearing(rw.hearing) == rw.room
    judge, clerk, lawyer = rw.participant(rw.judge), rw.participant(rw.clerk), rw.participant(rw.lawyer)
    assert judge.moderator and judge.state == ParticipantState.ADMITTED and judge.staff
    assert clerk.staff and not clerk.moderator
    assert lawyer.role_label == "律师" and lawyer.state == ParticipantState.WAITING and not lawyer.identity_confirmed
    assert S.room_url(rw.room) == f"/hearing-room/{rw.room.key}/"
    assert CaseEvent.objects.filter(case=rw.hearing.case, type="hearing.room_opened").count() == 1


def test_a_mediation_room_needs_no_case() -> None:
    rw = online_hearing()
    mediator = user_with_role(Role.JUDGE, rw.world.a.court, full_name="调解员")
    room = S.room_open(
        actor=mediator, court=rw.world.a.court, title="诉前调解", purpose=RoomPurpose.MEDIATION, moderator=mediator,
        participants=[S.ParticipantSpec(rw.lawyer, "申请人代理人")],
    )  # fmt: skip
    assert room.hearing is None and room.participants.count() == 2
    assert S.room_access(room=room, user=rw.lawyer).role_label == "申请人代理人"


def test_a_participant_of_another_case_guessing_the_room_is_refused() -> None:
    rw = online_hearing()
    stranger = user_with_role(Role.LAWYER, rw.world.b.court, full_name="外案律师")
    other_judge = rw.world.b.judge  # a judge of another court: no grant on this case
    for user in (stranger, other_judge):
        with pytest.raises(S.RoomForbidden) as exc:
            S.room_access(room=rw.room, user=user)
        assert "无权进入" in str(exc.value.message)
    with pytest.raises(ApplicationError):
        S.room_get(key="00000000-0000-0000-0000-000000000000")


def test_joining_is_refused_until_identity_notice_and_admission() -> None:
    rw = online_hearing()
    p = rw.participant(rw.lawyer)
    check = S.join_check(p)
    assert not check.allowed and "实名认证" in check.reason and "第七条" in str(check.citation)
    real_name_verify(rw.lawyer)
    check = S.join_check(rw.participant(rw.lawyer))
    assert "书记员尚未核验" in check.reason
    with pytest.raises(S.RoomStateError):  # the judge cannot admit someone whose identity is unchecked
        S.room_control(participant=rw.participant(rw.lawyer), actor=rw.judge, action="admit")
    with pytest.raises(S.RoomForbidden):  # a lawyer cannot confirm identities
        S.room_identity_confirm(participant=rw.participant(rw.lawyer), actor=rw.lawyer, method="face")
    S.room_identity_confirm(participant=rw.participant(rw.lawyer), actor=rw.clerk, method="face")
    assert "法庭纪律" in S.join_check(rw.participant(rw.lawyer)).reason
    S.room_notice_accept(participant=rw.participant(rw.lawyer), actor=rw.lawyer)
    check = S.join_check(rw.participant(rw.lawyer))
    assert check.waiting and not check.allowed and "等候" in check.reason
    S.room_control(participant=rw.participant(rw.lawyer), actor=rw.judge, action="admit")
    assert S.join_check(rw.participant(rw.lawyer)).allowed
    kinds = list(RoomEvent.objects.filter(room=rw.room).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["opened", "identity_confirmed", "notice_accepted", "admitted"]


def test_only_a_moderator_controls_and_every_order_is_recorded() -> None:
    rw = online_hearing()
    ready_lawyer(rw)
    with pytest.raises(S.RoomForbidden):
        S.room_control(participant=rw.participant(rw.judge), actor=rw.lawyer, action="mute")
    for action in ("admit", "mute", "audio_only", "unmute", "video"):
        S.room_control(participant=rw.participant(rw.lawyer), actor=rw.judge, action=action)
    p = rw.participant(rw.lawyer)
    assert not p.muted and not p.audio_only
    S.room_control(participant=p, actor=rw.judge, action="remove")
    p = rw.participant(rw.lawyer)
    assert p.state == ParticipantState.REMOVED
    assert "移出" in S.join_check(p).reason
    with pytest.raises(S.RoomInputError):
        S.room_control(participant=p, actor=rw.judge, action="explode")
    assert RoomEvent.objects.filter(room=rw.room, kind__in=["muted", "audio_only", "removed"]).count() == 3
    assert CaseEvent.objects.filter(case=rw.hearing.case, type="hearing.room_controlled").count() == 6


def _chunk(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_recording_chunks_are_checked_assembled_anchored_and_filed() -> None:
    rw = online_hearing()
    with pytest.raises(S.RoomForbidden):
        S.recording_start(room=rw.room, actor=rw.lawyer)
    rec = S.recording_start(room=rw.room, actor=rw.judge)
    parts = [b"\x1a\x45\xdf\xa3 header and first cluster", b"second cluster", b"third"]
    with pytest.raises(S.RoomInputError) as exc:  # bytes that do not match their declared hash
        S.recording_chunk_add(recording=rec, seq=0, content=parts[0], declared_sha256=_chunk(b"other"), actor=rw.judge)
    assert "SHA-256 不一致" in str(exc.value.message)
    assert not RecordingChunk.objects.exists()
    S.recording_chunk_add(recording=rec, seq=0, content=parts[0], declared_sha256=_chunk(parts[0]), actor=rw.judge)
    S.recording_chunk_add(recording=rec, seq=0, content=parts[0], declared_sha256=_chunk(parts[0]), actor=rw.judge)
    S.recording_chunk_add(recording=rec, seq=2, content=parts[2], declared_sha256=_chunk(parts[2]), actor=rw.judge)
    with pytest.raises(S.RoomStateError) as gap:
        S.recording_finish(recording=rec, actor=rw.judge)
    assert "缺少第 1 段" in str(gap.value.message)
    S.recording_chunk_add(recording=rec, seq=1, content=parts[1], declared_sha256=_chunk(parts[1]), actor=rw.judge)
    rec = S.recording_finish(recording=rec, actor=rw.judge)
    whole = b"".join(parts)
    assert rec.sha256 == hashlib.sha256(whole).hexdigest() and rec.size == len(whole)
    document = DossierDocument.objects.get(pk=rec.dossier_document_id)
    assert document.case_id == rw.hearing.case_id and document.category == "hearing_record"
    ledger_services.ledger_flush()
    record = ledger_record_for_subject(subject=rec.ledger_subject)
    assert record is not None and record.sha256 == rec.sha256 and record.kind == "hearing.recording"
    with pytest.raises(S.RoomStateError):
        S.recording_chunk_add(recording=rec, seq=3, content=b"late", declared_sha256=_chunk(b"late"), actor=rw.judge)
    assert Recording.objects.get(pk=rec.pk).state == "filed"

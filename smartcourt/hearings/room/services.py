"""Writes of the online hearing room (ADR 0031): open a room (for a hearing, or for a mediation session with no
case), accept the discipline notice, confirm identity (the clerk), admit / mute / switch to audio only / remove
(the moderator), and record (chunks checked against their declared SHA-256, assembled, anchored, filed).

Public API other apps call (the mediation app too): `room_open`, `room_for_hearing`, `room_url`, `room_access`.
Each write is one transaction with its RoomEvent row, one audit row and — for a hearing's room — one case timeline
event; signalling messages to the browsers go out after the commit (a refusal sends nothing).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden, NotFound
from smartcourt.core.intake.store import blob_read, blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts
from smartcourt.courts.selectors import SYSTEM
from smartcourt.filing.hooks import identity_verified

from . import signals_out
from .models import (
    IdentityMethod,
    ParticipantState,
    Recording,
    RecordingChunk,
    RecordingState,
    Room,
    RoomEvent,
    RoomEventKind,
    RoomParticipant,
    RoomPurpose,
    RoomState,
)
from .rules import discipline as D

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, User
    from smartcourt.hearings.models import Hearing

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
CHUNK_MAX_BYTES = 8 * 1024 * 1024
MAX_CHUNKS = 20_000


class RoomInputError(ApplicationError):
    code = "hearing_room.invalid"


class RoomForbidden(Forbidden):
    code = "hearing_room.forbidden"


class RoomStateError(Conflict):
    code = "hearing_room.state"


@dataclass(frozen=True)
class ParticipantSpec:
    """Who may enter a room being opened: an account, how they are called there, and whether they run it."""

    user: User
    role_label: str
    moderator: bool = False
    staff: bool = False


# --- opening --------------------------------------------------------------------------------------------------------


def _event(room: Room, kind: str, actor: Actor, participant: RoomParticipant | None = None, note: str = "") -> None:
    RoomEvent.objects.create(
        room=room,
        participant=participant,
        kind=kind,
        actor=actor_user(actor),
        occurred_at=timezone.now(),
        note=note[:300],
    )


def _timeline(room: Room, type_: CaseEventType, actor: Actor, summary: str, new: dict[str, Any] | None = None) -> None:
    if room.hearing_id is not None:
        case_event_append(case=room.hearing.case, type=type_, actor=actor, summary=summary, new=new or {})  # type: ignore[union-attr]


@transaction.atomic
def room_open(
    *,
    actor: Actor,
    court: Court,
    title: str,
    purpose: str,
    participants: Iterable[ParticipantSpec],
    moderator: User,
    hearing: Hearing | None = None,
) -> Room:
    """Open a video room. `moderator` is admitted from the start and runs the lobby; everyone in `participants`
    (the moderator may be among them) may enter once the checks pass. A mediation session passes no hearing."""
    title = (title or "").strip()
    if not title:
        raise RoomInputError("请填写庭审室名称。", extra={"field": "title"})
    if purpose not in RoomPurpose.values:
        raise RoomInputError(f"未知的庭审室用途“{purpose}”。", extra={"field": "purpose"})
    room = Room.objects.create(
        purpose=purpose, hearing=hearing, court=court, title=title[:200], opened_by=actor_user(actor)
    )
    specs = {moderator.pk: ParticipantSpec(user=moderator, role_label="主持人", moderator=True, staff=True)}
    for spec in participants:
        if spec.user.pk in specs:
            old = specs[spec.user.pk]
            spec = ParticipantSpec(spec.user, spec.role_label, old.moderator or spec.moderator, old.staff or spec.staff)
        specs[spec.user.pk] = spec
    now = timezone.now()
    RoomParticipant.objects.bulk_create(
        [
            RoomParticipant(
                room=room,
                user=s.user,
                role_label=s.role_label[:32],
                moderator=s.moderator,
                staff=s.staff,
                state=ParticipantState.ADMITTED if s.moderator or s.staff else ParticipantState.WAITING,
                identity_method=IdentityMethod.STAFF if s.staff else "",
                identity_confirmed_at=now if s.staff else None,
            )
            for s in specs.values()
        ]
    )
    _event(room, RoomEventKind.OPENED, actor, note=f"{len(specs)}人")
    _timeline(room, CaseEventType.HEARING_ROOM_OPENED, actor, f"开设在线庭审室“{room.title}”", {"room": str(room.key)})
    audit_record(actor=actor, action=AuditAction.HEARING_ROOM_OPEN, target=room, extra={"purpose": purpose})
    return room


def _hearing_specs(hearing: Hearing) -> tuple[User | None, list[ParticipantSpec]]:
    specs: list[ParticipantSpec] = []
    presiding: User | None = None
    for seat in hearing.bench.select_related("user").order_by("-presiding", "pk"):
        specs.append(ParticipantSpec(seat.user, "审判长" if seat.presiding else "审判员", moderator=True, staff=True))
        if seat.presiding or presiding is None:
            presiding = seat.user if seat.presiding or presiding is None else presiding
    if hearing.clerk_id is not None:
        specs.append(ParticipantSpec(hearing.clerk, "书记员", staff=True))  # type: ignore[arg-type]
    for p in hearing.participants.select_related("user").exclude(user=None).order_by("pk"):
        specs.append(ParticipantSpec(p.user, p.get_kind_display()))  # type: ignore[arg-type]
    return presiding, specs


def room_for_hearing(hearing: Hearing) -> Room:
    """The hearing's room, opened on the first call from its bench (moderators), clerk and participants with an
    account. Later calls return it (participants added to the hearing since are added as waiting)."""
    room = Room.objects.filter(hearing=hearing).first()
    if room is not None:
        return room
    presiding, specs = _hearing_specs(hearing)
    if presiding is None:
        raise RoomStateError("该庭审尚未确定审判人员，不能开设在线庭审室。")
    title = f"{hearing.case.number} {hearing.get_kind_display()}（第{hearing.sequence}次）"
    try:
        with transaction.atomic():
            return room_open(
                actor=SYSTEM,
                court=hearing.court,
                title=title,
                purpose=RoomPurpose.HEARING,
                participants=specs,
                moderator=presiding,
                hearing=hearing,
            )
    except IntegrityError:  # opened at the same moment by another request
        return Room.objects.get(hearing=hearing)


def room_url(room: Room) -> str:
    """The room's page, as a path on whichever side (internet / intranet) the user is on; see `room_url_absolute`."""
    from django.urls import reverse

    return reverse("hearing_room:room", kwargs={"key": room.key})


def room_url_absolute(room: Room, *, side: str = "public") -> str:
    """The room's page on the internet side (`HEARING_ROOM_PUBLIC_BASE`, for parties and lawyers) or the court
    intranet (`HEARING_ROOM_INTRANET_BASE`, for the judge and clerk)."""
    base = str(settings.HEARING_ROOM_INTRANET_BASE if side == "intranet" else settings.HEARING_ROOM_PUBLIC_BASE)
    return base.rstrip("/") + room_url(room)


# --- who may enter ---------------------------------------------------------------------------------------------------

FORBIDDEN_REASON = "您不是本庭审室的参加人，无权进入。如您是本案参加人，请通过案件页面或法院发送的链接进入。"


def staff_may_manage(*, room: Room, user: User) -> bool:
    """Court staff with the grant to run hearings (HEARING/CHANGE on the case, or court-wide for a room without one)."""
    if room.hearing_id is not None:
        return allows(user=user, resource=Resource.HEARING, action=Action.CHANGE, obj=room.hearing.case)  # type: ignore[union-attr]
    return room.court_id in grant_courts(user=user, resource=Resource.HEARING, action=Action.CHANGE)


def room_access(*, room: Room, user: User) -> RoomParticipant | None:
    """The user's participant row; None for court staff who may manage the room without sitting in it; anyone else
    is refused (RoomForbidden with the Chinese reason) — whether or not they guessed a real room's key."""
    participant = RoomParticipant.objects.filter(room=room, user=user).first()
    if participant is not None:
        return participant
    if getattr(user, "is_authenticated", False) and staff_may_manage(room=room, user=user):
        return None
    raise RoomForbidden(FORBIDDEN_REASON)


def room_get(*, key: str) -> Room:
    try:
        room = Room.objects.select_related("hearing", "hearing__case", "court").filter(key=key).first()
    except (ValueError, Exception) as exc:  # a malformed uuid
        if isinstance(exc, ApplicationError):
            raise
        room = None
    if room is None:
        raise NotFound("在线庭审室不存在。")
    return room


def join_check(participant: RoomParticipant) -> D.JoinCheck:
    return D.join_check(
        staff=participant.staff,
        removed=participant.state == ParticipantState.REMOVED,
        real_name_verified=participant.staff or identity_verified(participant.user),
        identity_confirmed=participant.identity_confirmed,
        notice_accepted=participant.notice_accepted_at is not None,
        admitted=participant.state == ParticipantState.ADMITTED,
        moderator=participant.moderator,
    )


def room_token(*, participant: RoomParticipant) -> dict[str, Any]:
    """The external media server's join configuration with this participant's token (a read: nothing is written).
    Refused, with the page's Chinese reason, unless every check passes — admitted by the judge in our lobby first."""
    from .backends import video_backend

    _open_require(participant.room)
    check = join_check(participant)
    if not check.allowed:
        reason = check.reason + (f"（{check.citation}）" if check.citation else "")
        raise RoomForbidden(reason or "尚未获准进入庭审。")
    backend = video_backend()
    if backend.name == "embedded":
        raise RoomStateError("本庭审室使用浏览器直连（WebRTC），无需媒体服务器令牌。")
    return backend.join_config(room=participant.room, participant=participant)


def _moderator_require(room: Room, actor: User) -> RoomParticipant | None:
    me = RoomParticipant.objects.filter(room=room, user=actor).first()
    if me is not None and me.moderator and me.state != ParticipantState.REMOVED:
        return me
    if staff_may_manage(room=room, user=actor):
        return me
    raise RoomForbidden("只有审判人员可以管理庭审室。")


def _open_require(room: Room) -> None:
    if room.state != RoomState.OPEN:
        raise RoomStateError("庭审室已结束。")


# --- before joining ----------------------------------------------------------------------------------------------------


@transaction.atomic
def room_notice_accept(*, participant: RoomParticipant, actor: User) -> RoomParticipant:
    if participant.user_id != actor.pk:
        raise RoomForbidden("只能由参加人本人确认法庭纪律。")
    participant = RoomParticipant.objects.select_for_update().get(pk=participant.pk)
    if participant.notice_accepted_at is None:
        participant.notice_accepted_at = timezone.now()
        participant.save(update_fields=["notice_accepted_at", "updated_at"])
        _event(participant.room, RoomEventKind.NOTICE_ACCEPTED, actor, participant, str(D.DISCIPLINE))
    return participant


@transaction.atomic
def room_identity_confirm(*, participant: RoomParticipant, actor: User, method: str, note: str = "") -> RoomParticipant:
    """The clerk (or a moderator) confirms the person before the session: ID document or face comparison."""
    room = participant.room
    _open_require(room)
    me = RoomParticipant.objects.filter(room=room, user=actor).first()
    if not ((me is not None and me.staff) or staff_may_manage(room=room, user=actor)):
        raise RoomForbidden("只有书记员或审判人员可以核验参加人身份。")
    if method not in (IdentityMethod.ID_CARD, IdentityMethod.FACE):
        raise RoomInputError("请选择核验方式：核验身份证件或人脸识别比对。", extra={"field": "method"})
    participant = RoomParticipant.objects.select_for_update().get(pk=participant.pk)
    if participant.staff:
        raise RoomInputError("法院工作人员无需核验。")
    if not identity_verified(participant.user):
        raise RoomInputError(f"该参加人的账户尚未完成实名认证，不能核验（{D.IDENTITY}）。")
    participant.identity_method = method
    participant.identity_confirmed_at = timezone.now()
    participant.identity_confirmed_by = actor
    participant.save(update_fields=["identity_method", "identity_confirmed_at", "identity_confirmed_by", "updated_at"])
    label = IdentityMethod(method).label
    _event(room, RoomEventKind.IDENTITY_CONFIRMED, actor, participant, f"{label} {note}".strip())
    _timeline(
        room,
        CaseEventType.HEARING_ROOM_IDENTITY_CONFIRMED,
        actor,
        f"核验{participant.role_label}{participant.user.full_name}的身份（{label}）",
        {"participant": participant.pk, "method": method},
    )
    audit_record(
        actor=actor, action=AuditAction.HEARING_ROOM_IDENTITY_CONFIRM, target=participant, extra={"method": method}
    )
    signals_out.after_commit_to_participant(room, participant, {"type": "identity", "confirmed": True})
    return participant


# --- the moderator's controls ------------------------------------------------------------------------------------------

CONTROLS: dict[str, tuple[str, str]] = {
    # action: (event kind, what the timeline says)
    "admit": (RoomEventKind.ADMITTED, "准许{who}进入在线庭审"),
    "mute": (RoomEventKind.MUTED, "将{who}静音"),
    "unmute": (RoomEventKind.UNMUTED, "取消{who}的静音"),
    "audio_only": (RoomEventKind.AUDIO_ONLY, "将{who}切换为仅音频"),
    "video": (RoomEventKind.VIDEO_ALLOWED, "恢复{who}的视频"),
    "remove": (RoomEventKind.REMOVED, "将{who}移出在线庭审室"),
}


@transaction.atomic
def room_control(*, participant: RoomParticipant, actor: User, action: str, note: str = "") -> RoomParticipant:
    """A moderator's order on one participant; recorded, then sent to that participant's browser by signalling
    (the server enforces admission and removal itself: a removed participant's socket is closed and refused)."""
    if action not in CONTROLS:
        raise RoomInputError(f"未知的操作“{action}”。", extra={"field": "action"})
    room = participant.room
    _open_require(room)
    _moderator_require(room, actor)
    participant = RoomParticipant.objects.select_for_update().get(pk=participant.pk)
    if participant.user_id == actor.pk and action in ("remove", "mute", "audio_only"):
        raise RoomInputError("不能对自己执行此操作。")
    if participant.state == ParticipantState.REMOVED:
        raise RoomStateError("该参加人已被移出庭审室。")
    if action == "admit":
        check = join_check(participant)
        if not check.allowed and not check.waiting:
            raise RoomStateError(f"不能准许进入：{check.reason}（{check.citation}）")
        participant.state = ParticipantState.ADMITTED
    elif action == "remove":
        participant.state = ParticipantState.REMOVED
    elif action in ("mute", "unmute"):
        participant.muted = action == "mute"
    else:
        participant.audio_only = action == "audio_only"
    participant.save(update_fields=["state", "muted", "audio_only", "updated_at"])
    kind, text = CONTROLS[action]
    _event(room, kind, actor, participant, note)
    who = f"{participant.role_label}{participant.user.full_name}"
    _timeline(
        room,
        CaseEventType.HEARING_ROOM_CONTROLLED,
        actor,
        text.format(who=who),
        {"participant": participant.pk, "action": action},
    )
    audit_record(actor=actor, action=AuditAction.HEARING_ROOM_CONTROL, target=participant, extra={"action": action})
    signals_out.after_commit_to_participant(room, participant, {"type": "control", "action": action})
    transaction.on_commit(lambda: _backend_control(room, participant, action))
    return participant


def _backend_control(room: Room, participant: RoomParticipant, action: str) -> None:
    """The order reaches an external media server (LiveKit) through its API; recorded here whatever it answers."""
    import logging

    from .backends import video_backend

    try:
        video_backend().control(room=room, participant=participant, action=action)
    except Exception:
        logging.getLogger(__name__).exception(
            "video backend did not take %s for participant %s", action, participant.pk
        )


# --- recording -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def recording_start(*, room: Room, actor: User, mime_type: str = "video/webm") -> Recording:
    _open_require(room)
    me = _moderator_require(room, actor)
    if me is None:
        raise RoomForbidden("只有在庭的审判人员可以录像。")
    mime = (mime_type or "video/webm").split(";")[0].strip().lower()
    if mime not in ("video/webm", "video/mp4"):
        raise RoomInputError("录像格式应为 WebM 或 MP4。", extra={"field": "mime_type"})
    recording = Recording.objects.create(room=room, started_by=actor, mime_type=mime, started_at=timezone.now())
    _event(room, RoomEventKind.RECORDING_STARTED, actor, me)
    _timeline(room, CaseEventType.HEARING_RECORDING_STARTED, actor, "开始庭审录像", {"recording": str(recording.key)})
    audit_record(actor=actor, action=AuditAction.HEARING_ROOM_RECORDING_START, target=recording)
    return recording


def recording_get(*, room: Room, key: str, actor: User) -> Recording:
    recording = Recording.objects.filter(room=room, key=key).first() if _uuid_like(key) else None
    if recording is None:
        raise NotFound("录像不存在。")
    return recording


def _uuid_like(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F-]{32,36}", str(text)))


@transaction.atomic
def recording_chunk_add(
    *, recording: Recording, seq: int, content: bytes, declared_sha256: str, actor: User
) -> RecordingChunk:
    """Store one chunk if its bytes hash to the SHA-256 the browser declared; a mismatch, a gap-filling replay with
    other bytes, or a chunk after the end is refused and nothing is stored. Re-sending the same chunk is a no-op."""
    declared = (declared_sha256 or "").strip().lower()
    if not SHA256_RE.match(declared):
        raise RoomInputError("录像分段缺少有效的 SHA-256 校验值。", extra={"field": "sha256"})
    if not 0 <= seq < MAX_CHUNKS:
        raise RoomInputError("录像分段序号无效。", extra={"field": "seq"})
    if not content:
        raise RoomInputError("录像分段为空。")
    if len(content) > CHUNK_MAX_BYTES:
        raise RoomInputError("录像分段过大。")
    actual = hashlib.sha256(content).hexdigest()
    if actual != declared:
        raise RoomInputError(
            "录像分段内容与声明的 SHA-256 不一致，已拒收（可能在传输中损坏），请重新上传该分段。",
            code="hearing_room.chunk_hash_mismatch",
        )
    recording = Recording.objects.select_for_update().get(pk=recording.pk)
    if recording.started_by_id != actor.pk:
        raise RoomForbidden("只有开始录像的审判人员可以上传录像。")
    if recording.state != RecordingState.RECORDING:
        raise RoomStateError("录像已结束，不能再上传分段。")
    existing = RecordingChunk.objects.filter(recording=recording, seq=seq).first()
    if existing is not None:
        if existing.sha256 == actual:
            return existing
        raise RoomStateError("该序号的录像分段已上传且内容不同，已拒收。")
    ext = "mp4" if recording.mime_type == "video/mp4" else "webm"
    blob = blob_store(content=content, ext=ext)
    return RecordingChunk.objects.create(
        recording=recording, seq=seq, sha256=actual, size=len(content), storage_name=blob.name
    )


def _certificate_pdf(recording: Recording, room: Room, chunks: int, ledger_index: int) -> bytes:
    from io import BytesIO

    from reportlab.lib.styles import ParagraphStyle

    from smartcourt.core.pdf import cjk_font, document_template, paragraph

    out = BytesIO()
    doc = document_template(out, title="庭审录像存证说明", author="smartcourt")
    font = cjk_font()
    head = ParagraphStyle("h", fontName=font, fontSize=16, leading=24, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=18)
    local = timezone.localtime
    lines = [
        f"庭审室：{room.title}",
        f"录制开始：{local(recording.started_at):%Y-%m-%d %H:%M:%S}",
        f"录制结束：{local(recording.ended_at):%Y-%m-%d %H:%M:%S}" if recording.ended_at else "",
        f"格式：{recording.mime_type}；大小：{recording.size} 字节；分段：{chunks} 段",
        f"SHA-256：{recording.sha256}",
        f"存证记录：hearing.recording，序号 {ledger_index}，对象 {recording.ledger_subject}",
        f"依据：{D.RECORDING}。录像文件按其 SHA-256 存证，可在存证验证页面核对。",
    ]
    doc.build([paragraph("庭审录像存证说明", head), *[paragraph(t, body) for t in lines if t]])
    return out.getvalue()


@transaction.atomic
def recording_finish(*, recording: Recording, actor: User) -> Recording:
    """Assemble the chunks in order (MediaRecorder's timeslices concatenate into one playable file), store it, anchor
    its hash in the ledger, and — for a hearing — file the recording's certificate into the case's dossier."""
    from smartcourt.ledger.services import ledger_anchor

    recording = (
        Recording.objects.select_for_update(of=("self",))
        .select_related("room", "room__hearing", "room__hearing__case")
        .get(pk=recording.pk)
    )
    if recording.started_by_id != actor.pk:
        raise RoomForbidden("只有开始录像的审判人员可以结束录像。")
    if recording.state != RecordingState.RECORDING:
        return recording
    chunks = list(recording.chunks.order_by("seq"))
    if not chunks:
        raise RoomStateError("尚未收到任何录像分段，不能结束录像。")
    if [c.seq for c in chunks] != list(range(len(chunks))):
        missing = sorted(set(range(chunks[-1].seq + 1)) - {c.seq for c in chunks})
        raise RoomStateError(f"录像分段不连续（缺少第 {', '.join(map(str, missing[:5]))} 段），请补传后再结束。")
    content = b"".join(blob_read(c.storage_name) for c in chunks)
    ext = "mp4" if recording.mime_type == "video/mp4" else "webm"
    blob = blob_store(content=content, ext=ext)
    recording.sha256 = blob.sha256
    recording.size = len(content)
    recording.storage_name = blob.name
    recording.ended_at = timezone.now()
    recording.state = RecordingState.FILED
    room = recording.room
    meta: dict[str, Any] = {"room": str(room.key), "chunks": len(chunks), "bytes": len(content)}
    if room.hearing_id is not None:
        meta["case"] = room.hearing.case.number  # type: ignore[union-attr]
    leaf = ledger_anchor(
        kind="hearing.recording",
        subject=recording.ledger_subject,
        sha256=blob.sha256,
        storage_name=blob.name,
        meta=meta,
    )
    recording.ledger_index = leaf.index
    if room.hearing_id is not None:
        from smartcourt.dossier.services import dossier_document_add

        document = dossier_document_add(
            case=room.hearing.case,  # type: ignore[union-attr]
            title=f"庭审录像存证说明（{timezone.localtime(recording.started_at):%Y-%m-%d %H:%M}）",
            content=_certificate_pdf(recording, room, len(chunks), leaf.index),
            filename="庭审录像存证说明.pdf",
            source="generated",
            actor=actor,
            category="hearing_record",
            origin_ref=f"hearing_room.recording:{recording.key}",
        )
        recording.dossier_document_id = document.pk
    recording.save()
    _event(room, RoomEventKind.RECORDING_FILED, actor, note=blob.sha256)
    _timeline(
        room,
        CaseEventType.HEARING_RECORDING_FILED,
        actor,
        f"庭审录像归档并存证（{len(content)}字节，SHA-256 {blob.sha256[:12]}…）",
        {"recording": str(recording.key), "sha256": blob.sha256, "ledger_index": leaf.index},
    )
    audit_record(
        actor=actor, action=AuditAction.HEARING_ROOM_RECORDING_FILE, target=recording, extra={"sha256": blob.sha256}
    )
    return recording

"""Writes of the transcript (庭审笔录), ADR 0032: the clerk's saves with optimistic concurrency, speech-to-text
through the provider, the review by the parties and their signatures (online or on a pad at court), corrections as
versions, the final PDF filed in the dossier (which anchors it in the ledger).

A save names the revision it was made on; a save on an older revision is refused (`TranscriptStale`, with the newer
text for the page to show), so two clerks cannot overwrite each other. Saves while drafting do not each write a
timeline event (autosave every few seconds would flood the case's timeline): the transcript's versions are its own
history; the events are the milestones (submitted for review, corrected, signed, final).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, permission_require
from smartcourt.dossier.services import dossier_document_add

from . import pdf
from .asr import AsrUnavailable, asr_provider
from .live import transcript_saved_after_commit
from .models import (
    Hearing,
    HearingParticipant,
    Transcript,
    TranscriptSignature,
    TranscriptState,
    TranscriptVersion,
)

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor

MAX_ENTRIES = 2000
MAX_TEXT = 5000
MAX_SIGNATURE_BYTES = 512 * 1024
SPEAKERS = ("审判长", "审判员", "书记员", "原告", "原告代理人", "被告", "被告代理人", "第三人", "证人", "公诉人",
            "被告人", "辩护人", "翻译人员", "鉴定人")  # fmt: skip


class TranscriptInputError(ApplicationError):
    code = "transcript.invalid"
    message = _("笔录内容有误。")


class TranscriptStale(Conflict):
    """A save on an older revision: another clerk saved in between. `extra` carries the newer text."""

    code = "transcript.stale"


class TranscriptStateError(Conflict):
    code = "transcript.state"


def _require(actor: Actor, hearing: Hearing) -> None:
    permission_require(
        actor=actor, resource=Resource.HEARING, action=Action.CHANGE, obj=hearing.case,
        message="只有本案审判人员和书记员可以制作笔录。",
    )  # fmt: skip


def transcript_for(*, hearing: Hearing) -> Transcript:
    """The hearing's transcript, made empty on first use."""
    transcript, _created = Transcript.objects.get_or_create(hearing=hearing, defaults={"case_id": hearing.case_id})
    return transcript


@dataclass(frozen=True)
class Entry:
    speaker: str
    time: str  # "HH:MM" or "HH:MM:SS", local
    text: str


def entries_clean(raw: Any) -> list[dict[str, str]]:
    """The posted entries as a list of {speaker, time, text}, or TranscriptInputError (Chinese)."""
    if not isinstance(raw, list):
        raise TranscriptInputError("笔录内容格式不正确。")
    if len(raw) > MAX_ENTRIES:
        raise TranscriptInputError(f"一份笔录最多{MAX_ENTRIES}段。")
    out = []
    for n, row in enumerate(raw, start=1):
        if not isinstance(row, dict):
            raise TranscriptInputError(f"第{n}段格式不正确。")
        speaker = str(row.get("speaker", "")).strip()[:32]
        time = str(row.get("time", "")).strip()[:8]
        text = str(row.get("text", ""))
        if len(text) > MAX_TEXT:
            raise TranscriptInputError(f"第{n}段超过{MAX_TEXT}字，请分段记录。")
        if time and not _time_ok(time):
            raise TranscriptInputError(f"第{n}段的时间“{time}”应为“时:分”或“时:分:秒”。")
        if not (speaker or text.strip()):
            continue  # an empty row the clerk added and left
        out.append({"speaker": speaker, "time": time, "text": text})
    return out


def _time_ok(text: str) -> bool:
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) == 2 for p in parts):
        return False
    h, m, *s = (int(p) for p in parts)
    return h < 24 and m < 60 and all(x < 60 for x in s)


def _stale(transcript: Transcript) -> TranscriptStale:
    who = transcript.updated_by.get_full_name() if transcript.updated_by else "其他人"
    when = timezone.localtime(transcript.updated_at).strftime("%H:%M:%S")
    return TranscriptStale(
        f"笔录已被{who}于{when}更新（第{transcript.revision}版），您的修改未保存。已显示最新内容，请在其基础上继续记录。",
        extra={"revision": transcript.revision, "entries": transcript.entries, "updated_by": who},
    )


@transaction.atomic
def transcript_save(
    *, hearing: Hearing, base_revision: int, entries: Any, actor: Actor, note: str = "", client: str = ""
) -> Transcript:
    """Save the transcript made on `base_revision`. While drafting: an autosave. In review: a correction (a note is
    required; signatures given on earlier revisions then no longer cover the text). Final: refused. Once committed,
    the other editors' pages receive the new revision live (live.py); `client` names the page that saved, so that
    page does not take its own save for someone else's."""
    _require(actor, hearing)
    cleaned = entries_clean(entries)
    transcript_for(hearing=hearing)
    transcript = Transcript.objects.select_for_update(of=("self",)).select_related("updated_by").get(hearing=hearing)
    if transcript.state == TranscriptState.FINAL:
        raise TranscriptStateError("笔录已定稿归档，不能再修改。")
    if base_revision != transcript.revision:
        raise _stale(transcript)
    user = actor_user(actor)
    if user is None:
        raise Forbidden()
    correction = transcript.state == TranscriptState.REVIEW
    note = (note or "").strip()[:300]
    if correction and not note:
        raise TranscriptInputError("笔录已提交核对，修改须写明更正说明。")
    if cleaned == transcript.entries and not correction:
        return transcript  # nothing changed: no new version
    transcript.revision += 1
    transcript.entries = cleaned
    transcript.updated_by = user
    transcript.save(update_fields=["revision", "entries", "updated_by", "updated_at"])
    TranscriptVersion.objects.create(
        transcript=transcript, revision=transcript.revision, entries=cleaned, saved_by=user, occurred_at=timezone.now(),
        kind=TranscriptVersion.Kind.CORRECTION if correction else TranscriptVersion.Kind.SAVE, note=note,
    )  # fmt: skip
    transcript_saved_after_commit(
        hearing_id=hearing.pk,
        message={
            "revision": transcript.revision, "entries": cleaned, "state": transcript.state, "client": client[:64],
            "saved_by": user.get_full_name() or user.get_username(),
            "saved_at": timezone.localtime(transcript.updated_at).strftime("%H:%M:%S"),
        },
    )  # fmt: skip
    if correction:
        case_event_append(
            case=hearing.case, type=CaseEventType.HEARING_TRANSCRIPT_CORRECTED, actor=actor,
            summary=f"更正庭审笔录（第{transcript.revision}版）：{note[:100]}",
            new={"hearing": hearing.pk, "revision": transcript.revision},
        )  # fmt: skip
        audit_record(actor=actor, action=AuditAction.HEARING_TRANSCRIPT_CORRECT, target=transcript, reason=note)
    return transcript


@transaction.atomic
def transcript_transcribe(
    *, hearing: Hearing, base_revision: int, audio: bytes, content_type: str, at: str, actor: Actor
) -> Transcript:
    """Recognise `audio` with the configured provider and append its segments as entries (the clerk checks them)."""
    _require(actor, hearing)
    provider = asr_provider()
    try:
        segments = provider.transcribe(audio, content_type=content_type)
    except AsrUnavailable as exc:
        raise TranscriptInputError(str(exc)) from exc
    transcript = transcript_for(hearing=hearing)
    rows = list(transcript.entries) + [
        {"speaker": s.speaker, "time": at, "text": s.text} for s in segments if s.text.strip()
    ]
    return transcript_save(hearing=hearing, base_revision=base_revision, entries=rows, actor=actor)


@transaction.atomic
def transcript_submit_for_review(*, hearing: Hearing, actor: Actor) -> Transcript:
    """After the hearing: the parties may read the transcript and sign it (民诉法 Art. 150: 笔录应当当庭宣读，也可以
    告知当事人和其他诉讼参与人当庭或者在五日内阅读)."""
    _require(actor, hearing)
    transcript = Transcript.objects.select_for_update().get(pk=transcript_for(hearing=hearing).pk)
    if transcript.state != TranscriptState.DRAFTING:
        raise TranscriptStateError(f"笔录{transcript.get_state_display()}。")
    if not transcript.entries:
        raise TranscriptInputError("笔录尚无内容，不能提交核对。")
    transcript.state = TranscriptState.REVIEW
    transcript.save(update_fields=["state", "updated_at"])
    case_event_append(
        case=hearing.case, type=CaseEventType.HEARING_TRANSCRIPT_REVIEW, actor=actor,
        summary=f"庭审笔录（第{transcript.revision}版）提交当事人核对签名", new={"hearing": hearing.pk},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_TRANSCRIPT_REVIEW, target=transcript)
    return transcript


def _signature_png(data_url: str) -> bytes:
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise TranscriptInputError("签名图像格式不正确，请在签名板上重新签名。")
    try:
        content = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise TranscriptInputError("签名图像格式不正确，请在签名板上重新签名。") from exc
    if not content.startswith(b"\x89PNG\r\n\x1a\n") or len(content) > MAX_SIGNATURE_BYTES or len(content) < 100:
        raise TranscriptInputError("签名图像格式不正确，请在签名板上重新签名。")
    return content


@transaction.atomic
def transcript_sign(
    *, hearing: Hearing, participant: HearingParticipant, revision: int, actor: Actor, pad_image: str = "",
    note: str = "",
) -> TranscriptSignature:  # fmt: skip
    """A participant signs the transcript's current revision: online (the participant's own account, or the
    representative's for its party) or on the court's pad (the clerk hands the pad; `pad_image` a PNG data URL)."""
    transcript = Transcript.objects.select_for_update().get(pk=transcript_for(hearing=hearing).pk)
    user = actor_user(actor)
    if user is None:
        raise Forbidden()
    if participant.hearing_id != hearing.pk:
        raise TranscriptInputError("签名人不是本次庭审的参加人。")
    if transcript.state != TranscriptState.REVIEW:
        raise TranscriptStateError(f"笔录{transcript.get_state_display()}，现在不能签名。")
    if revision != transcript.revision:
        raise TranscriptStale(
            f"笔录已更正为第{transcript.revision}版，请阅读最新内容后再签名。",
            extra={"revision": transcript.revision, "entries": transcript.entries},
        )
    method = TranscriptSignature.Method.PAD if pad_image else TranscriptSignature.Method.ONLINE
    if method == TranscriptSignature.Method.PAD:
        _require(actor, hearing)  # the pad is at the court, under the clerk's eye
        blob = blob_store(content=_signature_png(pad_image), ext="png")
        image_name, image_sha = blob.name, blob.sha256
    else:
        if participant.user_id != user.pk and not _represents(user, participant):
            raise Forbidden("只能由本人（或其诉讼代理人）在线签名。")
        image_name = image_sha = ""
    row = TranscriptSignature.objects.create(
        transcript=transcript, revision=transcript.revision, participant=participant, user=user, method=method,
        image_name=image_name, image_sha256=image_sha, occurred_at=timezone.now(), note=(note or "").strip()[:300],
    )  # fmt: skip
    case_event_append(
        case=hearing.case, type=CaseEventType.HEARING_TRANSCRIPT_SIGNED, actor=actor,
        summary=f"{participant.name}在庭审笔录（第{transcript.revision}版）上签名（{row.get_method_display()}）",
        new={"hearing": hearing.pk, "revision": transcript.revision, "signature": row.pk},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_TRANSCRIPT_SIGN, target=row)
    return row


def _represents(user: Any, participant: HearingParticipant) -> bool:
    """`user` is a representative in force of the party this participant is."""
    if participant.party_id is None:
        return False
    from smartcourt.cases.selectors import parties_represented_by

    return parties_represented_by(user=user).filter(pk=participant.party_id).exists()


@transaction.atomic
def transcript_finalise(*, hearing: Hearing, actor: Actor) -> Transcript:
    """The final transcript: its PDF (entries, the signatures on this revision with the pad images, the versions
    history) filed in the dossier and anchored in the ledger; no more changes."""
    _require(actor, hearing)
    transcript = Transcript.objects.select_for_update().get(pk=transcript_for(hearing=hearing).pk)
    if transcript.state == TranscriptState.FINAL:
        raise TranscriptStateError("笔录已定稿归档。")
    if not transcript.entries:
        raise TranscriptInputError("笔录尚无内容，不能定稿。")
    user = actor_user(actor)
    if user is None:
        raise Forbidden()
    signatures = list(
        TranscriptSignature.objects.filter(transcript=transcript, revision=transcript.revision).select_related(
            "participant"
        )
    )
    versions = list(transcript.versions.select_related("saved_by").order_by("revision"))
    content = pdf.transcript_pdf(hearing=hearing, transcript=transcript, signatures=signatures, versions=versions)
    document = dossier_document_add(
        case=hearing.case, title=f"庭审笔录（{timezone.localtime(hearing.starts_at):%Y-%m-%d}）", content=content,
        filename=f"庭审笔录-{hearing.pk}.pdf", source="generated", actor=actor, category="hearing_record",
        origin_ref=f"hearings.transcript:{transcript.pk}:{transcript.revision}",
    )  # fmt: skip
    transcript.state = TranscriptState.FINAL
    transcript.final_document = document
    transcript.save(update_fields=["state", "final_document", "updated_at"])
    TranscriptVersion.objects.create(
        transcript=transcript, revision=transcript.revision + 1, entries=transcript.entries, saved_by=user,
        occurred_at=timezone.now(), kind=TranscriptVersion.Kind.FINAL, note=f"定稿，已归入电子卷宗（{document.sha256[:12]}…）",
    )  # fmt: skip
    transcript.revision += 1
    transcript.save(update_fields=["revision", "updated_at"])
    case_event_append(
        case=hearing.case, type=CaseEventType.HEARING_TRANSCRIPT_FINAL, actor=actor,
        summary=f"庭审笔录定稿归档（{len(signatures)}人签名）", new={"hearing": hearing.pk, "document": document.pk},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.HEARING_TRANSCRIPT_FINALISE, target=transcript)
    return transcript

"""The online hearing room (在线庭审室, ADR 0031): a generic video room — a hearing's, or a mediation session's with
no case — its participants with their lobby state and the moderator's controls, the identity confirmation the clerk
records, an append-only log of what happened in the room, and the recording made in the judge's browser.

`Room.key` (random, never derived from ids) names the room in URLs, in the signalling groups and, at scale, as the
LiveKit/Jitsi room name; the page and the websocket still ask who the user is (services.room_access)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartcourt.core.models import AppendOnlyModel, BaseModel


class RoomPurpose(models.TextChoices):
    HEARING = "hearing", _("庭审")
    MEDIATION = "mediation", _("调解")
    OTHER = "other", _("其他")


class RoomState(models.TextChoices):
    OPEN = "open", _("开放")
    CLOSED = "closed", _("已结束")


class Room(BaseModel):
    """A video room: for a hearing (one per session) or any other purpose with no case (a mediation session)."""

    key = models.UUIDField(_("庭审室标识"), default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(_("用途"), max_length=16, choices=RoomPurpose.choices, default=RoomPurpose.HEARING)
    hearing = models.OneToOneField(
        "hearings.Hearing",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="video_room",
        verbose_name=_("庭审"),
    )
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院"))
    title = models.CharField(_("名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=8, choices=RoomState.choices, default=RoomState.OPEN)
    opened_by = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("开设人")
    )

    class Meta:
        verbose_name = _("在线庭审室")
        verbose_name_plural = _("在线庭审室")

    def __str__(self) -> str:
        return self.title


class ParticipantState(models.TextChoices):
    WAITING = "waiting", _("等候中")
    ADMITTED = "admitted", _("已准入")
    REMOVED = "removed", _("已移出")


class IdentityMethod(models.TextChoices):
    ID_CARD = "id_card", _("核验身份证件")
    FACE = "face", _("人脸识别比对")
    STAFF = "staff", _("法院工作人员")


class RoomParticipant(BaseModel):
    """Someone who may enter a room: a judge or clerk (staff, no identity check), a party, a lawyer, a witness …
    `state` is the lobby: waiting until a moderator admits; `muted` and `audio_only` are the moderator's orders,
    sent to the client by signalling and kept here so a reconnect obeys them too."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="participants", verbose_name=_("庭审室"))
    user = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("账户"))
    role_label = models.CharField(_("身份"), max_length=32)
    moderator = models.BooleanField(_("主持人"), default=False)
    staff = models.BooleanField(_("法院工作人员"), default=False)
    state = models.CharField(
        _("状态"), max_length=12, choices=ParticipantState.choices, default=ParticipantState.WAITING
    )
    audio_only = models.BooleanField(_("仅音频"), default=False)
    muted = models.BooleanField(_("静音"), default=False)
    notice_accepted_at = models.DateTimeField(_("确认法庭纪律时间"), null=True, blank=True)
    identity_method = models.CharField(_("身份核验方式"), max_length=12, choices=IdentityMethod.choices, blank=True)
    identity_confirmed_at = models.DateTimeField(_("身份核验时间"), null=True, blank=True)
    identity_confirmed_by = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("核验人")
    )

    class Meta:
        verbose_name = _("庭审室参加人")
        verbose_name_plural = _("庭审室参加人")
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="hearing_room_participant_once")]

    def __str__(self) -> str:
        return f"{self.role_label} {self.user}"

    @property
    def identity_confirmed(self) -> bool:
        return self.staff or self.identity_confirmed_at is not None


class RoomEventKind(models.TextChoices):
    OPENED = "opened", _("开设庭审室")
    NOTICE_ACCEPTED = "notice_accepted", _("确认法庭纪律")
    IDENTITY_CONFIRMED = "identity_confirmed", _("核验身份")
    ADMITTED = "admitted", _("准许进入")
    MUTED = "muted", _("静音")
    UNMUTED = "unmuted", _("取消静音")
    AUDIO_ONLY = "audio_only", _("切换为仅音频")
    VIDEO_ALLOWED = "video_allowed", _("恢复视频")
    REMOVED = "removed", _("移出庭审室")
    RECORDING_STARTED = "recording_started", _("开始录像")
    RECORDING_FILED = "recording_filed", _("录像归档")
    CLOSED = "closed", _("结束")


class RoomEvent(AppendOnlyModel):
    """What happened in a room, who did it and to whom (庭审室日志): append-only."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="events", verbose_name=_("庭审室"))
    participant = models.ForeignKey(
        RoomParticipant, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("对象")
    )
    kind = models.CharField(_("事项"), max_length=24, choices=RoomEventKind.choices)
    actor = models.ForeignKey(
        "courts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("操作人")
    )
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("庭审室日志")
        verbose_name_plural = _("庭审室日志")


class RecordingState(models.TextChoices):
    RECORDING = "recording", _("录制中")
    FILED = "filed", _("已归档")


class Recording(BaseModel):
    """A recording of the room made by the moderator's browser (MediaRecorder), uploaded in chunks as it goes so a
    crash loses at most the last chunk; on end assembled, stored, anchored in the ledger and filed into the
    dossier (a hearing's room)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="recordings", verbose_name=_("庭审室"))
    started_by = models.ForeignKey("courts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("录制人"))
    state = models.CharField(_("状态"), max_length=12, choices=RecordingState.choices, default=RecordingState.RECORDING)
    mime_type = models.CharField(_("格式"), max_length=64, default="video/webm")
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.BigIntegerField(_("大小"), default=0)
    storage_name = models.CharField(_("存储名"), max_length=500, blank=True)
    ledger_index = models.BigIntegerField(_("存证序号"), null=True, blank=True)
    dossier_document_id = models.BigIntegerField(_("卷宗文件"), null=True, blank=True)

    class Meta:
        verbose_name = _("庭审录像")
        verbose_name_plural = _("庭审录像")

    @property
    def ledger_subject(self) -> str:
        return f"hearing_room.recording:{self.key}"


class RecordingChunk(BaseModel):
    """One chunk as uploaded, its bytes checked against the SHA-256 the browser declared."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="chunks", verbose_name=_("录像"))
    seq = models.PositiveIntegerField(_("序号"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小"))
    storage_name = models.CharField(_("存储名"), max_length=500)

    class Meta:
        verbose_name = _("录像分段")
        verbose_name_plural = _("录像分段")
        constraints = [models.UniqueConstraint(fields=["recording", "seq"], name="hearing_room_chunk_once")]

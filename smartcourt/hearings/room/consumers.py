"""The signalling consumer (WebRTC on the embedded backend): one websocket per browser in a room.

On connect the server asks the same questions as the page — is this account a participant of this room (a
participant of another case guessing the key is refused), identity checked, discipline notice accepted, admitted —
and answers in Chinese before closing (a browser cannot read the HTTP status of a refused handshake). A waiting
participant stays connected in the lobby until a moderator admits them. Once admitted and joined, offers, answers and
ICE candidates are relayed to one named peer of the same room only (the target's group name contains the room key).
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async  # type: ignore[import-untyped, unused-ignore]
from channels.generic.websocket import AsyncJsonWebsocketConsumer  # type: ignore[import-untyped, unused-ignore]

from smartcourt.core.errors import ApplicationError

from .signals_out import participant_group, room_group

REFUSED = 4403
SIGNAL_KINDS = frozenset({"offer", "answer", "candidate"})
MAX_SIGNAL_BYTES = 64 * 1024


def _second_factor(user: Any, session: Any) -> bool:
    """django-otp's check, as its middleware makes it for a request: the session names a device of this user."""
    if hasattr(user, "is_verified"):
        return bool(user.is_verified())
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.user_id == user.pk


def _lookup(key: str, user: Any, session: Any = None) -> dict[str, Any]:
    """Who the socket's user is in the room, as plain data (read in a thread: the ORM is synchronous)."""
    from . import services

    if not getattr(user, "is_authenticated", False):
        return {"refused": "请先登录后再进入在线庭审室。"}
    if getattr(user, "requires_two_factor", False) and not _second_factor(user, session):
        return {"refused": "请先完成双重验证后再进入在线庭审室。"}
    try:
        room = services.room_get(key=key)
        participant = services.room_access(room=room, user=user)
    except ApplicationError as exc:
        return {"refused": str(exc.message)}
    if participant is None:
        return {"refused": "您可以管理本庭审室，但不是参加人，不能进入音视频。"}
    check = services.join_check(participant)
    return {
        "room": str(room.key),
        "participant": participant.pk,
        "name": participant.user.full_name or participant.user.username,
        "role": participant.role_label,
        "moderator": participant.moderator,
        "allowed": check.allowed,
        "waiting": check.waiting,
        "reason": check.reason,
        "citation": str(check.citation) if check.citation else "",
        "muted": participant.muted,
        "audio_only": participant.audio_only,
    }


class HearingRoomConsumer(AsyncJsonWebsocketConsumer):
    room_key: str = ""
    me: dict[str, Any] | None = None
    joined = False

    async def connect(self) -> None:
        self.room_key = str(self.scope["url_route"]["kwargs"]["key"])
        await self.accept()
        self.me = await database_sync_to_async(_lookup)(
            self.room_key, self.scope.get("user"), self.scope.get("session")
        )
        me = self.me
        if "refused" in me:
            await self.send_json({"type": "refused", "reason": me["refused"]})
            await self.close(code=REFUSED)
            return
        if not me["allowed"] and not me["waiting"]:
            await self.send_json({"type": "refused", "reason": me["reason"], "citation": me["citation"]})
            await self.close(code=REFUSED)
            return
        await self.channel_layer.group_add(room_group(self.room_key), self.channel_name)
        await self.channel_layer.group_add(participant_group(self.room_key, me["participant"]), self.channel_name)
        if me["waiting"]:
            await self.send_json({"type": "lobby", "reason": me["reason"], "citation": me["citation"]})
            await self._to_room(
                {"type": "lobby-waiting", "participant": me["participant"], "name": me["name"], "role": me["role"]}
            )
        else:
            await self.send_json(self._ready())

    def _ready(self) -> dict[str, Any]:
        me = self.me or {}
        return {"type": "admitted", "self": me.get("participant"), "muted": me.get("muted"), "audio_only": me.get("audio_only"),
                "moderator": me.get("moderator")}  # fmt: skip

    async def disconnect(self, code: int) -> None:
        me = self.me or {}
        if "participant" in me:
            if self.joined:
                await self._to_room({"type": "peer-left", "peer": me["participant"]})
            await self.channel_layer.group_discard(room_group(self.room_key), self.channel_name)
            await self.channel_layer.group_discard(
                participant_group(self.room_key, me["participant"]), self.channel_name
            )

    async def _to_room(self, message: dict[str, Any]) -> None:
        await self.channel_layer.group_send(room_group(self.room_key), {"type": "room.message", "message": message})

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        me = self.me or {}
        if not isinstance(content, dict) or "participant" not in me:
            return
        kind = content.get("type")
        if kind == "join":
            # ask the table again: admission may have happened (or been revoked) since the socket opened
            self.me = me = await database_sync_to_async(_lookup)(
                self.room_key, self.scope.get("user"), self.scope.get("session")
            )
            if not me.get("allowed"):
                await self.send_json(
                    {
                        "type": "refused",
                        "reason": me.get("reason") or me.get("refused", ""),
                        "citation": me.get("citation", ""),
                    }
                )
                if not me.get("waiting"):
                    await self.close(code=REFUSED)
                return
            self.joined = True
            await self.send_json({**self._ready(), "type": "joined"})
            await self._to_room(
                {"type": "peer-joined", "peer": me["participant"], "name": me["name"], "role": me["role"]}
            )
        elif kind == "signal":
            if not self.joined:
                await self.send_json({"type": "error", "reason": "尚未获准进入庭审，不能建立音视频连接。"})
                return
            to, data = content.get("to"), content.get("data")
            if not isinstance(to, int) or not isinstance(data, dict) or data.get("kind") not in SIGNAL_KINDS:
                return
            if len(str(data)) > MAX_SIGNAL_BYTES:
                return
            await self.channel_layer.group_send(
                participant_group(self.room_key, to),
                {
                    "type": "room.message",
                    "message": {"type": "signal", "from": me["participant"], "name": me["name"], "data": data},
                },
            )

    async def room_message(self, event: dict[str, Any]) -> None:
        message = event["message"]
        me = self.me or {}
        if message.get("type") == "control" and message.get("participant") == me.get("participant"):
            action = message.get("action")
            if action == "remove":
                await self.send_json(message)
                if self.joined:
                    await self._to_room({"type": "peer-left", "peer": me["participant"]})
                    self.joined = False
                await self.close(code=REFUSED)
                return
            if action == "admit":
                self.me = me = await database_sync_to_async(_lookup)(
                    self.room_key, self.scope.get("user"), self.scope.get("session")
                )
                await self.send_json(self._ready())
                return
        if message.get("type") == "peer-joined" and message.get("peer") == me.get("participant"):
            return
        if message.get("type") in ("peer-joined", "peer-left", "signal") and not self.joined:
            return  # the lobby sees no one's media
        if message.get("type") in ("lobby-waiting", "participant-changed") and not me.get("moderator"):
            return  # the lobby and the table are the moderator's
        await self.send_json(message)

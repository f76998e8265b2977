"""Messages from the server to the browsers in a room, through the channel layer (in-memory on the embedded
default, Redis at scale): group names, and sends that wait for the caller's commit (a refused write sends nothing)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer  # type: ignore[import-untyped, unused-ignore]
from django.db import transaction

if TYPE_CHECKING:
    from .models import Room, RoomParticipant

logger = logging.getLogger(__name__)


def room_group(room_key: str) -> str:
    """Everyone connected to the room (lobby included): presence and lobby notices."""
    return f"hroom.{room_key.replace('-', '')}"


def participant_group(room_key: str, participant_id: int) -> str:
    """One participant's sockets: signalling addressed to them, the moderator's orders."""
    return f"{room_group(room_key)}.p{participant_id}"


def send_now(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "room.message", "message": message})
    except Exception:  # the write is done and recorded; a lost live notice is repaired by the client's reload
        logger.exception("room signalling message to %s not sent", group)


def after_commit_to_participant(room: Room, participant: RoomParticipant, message: dict[str, Any]) -> None:
    key, pid = str(room.key), participant.pk
    payload = {**message, "participant": pid}
    transaction.on_commit(lambda: send_now(participant_group(key, pid), payload))
    transaction.on_commit(lambda: send_now(room_group(key), {**payload, "type": "participant-changed"}))

"""Reads of the online hearing room: a room's participants for the page (one query), its recordings, the log."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Recording, RecordingState, Room, RoomEvent, RoomParticipant


def room_participants(*, room: Room) -> list[RoomParticipant]:
    return list(
        RoomParticipant.objects.filter(room=room)
        .select_related("user", "identity_confirmed_by")
        .order_by("-moderator", "-staff", "pk")
    )


def room_recordings(*, room: Room) -> QuerySet[Recording]:
    return (
        Recording.objects.filter(room=room, state=RecordingState.FILED)
        .select_related("started_by")
        .order_by("-started_at")
    )


def room_events(*, room: Room, limit: int = 50) -> list[RoomEvent]:
    return list(
        RoomEvent.objects.filter(room=room)
        .select_related("actor", "participant__user")
        .order_by("-occurred_at", "-pk")[:limit]
    )


def room_for_hearing_get(*, hearing_id: int) -> Room | None:
    return Room.objects.filter(hearing_id=hearing_id).first()

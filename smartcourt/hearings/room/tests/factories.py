"""An online hearing with a judge, a clerk and a lawyer with accounts, and its room; helpers for its checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import time_machine
from django.apps import apps

from smartcourt.courts.models import User
from smartcourt.hearings.models import Hearing
from smartcourt.hearings.services import hearing_schedule
from smartcourt.hearings.tests.factories import HearingWorld, at, booking, build_world

from ..models import Room, RoomParticipant
from ..services import room_for_hearing


@dataclass
class RoomWorld:
    world: HearingWorld
    hearing: Hearing
    room: Room
    judge: User
    clerk: User
    lawyer: User

    def participant(self, user: User) -> RoomParticipant:
        return RoomParticipant.objects.select_related("room", "user").get(room=self.room, user=user)


def real_name_verify(user: User) -> None:
    """The litigant account is real-name verified (the portal's check, read through filing.hooks)."""
    account = apps.get_model("portal", "LitigantAccount")
    account.objects.update_or_create(user=user, defaults={"kind": "lawyer", "state": "verified"})


def online_hearing(*, when: datetime | None = None, day: date | None = None) -> RoomWorld:
    """An online trial in court A's case, scheduled (a week ahead of the travelled-to day) with its room opened."""
    with time_machine.travel(when or datetime(2025, 11, 3, 9, tzinfo=UTC), tick=False):
        world = build_world()
        day = day or date(2025, 11, 10)
        data = booking(world.a, at(day, 9), at(day, 11), mode="online", room_id=world.a.online.pk)
        hearing = hearing_schedule(case=world.cases["a"], data=data, actor=world.a.judge).hearing
    room = room_for_hearing(hearing)
    return RoomWorld(
        world=world, hearing=hearing, room=room, judge=world.a.judge, clerk=world.a.clerk, lawyer=world.lawyer
    )


def ready_lawyer(rw: RoomWorld) -> RoomParticipant:
    """The lawyer real-name verified, confirmed by the clerk, the discipline notice accepted (still in the lobby)."""
    from ..services import room_identity_confirm, room_notice_accept

    real_name_verify(rw.lawyer)
    p = rw.participant(rw.lawyer)
    room_identity_confirm(participant=p, actor=rw.clerk, method="id_card")
    return room_notice_accept(participant=rw.participant(rw.lawyer), actor=rw.lawyer)

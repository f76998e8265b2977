"""Live push of transcript saves (issue 16): two editors of one hearing's transcript are connected to its websocket;
when one saves, the other receives the new revision with its text; the saving page's own push names its client id;
a refused save (stale) pushes nothing; a lawyer (not an editor) and an editor of another court are refused in Chinese."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from channels.db import database_sync_to_async
from channels.routing import URLRouter

from smartcourt.hearings.room.tests.test_signalling import WebsocketCommunicator, _run
from smartcourt.hearings.routing import websocket_urlpatterns
from smartcourt.hearings.services import hearing_schedule
from smartcourt.hearings.services_transcript import TranscriptStale, transcript_save

from .factories import SHANGHAI, at, booking, build_world

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI)
ENTRY = {"speaker": "审判长", "time": "09:00", "text": "现在开庭。"}


def _socket(hearing_id: int, user: Any) -> WebsocketCommunicator:
    c = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/hearings/{hearing_id}/transcript/")
    user.is_verified = lambda: True
    c.scope["user"] = user
    return c


async def _connect(hearing_id: int, user: Any) -> tuple[WebsocketCommunicator, dict]:
    c = _socket(hearing_id, user)
    connected, _ = await c.connect(timeout=10)
    assert connected
    return c, await c.receive_json_from(timeout=10)


def test_a_save_reaches_the_other_editor_and_strangers_are_refused() -> None:
    with time_machine.travel(NOW, tick=False):
        world = build_world()
        hearing = hearing_schedule(
            case=world.cases["a"], data=booking(world.a, at(date(2025, 11, 10), 9), at(date(2025, 11, 10), 11)),
            actor=world.a.judge,
        ).hearing  # fmt: skip
    users = (world.a.clerk, world.a.judge, world.lawyer, world.b.judge)
    for user in users:
        user.requires_two_factor  # noqa: B018  (read outside the event loop: the property queries)

    async def run() -> None:
        clerk, first = await _connect(hearing.pk, world.a.clerk)
        assert first == {"type": "ready"}
        judge, first = await _connect(hearing.pk, world.a.judge)
        assert first == {"type": "ready"}
        for stranger in (world.lawyer, world.b.judge):
            c, first = await _connect(hearing.pk, stranger)
            assert first["type"] == "refused" and "不能编辑" in first["reason"]
            assert (await c.receive_output(timeout=5))["type"] == "websocket.close"
        save = database_sync_to_async(transcript_save)
        await save(hearing=hearing, base_revision=0, entries=[ENTRY], actor=world.a.clerk, client="clerk-page")
        pushed = await judge.receive_json_from(timeout=10)
        assert pushed["type"] == "saved" and pushed["revision"] == 1 and pushed["entries"] == [ENTRY]
        assert pushed["saved_by"] == world.a.clerk.get_full_name() and pushed["client"] == "clerk-page"
        own = await clerk.receive_json_from(timeout=10)  # the saving page recognises its own client id
        assert own["client"] == "clerk-page"
        # a stale save is refused and pushes nothing
        with pytest.raises(TranscriptStale):
            await save(hearing=hearing, base_revision=0, entries=[], actor=world.a.judge, client="judge-page")
        assert await judge.receive_nothing(timeout=0.5) and await clerk.receive_nothing(timeout=0.5)
        await clerk.disconnect()
        await judge.disconnect()
        await asyncio.sleep(0)

    _run(run)

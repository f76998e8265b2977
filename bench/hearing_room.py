"""The online hearing room (ADR 0031): signalling fan-out and the room page.

1. Signalling through the channel layer with 50 rooms: each room has a judge and a lawyer connected to the real
   `HearingRoomConsumer` (in-process ASGI, the configured channel layer — in memory unless CHANNEL_LAYER_URL names
   Redis); every participant sends signalling messages (ICE candidates) to the other, and the messages relayed per
   second are printed next to the baseline measured in the same run: the bare channel layer, `group_send` to the
   same 100 participant groups and `receive` on the same channels, with no consumer in between.
2. The room page's load time (the judge, signed in, 5 participants) next to a baseline page of the same user in the
   same run (the judge's hearing calendar).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from typing import Any

ROOMS = 50
MESSAGES = 40  # per participant, each way


def _world(rooms: int) -> tuple[list[Any], Any, Any]:
    from smartcourt.courts.roles import Role
    from smartcourt.courts.tests.factories import CourtFactory, user_with_role
    from smartcourt.hearings.room.services import ParticipantSpec, room_open

    tag = secrets.token_hex(3)
    court = CourtFactory(code=f"B{tag}", name=f"基准测试法院{tag}")
    judge = user_with_role(Role.JUDGE, court, username=f"bench_judge_{tag}", full_name="基准法官")
    lawyer = user_with_role(Role.LAWYER, court, username=f"bench_lawyer_{tag}", full_name="基准律师")
    made = []
    for n in range(rooms):
        room = room_open(actor=judge, court=court, title=f"基准庭审室{n}", purpose="hearing", moderator=judge,
                         participants=[ParticipantSpec(lawyer, "律师", staff=True)])  # fmt: skip
        made.append(room)
    for n in range(3):  # more people in the first room, for the page
        extra = user_with_role(Role.LAWYER, court, username=f"bench_extra_{tag}_{n}", full_name=f"旁听{n}")
        made[0].participants.create(user=extra, role_label="证人")
    return made, judge, lawyer


async def _consumer_rate(rooms: list[Any], judge: Any, lawyer: Any) -> tuple[float, int]:
    from asgiref.testing import ApplicationCommunicator
    from channels.routing import URLRouter

    from smartcourt.hearings.room.routing import websocket_urlpatterns

    app = URLRouter(websocket_urlpatterns)
    judge.is_verified = lambda: True  # as after the second factor

    async def connect(room: Any, user: Any) -> tuple[ApplicationCommunicator, int]:
        c = ApplicationCommunicator(app, {"type": "websocket", "path": f"/ws/hearing-room/{room.key}/", "query_string": b"",
                                          "headers": [], "subprotocols": [], "user": user})  # fmt: skip
        await c.send_input({"type": "websocket.connect"})
        assert (await c.receive_output(10))["type"] == "websocket.accept"
        first = json.loads((await c.receive_output(10))["text"])
        assert first["type"] == "admitted", first
        await c.send_input({"type": "websocket.receive", "text": json.dumps({"type": "join"})})
        joined = json.loads((await c.receive_output(10))["text"])
        return c, joined["self"]

    pairs = []
    for room in rooms:
        j, jid = await connect(room, judge)
        lw, lid = await connect(room, lawyer)
        await j.receive_output(10)  # the lawyer's peer-joined
        pairs.append((j, jid, lw, lid))
    candidate = {
        "kind": "candidate",
        "candidate": {"candidate": "candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host"},
    }

    async def drain(c: ApplicationCommunicator, n: int) -> None:
        for _ in range(n):
            out = await c.receive_output(30)
            assert json.loads(out["text"])["type"] == "signal"

    started = time.perf_counter()
    for j, jid, lw, lid in pairs:
        for _ in range(MESSAGES):
            await j.send_input(
                {"type": "websocket.receive", "text": json.dumps({"type": "signal", "to": lid, "data": candidate})}
            )
            await lw.send_input(
                {"type": "websocket.receive", "text": json.dumps({"type": "signal", "to": jid, "data": candidate})}
            )
    await asyncio.gather(*[drain(c, MESSAGES) for j, _, lw, _ in pairs for c in (j, lw)])
    elapsed = time.perf_counter() - started
    for j, _, lw, _ in pairs:
        for c in (j, lw):
            await c.send_input({"type": "websocket.disconnect", "code": 1000})
            await c.wait(5)
    total = len(pairs) * 2 * MESSAGES
    return total / elapsed, total


async def _bare_rate(rooms: int) -> tuple[float, int]:
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    channels = []
    for n in range(rooms * 2):
        name = await layer.new_channel()
        await layer.group_add(f"bench.bare.{n}", name)
        channels.append(name)
    message = {"type": "room.message", "message": {"type": "signal", "from": 1, "data": {"kind": "candidate"}}}
    started = time.perf_counter()
    for _ in range(MESSAGES):
        for n in range(rooms * 2):
            await layer.group_send(f"bench.bare.{n}", message)

    async def drain(name: str) -> None:
        for _ in range(MESSAGES):
            await layer.receive(name)

    for name in channels:  # one reader at a time, as one process's receive loop reads
        await drain(name)
    elapsed = time.perf_counter() - started
    for n, name in enumerate(channels):
        await layer.group_discard(f"bench.bare.{n}", name)
    total = rooms * 2 * MESSAGES
    return total / elapsed, total


def _pages(room: Any, judge: Any) -> None:
    from django.test import Client

    from bench._util import line, timed
    from smartcourt.courts.tests.factories import login_verified
    from smartcourt.hearings.room.services import room_url

    client = Client(HTTP_HOST="127.0.0.1")
    login_verified(client, judge)

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    base = timed(lambda: get("/hearings/"), repeat=20)
    page = timed(lambda: get(room_url(room)), repeat=20)
    line("baseline: the judge's hearing calendar", base)
    line("hearing room page (judge, 5 participants)", page, base)


def run() -> None:
    import os

    from django.conf import settings

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the world is written before the event loop runs
    rooms, judge, lawyer = _world(ROOMS)
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1]

    async def both() -> tuple[tuple[float, int], tuple[float, int] | None]:  # one loop (a Redis pool is per loop)
        bare = await _bare_rate(ROOMS)
        try:
            return bare, await _consumer_rate(rooms, judge, lawyer)
        except (TimeoutError, AssertionError) as exc:
            print(f"  signalling through the consumer not measured: {type(exc).__name__} {exc}", flush=True)
            return bare, None

    (bare, n_bare), measured = asyncio.run(both())
    print(f"  channel layer: {backend}; {ROOMS} rooms × 2 participants × {MESSAGES} messages each way", flush=True)
    print(
        f"  baseline: bare group_send + receive               {bare:10.0f} messages/s  ({n_bare} messages)", flush=True
    )
    if measured is not None:
        relayed, n_relayed = measured
        print(f"  signalling relayed by HearingRoomConsumer          {relayed:10.0f} messages/s  ({n_relayed} messages)"
              f"   ×{relayed / bare:5.2f} of baseline", flush=True)  # fmt: skip
    _pages(rooms[0], judge)

"""The signalling websocket: refusals in Chinese (a stranger guessing the room, joining before the identity check),
the lobby until the judge admits, offers relayed only between admitted participants of the same room, and the
moderator's orders (removal closes the socket)."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import user_with_role

from .. import services as S
from ..routing import websocket_urlpatterns
from .factories import online_hearing, ready_lawyer

pytestmark = pytest.mark.django_db(transaction=True)


class WebsocketCommunicator(ApplicationCommunicator):
    """channels.testing's communicator, without importing channels.testing (which needs daphne for its live server)."""

    def __init__(self, application: Any, path: str) -> None:
        scope = {"type": "websocket", "path": path, "query_string": b"", "headers": [], "subprotocols": []}
        super().__init__(application, scope)

    async def connect(self, timeout: float = 1) -> tuple[bool, Any]:
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        return response["type"] == "websocket.accept", response.get("code")

    async def send_json_to(self, data: Any) -> None:
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self, timeout: float = 1) -> Any:
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def _run(main: Any) -> None:
    """Run the async test body on its own thread's event loop: the session's browser tests (Playwright's sync API)
    may already run a loop on this one."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, main()).result()


def _socket(room_key: Any, user: Any) -> WebsocketCommunicator:
    c = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/hearing-room/{room_key}/")
    user.is_verified = lambda: True  # signed in with the second factor (django-otp's mark on the request user)
    c.scope["user"] = user
    return c


async def _connect(room_key: Any, user: Any) -> tuple[WebsocketCommunicator, dict]:
    c = _socket(room_key, user)
    connected, _ = await c.connect(timeout=10)
    assert connected
    return c, await c.receive_json_from(timeout=10)


def test_a_stranger_and_an_unchecked_participant_are_refused_in_chinese() -> None:
    rw = online_hearing()
    stranger = user_with_role(Role.LAWYER, rw.world.b.court, full_name="外案律师")
    for user in (stranger, rw.lawyer):
        assert not user.requires_two_factor  # read here: the property queries

    async def run() -> None:
        for user, words in ((stranger, "无权进入"), (rw.lawyer, "实名认证")):
            c, first = await _connect(rw.room.key, user)
            assert first["type"] == "refused" and words in first["reason"]
            out = await c.receive_output(timeout=5)
            assert out["type"] == "websocket.close" and out["code"] == 4403

    _run(run)


def test_lobby_admission_relay_and_removal() -> None:
    rw = online_hearing()
    lawyer_p = ready_lawyer(rw)
    judge_p = rw.participant(rw.judge)
    for user in (rw.judge, rw.lawyer):
        user.requires_two_factor  # noqa: B018  (read here, outside the event loop: the property queries)

    async def run() -> None:
        judge, first = await _connect(rw.room.key, rw.judge)
        assert first["type"] == "admitted" and first["moderator"] is True
        await judge.send_json_to({"type": "join"})
        assert (await judge.receive_json_from(timeout=10))["type"] == "joined"
        lawyer, first = await _connect(rw.room.key, rw.lawyer)
        assert first["type"] == "lobby" and "等候" in first["reason"]
        notice = await judge.receive_json_from(timeout=10)
        assert notice == {"type": "lobby-waiting", "participant": lawyer_p.pk, "name": "杨律明", "role": "律师"}
        # in the lobby a signal is not relayed
        await lawyer.send_json_to({"type": "signal", "to": judge_p.pk, "data": {"kind": "offer", "sdp": "x"}})
        assert (await lawyer.receive_json_from(timeout=10))["type"] == "error"
        # the judge admits (the service, as the page's button does): the lawyer's socket hears it
        from channels.db import database_sync_to_async

        await database_sync_to_async(S.room_control)(participant=lawyer_p, actor=rw.judge, action="admit")
        assert (await lawyer.receive_json_from(timeout=10))["type"] == "admitted"
        await judge.receive_json_from(timeout=10)  # participant-changed, for the moderator's table
        await lawyer.send_json_to({"type": "join"})
        assert (await lawyer.receive_json_from(timeout=10))["type"] == "joined"
        joined = await judge.receive_json_from(timeout=10)
        assert joined["type"] == "peer-joined" and joined["peer"] == lawyer_p.pk
        await judge.send_json_to({"type": "signal", "to": lawyer_p.pk, "data": {"kind": "offer", "sdp": "v=0"}})
        relayed = await lawyer.receive_json_from(timeout=10)
        assert relayed["type"] == "signal" and relayed["from"] == judge_p.pk and relayed["data"]["sdp"] == "v=0"
        # removal: the order reaches the lawyer and the server closes the socket
        await database_sync_to_async(S.room_control)(participant=lawyer_p, actor=rw.judge, action="remove")
        assert (await lawyer.receive_json_from(timeout=10)) == {
            "type": "control",
            "action": "remove",
            "participant": lawyer_p.pk,
        }
        assert (await lawyer.receive_output(timeout=5))["type"] == "websocket.close"
        _again, first = await _connect(rw.room.key, rw.lawyer)
        assert first["type"] == "refused" and "移出" in first["reason"]
        await judge.disconnect()
        await asyncio.sleep(0)

    _run(run)

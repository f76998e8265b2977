"""The external media servers at scale: the real token formats (claims, HS256 signature, expiry) for LiveKit and
Jitsi, the same page and checks whichever backend is set, and the moderator's removal reaching a LiveKit server
(a test double that checks the admin token as the server would)."""

from __future__ import annotations

import io
import json
from typing import Any

import jwt
import pytest
from django.test import override_settings

from smartcourt.courts.tests.factories import login_verified

from .. import services as S
from ..backends import JitsiBackend, LiveKitBackend, room_name, video_backend
from .factories import online_hearing, ready_lawyer

pytestmark = pytest.mark.django_db

LIVEKIT = {"HEARING_VIDEO_BACKEND": "livekit", "LIVEKIT_URL": "wss://media.court.example", "LIVEKIT_API_KEY": "APIcourt",
           "LIVEKIT_API_SECRET": "s3cret-livekit-0123456789abcdef"}  # fmt: skip
JITSI = {"HEARING_VIDEO_BACKEND": "jitsi", "JITSI_DOMAIN": "meet.court.example", "JITSI_APP_ID": "smartcourt",
         "JITSI_APP_SECRET": "s3cret-jitsi-0123456789abcdef"}  # fmt: skip


class FakeLiveKit:
    """Stands in for LiveKit's RoomService: accepts a call only with a valid admin token for that room."""

    def __init__(self, secret: str, key: str) -> None:
        self.secret, self.key, self.calls = secret, key, []

    def __call__(self, request: Any, timeout: float = 5) -> io.BytesIO:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        claims = jwt.decode(token, self.secret, algorithms=["HS256"])
        body = json.loads(request.data)
        assert claims["iss"] == self.key and claims["video"]["roomAdmin"] and claims["video"]["room"] == body["room"]
        self.calls.append((request.full_url.rsplit("/", 1)[1], body))
        return io.BytesIO(b"{}")


def test_livekit_token_is_the_real_format() -> None:
    rw = online_hearing()
    backend = LiveKitBackend(url=LIVEKIT["LIVEKIT_URL"], api_key="APIcourt", api_secret=LIVEKIT["LIVEKIT_API_SECRET"])
    lawyer, judge = rw.participant(rw.lawyer), rw.participant(rw.judge)
    token = backend.token(room=rw.room, participant=lawyer, now=1_700_000_000)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "HS256"
    claims = jwt.decode(token, LIVEKIT["LIVEKIT_API_SECRET"], algorithms=["HS256"], options={"verify_exp": False})
    assert claims["iss"] == "APIcourt" and claims["sub"] == f"p{lawyer.pk}" and claims["name"] == "杨律明"
    assert claims["exp"] - claims["nbf"] == 4 * 3600 + 10
    assert claims["video"] == {"room": room_name(rw.room), "roomJoin": True, "canSubscribe": True, "canPublish": True,
                               "canPublishData": True}  # fmt: skip
    assert jwt.decode(
        backend.token(room=rw.room, participant=judge), LIVEKIT["LIVEKIT_API_SECRET"], algorithms=["HS256"]
    )["video"]["roomAdmin"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "another-secret-0123456789abcdefgh", algorithms=["HS256"], options={"verify_exp": False})
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(token, LIVEKIT["LIVEKIT_API_SECRET"], algorithms=["HS256"])  # issued in 2023: long expired


def test_jitsi_token_is_the_real_format() -> None:
    rw = online_hearing()
    backend = JitsiBackend(domain="meet.court.example", app_id="smartcourt", app_secret=JITSI["JITSI_APP_SECRET"])
    token = backend.token(room=rw.room, participant=rw.participant(rw.judge))
    claims = jwt.decode(token, JITSI["JITSI_APP_SECRET"], algorithms=["HS256"], audience="jitsi")
    assert (
        claims["iss"] == "smartcourt" and claims["sub"] == "meet.court.example" and claims["room"] == room_name(rw.room)
    )
    assert claims["context"]["user"]["moderator"] == "true" and claims["moderator"] is True
    lawyer = jwt.decode(backend.token(room=rw.room, participant=rw.participant(rw.lawyer)), JITSI["JITSI_APP_SECRET"],
                        algorithms=["HS256"], audience="jitsi")  # fmt: skip
    assert lawyer["context"]["user"]["moderator"] == "false"


def test_the_same_page_and_checks_with_an_external_backend(client) -> None:  # type: ignore[no-untyped-def]
    rw = online_hearing()
    ready_lawyer(rw)
    with override_settings(**LIVEKIT):
        login_verified(client, rw.lawyer)
        token_url = S.room_url(rw.room) + "token/"
        # in the lobby: the page has the server, never a token; the token endpoint refuses until the judge admits
        page = client.get(S.room_url(rw.room))
        assert page.status_code == 200
        config = page.context["config"]
        assert config["backend"] == "livekit" and config["url"] == "wss://media.court.example"
        assert "token" not in config and config["tokenUrl"] == token_url and config["ws_path"].startswith("/ws/")
        waiting = client.post(token_url)
        assert waiting.status_code == 403 and "准许" in waiting.json()["message"]
        S.room_control(participant=rw.participant(rw.lawyer), actor=rw.judge, action="admit")
        issued = client.post(token_url)
        assert issued.status_code == 200 and issued["Cache-Control"] == "private, no-store"
        body = issued.json()
        assert body["url"] == "wss://media.court.example" and body["room"] == room_name(rw.room)
        claims = jwt.decode(body["token"], LIVEKIT["LIVEKIT_API_SECRET"], algorithms=["HS256"])
        assert claims["sub"] == f"p{rw.participant(rw.lawyer).pk}" and claims["video"]["room"] == room_name(rw.room)
        stranger_room = S.room_open(
            actor=rw.judge,
            court=rw.room.court,
            title="另一庭审室",
            purpose="other",
            participants=[],
            moderator=rw.judge,
        )
        refused = client.get(S.room_url(stranger_room))
        assert refused.status_code == 403 and "无权进入" in refused.content.decode()
        stranger_token = client.post(S.room_url(stranger_room) + "token/")
        assert stranger_token.status_code == 403 and "无权进入" in stranger_token.json()["message"]


def _csp(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {d.split(" ", 1)[0]: d for d in (part.strip() for part in header.split(";")) if d}


def test_each_backend_renders_its_client_and_only_its_csp_origin(client) -> None:  # type: ignore[no-untyped-def]
    rw = online_hearing()
    ready_lawyer(rw)
    login_verified(client, rw.lawyer)
    url = S.room_url(rw.room)
    embedded = client.get(url)
    body, csp = embedded.content.decode(), _csp(embedded)
    assert embedded.context["config"]["backend"] == "embedded" and "livekit-client" not in body
    assert "external_api.js" not in body and "media.court.example" not in embedded["Content-Security-Policy"]
    assert "meet.court.example" not in embedded["Content-Security-Policy"] and csp["script-src"] == "script-src 'self'"
    with override_settings(**LIVEKIT):
        page = client.get(url)
        body, csp = page.content.decode(), _csp(page)
        assert 'data-testid="client-livekit"' in body and "vendor/livekit/livekit-client.umd.js" in body
        assert "external_api.js" not in body
        assert "wss://media.court.example" in csp["connect-src"] and "https://media.court.example" in csp["connect-src"]
        assert csp["script-src"] == "script-src 'self'" and "meet.court.example" not in page["Content-Security-Policy"]
    with override_settings(**JITSI):
        page = client.get(url)
        body, csp = page.content.decode(), _csp(page)
        assert 'src="https://meet.court.example/external_api.js"' in body and "livekit-client" not in body
        assert page.context["config"]["domain"] == "meet.court.example" and "token" not in page.context["config"]
        assert "https://meet.court.example" in csp["script-src"] and "https://meet.court.example" in csp["frame-src"]
        assert "media.court.example" not in page["Content-Security-Policy"]
        S.room_control(participant=rw.participant(rw.lawyer), actor=rw.judge, action="admit")
        issued = client.post(url + "token/").json()
        claims = jwt.decode(issued["token"], JITSI["JITSI_APP_SECRET"], algorithms=["HS256"], audience="jitsi")
        assert claims["room"] == room_name(rw.room) and issued["domain"] == "meet.court.example"
    # the embedded backend has no media server and so no token
    embedded_token = client.post(url + "token/")
    assert embedded_token.status_code == 409 and "WebRTC" in embedded_token.json()["message"]


def test_removal_reaches_the_livekit_server(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rw = online_hearing()
    ready_lawyer(rw)
    fake = FakeLiveKit(LIVEKIT["LIVEKIT_API_SECRET"], "APIcourt")
    with override_settings(**LIVEKIT):
        backend = video_backend()
        assert isinstance(backend, LiveKitBackend)
        backend.opener = fake
        monkeypatch.setattr("smartcourt.hearings.room.backends.video_backend", lambda: backend)
        with pytest.MonkeyPatch.context():
            from django.test import TestCase

            with TestCase.captureOnCommitCallbacks(execute=True):
                S.room_control(participant=rw.participant(rw.lawyer), actor=rw.judge, action="remove")
    assert fake.calls == [
        ("RemoveParticipant", {"room": room_name(rw.room), "identity": f"p{rw.participant(rw.lawyer).pk}"})
    ]

"""Where the media flows (ADR 0031), chosen by `HEARING_VIDEO_BACKEND`:

- `embedded` (default): WebRTC between the participants' browsers, signalling over this app's Channels consumer;
  STUN/TURN servers from `HEARING_ICE_SERVERS`.
- `livekit`: a self-hosted LiveKit server (an SFU); each participant gets an access token (JWT, HS256, signed with
  the API secret; `iss` = API key, `sub` = identity, a `video` grant for this room only).
- `jitsi`: a self-hosted Jitsi Meet with token authentication (prosody `token` auth; JWT HS256 with `iss` = app id,
  `aud` = "jitsi", `sub` = the domain, `room` = this room only, `context.user`, `moderator`).

The page, the permission checks, the identity check, the lobby and the recording are the same for all three; the
backend only says how the browser reaches the media. The moderator's mute/remove reach an external server through
its own API (`control`), and are recorded here either way.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Any, Protocol

import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from .models import Room, RoomParticipant

TOKEN_TTL_SECONDS = 4 * 3600


def room_name(room: Room) -> str:
    return f"sc-{room.key.hex}"


def identity(participant: RoomParticipant) -> str:
    return f"p{participant.pk}"


def _origin(url: str, scheme: str) -> str:
    parts = urllib.parse.urlsplit(url if "://" in url else f"{scheme}://{url}")
    return f"{scheme}://{parts.netloc}"


class VideoBackend(Protocol):
    name: str

    def page_config(self, *, room: Room) -> dict[str, Any]:
        """What the room page needs before anyone is admitted: no token (the token comes after admission)."""
        ...

    def csp(self) -> dict[str, list[str]]:
        """The sources the page must add to its Content-Security-Policy for this backend (none for embedded)."""
        ...

    def join_config(self, *, room: Room, participant: RoomParticipant) -> dict[str, Any]: ...

    def control(self, *, room: Room, participant: RoomParticipant, action: str) -> None: ...


class EmbeddedBackend:
    name = "embedded"

    def page_config(self, *, room: Room) -> dict[str, Any]:
        return {"backend": self.name, "ice_servers": list(settings.HEARING_ICE_SERVERS)}

    def csp(self) -> dict[str, list[str]]:
        return {}

    def join_config(self, *, room: Room, participant: RoomParticipant) -> dict[str, Any]:
        return {
            "backend": self.name,
            "ws_path": f"/ws/hearing-room/{room.key}/",
            "ice_servers": list(settings.HEARING_ICE_SERVERS),
        }

    def control(self, *, room: Room, participant: RoomParticipant, action: str) -> None:
        return None  # the consumer sends the order to the browser (signals_out)


class LiveKitBackend:
    name = "livekit"

    def __init__(self, *, url: str, api_key: str, api_secret: str, opener: Any = None) -> None:
        if not (url and api_key and api_secret):
            raise ImproperlyConfigured(
                "HEARING_VIDEO_BACKEND=livekit 需要 LIVEKIT_URL、LIVEKIT_API_KEY、LIVEKIT_API_SECRET"
            )
        self.url, self.api_key, self.api_secret = url.rstrip("/"), api_key, api_secret
        self.opener = opener or urllib.request.urlopen

    def page_config(self, *, room: Room) -> dict[str, Any]:
        return {"backend": self.name, "url": self.url, "room": room_name(room)}

    def csp(self) -> dict[str, list[str]]:
        """The browser's client opens a websocket to the server and calls its HTTP API (/rtc/validate)."""
        secure = self.url.startswith(("wss://", "https://"))
        return {
            "connect-src": [
                _origin(self.url, "wss" if secure else "ws"),
                _origin(self.url, "https" if secure else "http"),
            ]
        }

    def token(self, *, room: Room, participant: RoomParticipant, now: int | None = None, admin: bool = False) -> str:
        now = int(time.time()) if now is None else now
        grant: dict[str, Any] = {
            "room": room_name(room),
            "roomJoin": True,
            "canSubscribe": True,
            "canPublish": True,
            "canPublishData": True,
        }
        if participant.moderator or admin:
            grant["roomAdmin"] = True
            grant["roomRecord"] = True
        claims = {
            "iss": self.api_key,
            "sub": identity(participant),
            "name": participant.user.full_name or participant.user.username,
            "nbf": now - 10,
            "iat": now,
            "exp": now + TOKEN_TTL_SECONDS,
            "jti": f"{room.key.hex}-{participant.pk}-{now}",
            "video": grant,
            "metadata": json.dumps({"role": participant.role_label}, ensure_ascii=False),
        }
        return jwt.encode(claims, self.api_secret, algorithm="HS256")

    def join_config(self, *, room: Room, participant: RoomParticipant) -> dict[str, Any]:
        return {
            "backend": self.name,
            "url": self.url,
            "room": room_name(room),
            "token": self.token(room=room, participant=participant),
        }

    def control(self, *, room: Room, participant: RoomParticipant, action: str) -> None:
        """LiveKit's RoomService (Twirp over HTTP): remove a participant; mute their published tracks."""
        body: dict[str, Any]
        if action == "remove":
            method, body = "RemoveParticipant", {"room": room_name(room), "identity": identity(participant)}
        elif action in ("mute", "unmute", "audio_only", "video"):
            method = "UpdateParticipant"
            body = {
                "room": room_name(room),
                "identity": identity(participant),
                "permission": {"canSubscribe": True, "canPublish": action != "mute", "canPublishData": True,
                               "canPublishSources": ["MICROPHONE"] if action == "audio_only" else []},
            }  # fmt: skip
        else:
            return
        host = self.url.replace("wss://", "https://").replace("ws://", "http://")
        now = int(time.time())
        admin = jwt.encode(
            {"iss": self.api_key, "sub": "smartcourt", "nbf": now - 10, "exp": now + 600,
             "video": {"room": room_name(room), "roomAdmin": True}},
            self.api_secret, algorithm="HS256",
        )  # fmt: skip
        request = urllib.request.Request(
            f"{host}/twirp/livekit.RoomService/{method}",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {admin}", "Content-Type": "application/json"},
            method="POST",
        )
        with self.opener(request, timeout=5) as response:
            response.read()


class JitsiBackend:
    name = "jitsi"

    def __init__(self, *, domain: str, app_id: str, app_secret: str) -> None:
        if not (domain and app_id and app_secret):
            raise ImproperlyConfigured("HEARING_VIDEO_BACKEND=jitsi 需要 JITSI_DOMAIN、JITSI_APP_ID、JITSI_APP_SECRET")
        self.domain, self.app_id, self.app_secret = domain, app_id, app_secret

    @property
    def origin(self) -> str:
        return _origin(self.domain, "https")

    @property
    def script_url(self) -> str:
        """The IFrame API the Jitsi server itself serves (its version always matches the server's)."""
        return f"{self.origin}/external_api.js"

    def page_config(self, *, room: Room) -> dict[str, Any]:
        return {"backend": self.name, "domain": urllib.parse.urlsplit(self.origin).netloc, "room": room_name(room)}

    def csp(self) -> dict[str, list[str]]:
        """The page loads the server's external_api.js, which embeds the meeting in an iframe from the server."""
        return {"script-src": [self.origin], "frame-src": [self.origin], "connect-src": [self.origin]}

    def token(self, *, room: Room, participant: RoomParticipant, now: int | None = None) -> str:
        now = int(time.time()) if now is None else now
        user = participant.user
        claims = {
            "aud": "jitsi",
            "iss": self.app_id,
            "sub": self.domain,
            "room": room_name(room),
            "nbf": now - 10,
            "iat": now,
            "exp": now + TOKEN_TTL_SECONDS,
            "moderator": participant.moderator,
            "context": {
                "user": {
                    "id": identity(participant),
                    "name": user.full_name or user.username,
                    "moderator": "true" if participant.moderator else "false",
                    "affiliation": "owner" if participant.moderator else "member",
                },
                "features": {"recording": participant.moderator, "livestreaming": False},
            },
        }
        return jwt.encode(claims, self.app_secret, algorithm="HS256")

    def join_config(self, *, room: Room, participant: RoomParticipant) -> dict[str, Any]:
        return {
            "backend": self.name,
            "domain": self.domain,
            "room": room_name(room),
            "token": self.token(room=room, participant=participant),
        }

    def control(self, *, room: Room, participant: RoomParticipant, action: str) -> None:
        return None  # Jitsi's moderator acts in the meeting (the iframe API); the order is recorded here


def video_backend() -> VideoBackend:
    name = getattr(settings, "HEARING_VIDEO_BACKEND", "embedded")
    if name == "embedded":
        return EmbeddedBackend()
    if name == "livekit":
        return LiveKitBackend(
            url=settings.LIVEKIT_URL, api_key=settings.LIVEKIT_API_KEY, api_secret=settings.LIVEKIT_API_SECRET
        )
    if name == "jitsi":
        return JitsiBackend(
            domain=settings.JITSI_DOMAIN, app_id=settings.JITSI_APP_ID, app_secret=settings.JITSI_APP_SECRET
        )
    raise ImproperlyConfigured(f"HEARING_VIDEO_BACKEND must be embedded, livekit or jitsi, not {name!r}")

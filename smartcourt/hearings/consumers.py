"""The transcript editor's websocket (/ws/hearings/<id>/transcript/): the editors of one hearing's transcript (the
court's staff who may change the case's hearings — the one permission table) join the transcript's group and receive
every committed save (live.py). Everyone else is refused in Chinese and the socket is closed. The socket only
listens: saves go through the HTTP endpoint and its optimistic check."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async  # type: ignore[import-untyped, unused-ignore]
from channels.generic.websocket import AsyncJsonWebsocketConsumer  # type: ignore[import-untyped, unused-ignore]

from smartcourt.core.errors import ApplicationError

from .live import transcript_group

REFUSED = 4403


def _lookup(hearing_id: int, user: Any, session: Any) -> dict[str, Any]:
    from smartcourt.courts.permissions import Action
    from smartcourt.hearings.room.consumers import _second_factor

    from . import selectors

    if not getattr(user, "is_authenticated", False):
        return {"refused": "请先登录。"}
    if getattr(user, "requires_two_factor", False) and not _second_factor(user, session):
        return {"refused": "请先完成双重验证。"}
    try:
        hearing = selectors.hearing_get_for_user(hearing_id=hearing_id, user=user, action=Action.CHANGE)
    except ApplicationError:
        return {"refused": "您不是本案承办法官、法官助理或书记员，不能编辑本次庭审的笔录。"}
    return {"hearing": hearing.pk}


class TranscriptConsumer(AsyncJsonWebsocketConsumer):
    group = ""

    async def connect(self) -> None:
        hearing_id = int(self.scope["url_route"]["kwargs"]["hearing_id"])
        await self.accept()
        me = await database_sync_to_async(_lookup)(hearing_id, self.scope.get("user"), self.scope.get("session"))
        if "refused" in me:
            await self.send_json({"type": "refused", "reason": me["refused"]})
            await self.close(code=REFUSED)
            return
        self.group = transcript_group(me["hearing"])
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_json({"type": "ready"})

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        return None  # listen only

    async def transcript_saved(self, event: dict[str, Any]) -> None:
        await self.send_json(event["message"])

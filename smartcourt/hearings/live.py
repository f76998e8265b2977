"""Live push of transcript saves (庭审笔录, ADR 0032): when one clerk's save commits, every other editor of the same
transcript receives the new revision over Channels (one group per transcript) and shows it — or, with unsaved edits
of their own, is asked to reload — instead of learning of it only from a 409 on their next save.

The group send waits for the commit (a refused or rolled-back save sends nothing); a lost push is harmless: the
optimistic check (409 with the newer text) still guards every save."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer  # type: ignore[import-untyped, unused-ignore]
from django.db import transaction

logger = logging.getLogger(__name__)


def transcript_group(hearing_id: int) -> str:
    return f"htranscript.{hearing_id}"


def _send(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "transcript.saved", "message": message})
    except Exception:  # the save is committed; the other page still gets the newer text on its next save (409)
        logger.exception("transcript push to %s not sent", group)


def transcript_saved_after_commit(*, hearing_id: int, message: dict[str, Any]) -> None:
    transaction.on_commit(lambda: _send(transcript_group(hearing_id), {"type": "saved", **message}))

"""The one hook from mediation to the hearings app's video room (ADR 0030): the room is built on another branch
(`smartcourt.hearings.room`: `room_open(*, actor, court, title, purpose, participants, moderator, hearing=None)` and
`room_url(room)`). After the merge, this function opens the room for a dispute's session (the parties, the mediator
as moderator, the guiding judge where needed) and returns its address; until then it says plainly it is not there,
and the room's asynchronous side (messages, offers) carries the session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor

    from .models import Dispute


class VideoUnavailable(ApplicationError):
    code = "mediation.video_unavailable"
    message = _("视频调解室尚未开通，请使用在线留言和调解方案进行调解。")


def mediation_video_room(*, dispute: Dispute, actor: Actor) -> str:
    """The address of the dispute's video mediation room (opened with the hearings app's `room_open`)."""
    raise VideoUnavailable()

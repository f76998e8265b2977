"""The one hook from mediation to the hearings app's video room (ADR 0031, ADR 0038): a dispute's video session
is a room of purpose "mediation" opened with `room_open` — the parties with accounts, the mediator as moderator,
the body's guiding judge where there is one — so mediation has no second video stack: the same lobby, identity
check, judge's (here the mediator's) controls and recording as a hearing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartcourt.core.errors import ApplicationError
from smartcourt.hearings.room.services import ParticipantSpec, room_open, room_url

from .models import Dispute, DisputeParty, DisputeState, PartySide
from .services import guiding_judge

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor


class VideoUnavailable(ApplicationError):
    code = "mediation.video_unavailable"
    message = _("视频调解室尚未开通，请使用在线留言和调解方案进行调解。")


_SIDE_LABEL: dict[str, str] = {PartySide.APPLICANT.value: "申请人", PartySide.RESPONDENT.value: "被申请人"}


@transaction.atomic
def mediation_video_room(*, dispute: Dispute, actor: Actor) -> str:
    """The address of the dispute's video mediation room, opened on first use (the mediator runs it)."""
    dispute = (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("mediator__user", "mediator__guiding_judge", "body__guiding_judge")
        .get(pk=dispute.pk)
    )
    if dispute.video_room_id is not None:
        return room_url(dispute.video_room)  # type: ignore[arg-type]
    if dispute.state != DisputeState.MEDIATING:
        raise VideoUnavailable(_("该纠纷已不在调解中，不能开设视频调解室。"))
    mediator = dispute.mediator.user if dispute.mediator is not None else None
    if mediator is None:
        raise VideoUnavailable(_("该纠纷尚未分派有账户的调解员，暂不能开设视频调解室；请先使用在线留言。"))
    specs = [ParticipantSpec(user=mediator, role_label="调解员", moderator=True, staff=True)]
    judge = guiding_judge(dispute)
    if judge is not None:
        specs.append(ParticipantSpec(user=judge, role_label="指导法官", staff=True))
    for party in DisputeParty.objects.filter(dispute=dispute, user__isnull=False).select_related("user"):
        specs.append(ParticipantSpec(user=party.user, role_label=_SIDE_LABEL.get(party.side, "当事人")))  # type: ignore[arg-type]
    room = room_open(
        actor=actor,
        court=dispute.court,
        title=f"{dispute.number} 视频调解",
        purpose="mediation",
        participants=specs,
        moderator=mediator,
    )
    dispute.video_room = room
    dispute.save(update_fields=["video_room"])
    return room_url(room)

"""The hearing's summons (传票) on the documents app's one path: the court's current 传票 template filled with the
case's data and the hearing's (time, place, reason, what a party risks by not coming), sealed and signed in the
background and served through the service app (documents.services.document_sign_request with serve=True). When the
document is served (the hand-off `documents.served`), the service task is linked to the participant — or
withdrawn at once if the hearing moved or was cancelled while the summons was being signed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from .rules import notice as N

if TYPE_CHECKING:
    from .models import Hearing, HearingParticipant

# What a summoned party is told about not appearing (民诉法 Art. 146, 147).
WARNINGS = {
    "plaintiff": "原告经传票传唤，无正当理由拒不到庭的，或者未经法庭许可中途退庭的，可以按撤诉处理（《民事诉讼法》第一百四十六条）。",
    "defendant": "被告经传票传唤，无正当理由拒不到庭的，或者未经法庭许可中途退庭的，可以缺席判决（《民事诉讼法》第一百四十七条）。",
}

PENDING = "传票已生成，正在签章，签章后自动交付送达"
REF = re.compile(r"^hearings\.summons:(\d+):(\d+):(\d{12})$")


def place_text(hearing: Hearing, participant: HearingParticipant) -> str:
    """Where this participant attends, in words for the summons and the calendars."""
    if participant.attendance == "remote_site" and participant.remote_site is not None:
        site = participant.remote_site
        return f"{site.name}（{site.get_kind_display()}，{site.address or site.host}），以视频方式远程参加"
    if participant.attendance == "online":
        return "在线庭审：请于开庭前登录本院诉讼服务平台，完成身份核验后进入在线法庭"
    if hearing.room is not None:
        where = f"{hearing.court.name}{hearing.room.name}"
        return where + (f"（{hearing.room.location}）" if hearing.room.location else "")
    return hearing.court.name


def stamp(hearing: Hearing) -> str:
    return timezone.localtime(hearing.starts_at).strftime("%Y%m%d%H%M")


def origin_ref(hearing: Hearing, participant: HearingParticipant) -> str:
    """One summons per participant per hearing time: a new date is a new summons."""
    return f"hearings.summons:{hearing.pk}:{participant.pk}:{stamp(hearing)}"


def summons_fields(hearing: Hearing, participant: HearingParticipant) -> dict[str, Any]:
    """The 传票 kind's own fields (documents.kinds: summons_reason, hearing_time, hearing_place, summons_notes)."""
    case = hearing.case
    starts = timezone.localtime(hearing.starts_at)
    notes = ["被传唤人应携带本传票及身份证明准时到达；委托代理人的，代理人应提交授权委托书。"]
    if participant.party is not None and participant.party.role in WARNINGS:
        notes.append(WARNINGS[participant.party.role])
    rule = N.notice_rule_for(hearing_kind=hearing.kind, case_kind=case.kind, procedure=case.procedure)
    notes.append(f"通知依据：{rule.explanation}")
    return {
        "summons_reason": f"参加{hearing.get_kind_display()}",
        "hearing_time": f"{starts:%Y年%m月%d日 %H时%M分}",
        "hearing_place": place_text(hearing, participant),
        "summons_notes": "".join(notes),
    }


def document_served(*, document_id: int, task_ids: list[int]) -> None:
    """Receiver of the hand-off "documents.served": link a served summons to its participant; withdraw it when the
    hearing no longer stands at that time. Other documents pass through untouched. Idempotent: a linked participant
    is not linked again, a cancelled task is not cancelled again."""
    from smartcourt.courts.selectors import SYSTEM
    from smartcourt.documents.selectors import document_get
    from smartcourt.service.selectors import service_tasks_by_ids
    from smartcourt.service.services import service_task_cancel

    from .models import ACTIVE_STATUSES, HearingParticipant

    document = document_get(document_id=document_id)
    m = REF.match(getattr(document, "origin_ref", "") or "")
    if m is None or not task_ids:
        return
    tasks: list[Any] = service_tasks_by_ids(task_ids=task_ids)
    hearing_id, participant_id, when = int(m[1]), int(m[2]), m[3]
    p = HearingParticipant.objects.select_related("hearing").filter(pk=participant_id, hearing_id=hearing_id).first()
    if p is not None and p.summons_task_id in task_ids:
        return  # delivered again: already linked
    stands = (
        p is not None and p.hearing.status in ACTIVE_STATUSES and stamp(p.hearing) == when and p.summons_task_id is None
    )
    if p is None or not stands:
        for task in tasks:
            if task.state not in ("served", "cancelled"):
                service_task_cancel(task=task, actor=SYSTEM, reason="庭审已改期或取消，该传票作废（系统）")  # type: ignore[arg-type]
        return
    p.summons_task = tasks[0]
    p.summons_note = ""
    p.save(update_fields=["summons_task", "summons_note", "updated_at"])

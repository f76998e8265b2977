"""Demo: one online hearing ready to join (ADR 0031) — demo_judge presides, demo_lawyer represents the plaintiff,
the clerk has already confirmed the lawyer's identity; the lawyer accepts the discipline notice and waits in the
lobby, the judge admits. Idempotent: a second run finds the room."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.models import Representation
from smartcourt.courts.models import User
from smartcourt.hearings.models import (
    Attendance,
    Hearing,
    HearingMode,
    HearingParticipant,
    HearingStatus,
    ParticipantKind,
)
from smartcourt.hearings.room.models import Room
from smartcourt.hearings.room.services import room_for_hearing, room_identity_confirm

from .seed import DEMO_COURT


def demo_hearing_room() -> Room | None:
    """The demo's online hearing room that demo_lawyer may join (what `demo_logins` prints)."""
    return (
        Room.objects.filter(hearing__court__code=DEMO_COURT, participants__user__username="demo_lawyer", state="open")
        .order_by("pk")
        .first()
    )


def demo_seed(*, seed: int, log: Callable[[str], object]) -> int:
    if demo_hearing_room() is not None:
        log("    在线庭审室示例已存在。")
        return 0
    judge = User.objects.filter(username="demo_judge").first()
    lawyer = User.objects.filter(username="demo_lawyer").first()
    clerk = User.objects.filter(username="demo_clerk").first()
    if judge is None or lawyer is None or clerk is None:
        log("    未找到演示账号，跳过在线庭审室。")
        return 0
    hearing = (
        Hearing.objects.filter(
            court__code=DEMO_COURT,
            mode=HearingMode.ONLINE,
            status=HearingStatus.SCHEDULED,
            bench__user=judge,
            starts_at__gte=timezone.now(),
        )
        .select_related("case")
        .order_by("starts_at")
        .first()
    )
    if hearing is None:
        log("    没有可用的在线庭审排期，跳过在线庭审室。")
        return 0
    with transaction.atomic():
        party = hearing.case.parties.filter(role="plaintiff").order_by("pk").first()
        if party is not None and not HearingParticipant.objects.filter(hearing=hearing, user=lawyer).exists():
            rep, _ = Representation.objects.get_or_create(party=party, user=lawyer, defaults={
                "kind": "lawyer", "name": lawyer.get_full_name(), "licence_no": lawyer.lawyer_licence_no,
                "law_firm": lawyer.law_firm, "starts_on": timezone.localdate() - timedelta(days=30)})  # fmt: skip
            HearingParticipant.objects.create(
                hearing=hearing, kind=ParticipantKind.LAWYER, name=lawyer.get_full_name(), representation=rep,
                user=lawyer, licence_no=lawyer.lawyer_licence_no, attendance=Attendance.ONLINE,
            )  # fmt: skip
        room = room_for_hearing(hearing)
        me = room.participants.filter(user=lawyer).first()
        if me is not None and me.identity_confirmed_at is None:
            room_identity_confirm(participant=me, actor=clerk, method="id_card", note="演示：已核验身份证件")
    log(f"  在线庭审室：{room.title}（法官 demo_judge，律师 demo_lawyer）")
    return 1

"""Appearance notices (出庭通知书), issue 16: the paper that calls a participant who is not a party to the hearing —
lawyers, other agents, defenders, witnesses, interpreters, appraisers (parties get a 传票, services.py). 民诉法
Art. 139 (刑诉法 Art. 187 in criminal cases): the court notifies the parties and the other participants three days
before the hearing; a witness must testify (民诉法 Art. 75), an appraiser appears when required (Art. 81).

- `appearance_notices_plan`, inside the scheduling transaction: one pending notice per such participant (none twice);
  after the commit, the dispatch is queued as a background task (the PDF comes from LibreOffice: seconds).
- `appearance_notices_dispatch`: for each pending notice, the paper is generated on the documents path (kind
  `appearance_notice`, the court's current template) and sent: a representative's through the service app (a
  service task on the represented party: service on the agent is service on the party, 民诉法 Art. 88); a witness,
  interpreter or appraiser without an account by SMS through the one outbox (when a mobile number is known) and by
  post (the clerk records the mailing); with neither, the notice waits with a Chinese note for the clerk.
- `appearance_notices_withdraw`: the date no longer holds (reschedule, postponement, cancellation).
- `appearance_notice_posted`: the clerk records that the paper was mailed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.actors import actor_user
from smartcourt.core.citations import Citation
from smartcourt.core.errors import Conflict
from smartcourt.core.intake.store import blob_read
from smartcourt.core.outbox.services import outbox_send
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, permission_require
from smartcourt.courts.selectors import SYSTEM, user_get
from smartcourt.service.services import ServiceInputError, service_task_cancel, service_task_create

from .models import AppearanceNotice, AppearanceNoticeState, Hearing, HearingParticipant, ParticipantKind
from .rules import notice as N

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor

NOTICE_KINDS = frozenset(
    {ParticipantKind.LAWYER, ParticipantKind.AGENT, ParticipantKind.DEFENDER, ParticipantKind.WITNESS,
     ParticipantKind.INTERPRETER, ParticipantKind.APPRAISER}
)  # fmt: skip
WITNESS = Citation("民事诉讼法", "第七十五条")  # 凡是知道案件情况的单位和个人，都有义务出庭作证
APPRAISER = Citation("民事诉讼法", "第八十一条")  # 鉴定人应当出庭作证
AGENT_SERVICE = Citation("民事诉讼法", "第八十八条")  # 受送达人有诉讼代理人的，可以送交其代理人签收
LIVE = (AppearanceNoticeState.PENDING, AppearanceNoticeState.SERVICE, AppearanceNoticeState.SMS,
        AppearanceNoticeState.POST, AppearanceNoticeState.NO_CONTACT)  # fmt: skip


class AppearanceNoticeRefused(Conflict):
    code = "hearing.appearance_notice_refused"


def basis(*, kind: str, case_kind: str) -> str:
    """The sentence the notice prints under the call, naming the articles."""
    notice = N.CRIMINAL if case_kind == "criminal" else N.CIVIL
    if kind == ParticipantKind.WITNESS:
        return (
            f"凡是知道案件情况的单位和个人，都有义务出庭作证（{WITNESS}）。本通知依照{notice}的规定于开庭三日前送达。"
        )
    if kind == ParticipantKind.APPRAISER:
        return f"鉴定人应当出庭作证（{APPRAISER}）。本通知依照{notice}的规定于开庭三日前送达。"
    return f"本通知依照{notice}的规定于开庭三日前送达。"


def appearance_notices_plan(*, hearing: Hearing, actor: Actor) -> int:
    """Inside the scheduling transaction: a pending notice for each participant who gets one and has none in force;
    the dispatch follows the commit as a background task. Returns how many were planned."""
    have = set(
        AppearanceNotice.objects.filter(hearing=hearing, state__in=LIVE).values_list("participant_id", flat=True)
    )
    rows = [
        AppearanceNotice(hearing=hearing, participant=p)
        for p in hearing.participants.filter(kind__in=NOTICE_KINDS).order_by("pk")
        if p.pk not in have
    ]
    AppearanceNotice.objects.bulk_create(rows)
    if rows and getattr(settings, "HEARING_APPEARANCE_NOTICES_AUTO", True):
        user = actor_user(actor)
        hearing_id, actor_id = hearing.pk, (user.pk if user else None)

        def enqueue() -> None:
            from .tasks import appearance_notices_dispatch_task

            appearance_notices_dispatch_task.enqueue(hearing_id=hearing_id, actor_id=actor_id)

        transaction.on_commit(enqueue)
    return len(rows)


def _place(hearing: Hearing) -> str:
    from .ics import hearing_place

    return hearing_place(hearing)


def _sms_text(hearing: Hearing, p: HearingParticipant, when: str, place: str, posted: bool) -> str:
    paper = "出庭通知书另行邮寄。" if posted else "出庭通知书请到本院领取。"
    return (
        f"【{hearing.court.name}】{p.name}：本院定于{when}在{place}开庭审理{hearing.case.number}一案，"
        f"请你以{p.get_kind_display()}身份准时出庭。{paper}"
    )


def _send(notice: AppearanceNotice, hearing: Hearing, actor: Actor) -> None:
    from smartcourt.documents.services import document_generate

    p = notice.participant
    start, end = timezone.localtime(hearing.starts_at), timezone.localtime(hearing.ends_at)
    when = f"{start:%Y年%m月%d日 %H:%M}至{end:%H:%M}"
    place = _place(hearing)
    document = document_generate(
        actor=actor, case=hearing.case, kind="appearance_notice",
        extra={"recipient_name": p.name, "hearing_time": when, "hearing_place": place,
               "appearance_role": p.get_kind_display(), "appearance_basis": basis(kind=p.kind, case_kind=hearing.case.kind)},
    )  # fmt: skip
    notice.document = document
    notice.issued_at = timezone.now()
    if p.representation_id and p.party_id:
        # a representative: served through the service app on the party it represents (Art. 88)
        from smartcourt.cases.selectors import case_party_get

        party = case_party_get(party_id=p.party_id)
        if party is None:  # the party row is PROTECTed from deletion; defensive only
            notice.state, notice.note = AppearanceNoticeState.NO_CONTACT, "被代理的当事人不存在。"
            return
        try:
            notice.service_task = service_task_create(
                case=hearing.case, recipient=party, document=blob_read(document.pdf_storage_name),
                document_type="notice", title=f"出庭通知书（{p.name}）", actor=actor,
                origin_ref=f"hearings.appearance:{notice.pk}",
            )  # fmt: skip
            notice.state, notice.note = AppearanceNoticeState.SERVICE, f"经送达平台向代理人送达（{AGENT_SERVICE}）"
        except ServiceInputError as exc:
            notice.state, notice.note = AppearanceNoticeState.NO_CONTACT, f"未能交付送达：{exc.message}"[:300]
        return
    if p.phone:
        message = outbox_send(
            channel="sms", to=p.phone, body=_sms_text(hearing, p, when, place, bool(p.address)),
            purpose="hearing.appearance_notice", court=hearing.court, related=("hearings.appearance_notice", notice.pk),
        )  # fmt: skip
        notice.sms_message_id = message.pk
        notice.state = AppearanceNoticeState.SMS
        notice.note = "已短信通知；出庭通知书原件待邮寄。" if p.address else "已短信通知；出庭通知书可到院领取。"
    elif p.address:
        notice.state, notice.note = AppearanceNoticeState.POST, "出庭通知书待邮寄。"
    else:
        notice.state = AppearanceNoticeState.NO_CONTACT
        notice.note = "缺少手机号码和邮寄地址：请补充联系方式后重新发出，或电话通知并记录。"


@transaction.atomic
def appearance_notices_dispatch(*, hearing: Hearing, actor: Actor) -> list[AppearanceNotice]:
    """Generate and send the pending notices of `hearing` (see the module docstring). One timeline event."""
    hearing = Hearing.objects.select_related("case", "court", "room").get(pk=hearing.pk)
    permission_require(
        actor=actor, resource=Resource.HEARING, action=Action.CHANGE, obj=hearing.case,
        message="您不是本案承办法官、法官助理或书记员，不能发出出庭通知书。",
    )  # fmt: skip
    pending = list(
        AppearanceNotice.objects.select_for_update(of=("self",))
        .select_related("participant")
        .filter(hearing=hearing, state=AppearanceNoticeState.PENDING)
        .order_by("pk")
    )
    for notice in pending:
        _send(notice, hearing, actor)
        notice.save()
    if pending:
        states = ", ".join(f"{n.participant.name}{n.get_state_display()}" for n in pending)
        case_event_append(
            case=hearing.case, type=CaseEventType.HEARING_SUMMONS_ISSUED, actor=actor,
            summary=f"发出出庭通知书{len(pending)}份：{states}"[:300],
            new={"hearing": hearing.pk, "appearance_notices": [n.pk for n in pending]},
        )  # fmt: skip
        audit_record(
            actor=actor, action=AuditAction.HEARING_SUMMONS_ISSUE, target=hearing,
            extra={"case": hearing.case.number, "appearance_notices": len(pending)},
        )  # fmt: skip
    return pending


def appearance_notices_reissue(*, hearing: Hearing, actor: Actor) -> list[AppearanceNotice]:
    """The clerk sends again the notices that found no contact (after completing the participant's phone or
    address), and any still pending."""
    AppearanceNotice.objects.filter(hearing=hearing, state=AppearanceNoticeState.NO_CONTACT).update(
        state=AppearanceNoticeState.CANCELLED, note="重新发出", updated_at=timezone.now()
    )
    appearance_notices_plan_only(hearing=hearing)
    return appearance_notices_dispatch(hearing=hearing, actor=actor)


def appearance_notices_plan_only(*, hearing: Hearing) -> None:
    have = set(
        AppearanceNotice.objects.filter(hearing=hearing, state__in=LIVE).values_list("participant_id", flat=True)
    )
    AppearanceNotice.objects.bulk_create(
        [AppearanceNotice(hearing=hearing, participant=p) for p in hearing.participants.filter(kind__in=NOTICE_KINDS)
         if p.pk not in have]
    )  # fmt: skip


def appearance_notices_withdraw(*, hearing: Hearing, why: str) -> int:
    """Inside the caller's transaction: the notices for a date that no longer holds are void; their service tasks
    not yet served are cancelled by the platform (as the summonses are)."""
    n = 0
    for notice in AppearanceNotice.objects.select_related("service_task").filter(hearing=hearing, state__in=LIVE):
        task = notice.service_task
        if task is not None and task.state not in ("served", "cancelled"):
            service_task_cancel(task=task, actor=SYSTEM, reason=why)  # type: ignore[arg-type]
        notice.state, notice.note = AppearanceNoticeState.CANCELLED, why[:300]
        notice.save(update_fields=["state", "note", "updated_at"])
        n += 1
    return n


@transaction.atomic
def appearance_notice_posted(*, notice: AppearanceNotice, actor: Actor, tracking: str = "") -> AppearanceNotice:
    notice = AppearanceNotice.objects.select_for_update(of=("self",)).select_related("hearing__case").get(pk=notice.pk)
    permission_require(actor=actor, resource=Resource.HEARING, action=Action.CHANGE, obj=notice.hearing.case)
    if notice.state not in (AppearanceNoticeState.POST, AppearanceNoticeState.SMS):
        raise AppearanceNoticeRefused(f"该出庭通知书{notice.get_state_display()}，不能登记邮寄。")
    tracking = (tracking or "").strip()[:60]
    notice.state = AppearanceNoticeState.POSTED
    notice.note = f"已邮寄{('，邮件号' + tracking) if tracking else ''}"
    notice.save(update_fields=["state", "note", "updated_at"])
    case_event_append(
        case=notice.hearing.case, type=CaseEventType.HEARING_SUMMONS_ISSUED, actor=actor,
        summary=f"邮寄出庭通知书（{notice.participant.name}）", new={"appearance_notice": notice.pk, "tracking": tracking},
    )  # fmt: skip
    return notice


def dispatch_by_ids(*, hearing_id: int, actor_id: int | None) -> None:
    """The background task's body: the actor who scheduled (or the platform when unknown)."""
    hearing = Hearing.objects.filter(pk=hearing_id).first()
    if hearing is None:
        return
    actor: Any = user_get(user_id=actor_id) or SYSTEM
    appearance_notices_dispatch(hearing=hearing, actor=actor)

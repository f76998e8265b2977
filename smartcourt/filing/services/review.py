"""Writes of filing review (立案审查): accept (立案), one consolidated correction notice (补正), or a ruling not to
accept (不予受理); cross-region filing (跨域立案): receive at one court's counter and forward to the competent court.

Each decision: one transaction, one filing event, one audit row, and a message to the filer.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.cases import services as case_services
from smartcourt.cases.services import PartyIn
from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import Forbidden
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.courts.permissions import Action, Resource, allows, grant_courts
from smartcourt.jobs.handoff import handoff_emit
from smartcourt.legaltime.selectors import deadline_due

from ..hooks import filer_notify
from ..models import CorrectionRequest, Filing, FilingChannel, FilingEventType, FilingState, Track
from ..rules.filing_input import FilingInputError
from .filing import FilingStateError, filing_event_append, review_clock_start

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, Division, User

CORRECTION_DAYS_DEFAULT = 15
TRACK_PROCEDURE = {
    Track.ORDINARY: ("民初", "ordinary"),
    Track.SIMPLE: ("民初", "simple"),
    Track.SMALL_CLAIMS: ("民初", "small_claims"),
    Track.MEDIATION: ("诉前调", "pre_filing_mediation"),
}


def _locked_for_review(filing: Filing, actor: User) -> Filing:
    """The review services are the only way court staff act on a filing: FILING/REVIEW court-wide at the competent
    court. They decide on what was submitted and never change it (the filer corrects, services.filing)."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if not allows(user=actor, resource=Resource.FILING, action=Action.REVIEW, obj=filing):
        raise Forbidden()
    # Court-wide at the competent court, not at the court that merely received it at its counter (跨域立案).
    if filing.court_id is None or filing.court_id not in grant_courts(
        user=actor, resource=Resource.FILING, action=Action.REVIEW
    ):
        raise Forbidden("只有受诉法院的立案人员可以审查该立案申请。")
    if filing.state != FilingState.SUBMITTED:
        raise FilingStateError(f"立案申请当前状态为“{filing.get_state_display()}”，不能审查。")
    return filing


def _link(filing: Filing) -> str:
    return f"/portal/filings/{filing.pk}/"


def _parties_in(filing: Filing) -> list[PartyIn]:
    out = []
    for p in filing.parties.all():
        representatives = []
        is_principal = p.role == "plaintiff" and (p.is_filer or filing.filer_is_lawyer)
        if filing.filer_is_lawyer and p.role == "plaintiff" and filing.filer is not None:
            lawyer = filing.filer
            representatives.append(
                {
                    "kind": "lawyer",
                    "name": lawyer.get_full_name(),
                    "user": lawyer,
                    "licence_no": lawyer.lawyer_licence_no,
                    "law_firm": lawyer.law_firm,
                }
            )
        for auth in filing.authorisations.filter(revoked_at__isnull=True).select_related("lawyer"):
            if p.is_filer:
                representatives.append(
                    {
                        "kind": "lawyer",
                        "name": auth.lawyer.get_full_name(),
                        "user": auth.lawyer,
                        "licence_no": auth.lawyer.lawyer_licence_no,
                        "law_firm": auth.lawyer.law_firm,
                    }
                )
        out.append(
            PartyIn(
                role=p.role,
                kind=p.kind,
                name=p.name,
                id_number=p.id_number or None,
                credit_code=p.credit_code or None,
                phone=p.phone,
                address=p.address,
                legal_representative=p.legal_representative,
                # The filer's own party row is linked to the account, so the case shows in "my cases".
                user=filing.filer if (p.is_filer and not filing.filer_is_lawyer) else None,
                service_phone=p.phone if is_principal else "",
                service_address=p.address if is_principal else "",
                representatives=representatives,
            )
        )
    return out


@transaction.atomic
def filing_accept(
    *,
    filing: Filing,
    actor: User,
    track: str,
    override_reason: str = "",
    division: Division | None = None,
    today: date | None = None,
) -> Case:
    """Register the case (登记立案, 民诉法 Art. 126): number, parties, random assignment, fee notice, message."""
    from .fees import fee_notice_issue

    filing = _locked_for_review(filing, actor)
    if track not in Track.values:
        raise FilingInputError("请选择分流程序。", field="track")
    reason = (override_reason or "").strip()
    if track != filing.triage_suggested and not reason:
        raise FilingInputError(
            f"所选程序与系统建议（{Track(filing.triage_suggested).label if filing.triage_suggested else '无'}）不同，请填写理由。",
            field="override_reason",
        )
    if division is not None and division.court_id != filing.court_id:
        raise FilingInputError("承办部门不属于受诉法院。", field="division")
    if division is None:
        from smartcourt.courts.selectors import division_list

        division = division_list(court=filing.court).filter(kind__in=["civil", "commercial", "tribunal"]).first()
    type_code, procedure = TRACK_PROCEDURE[Track(track)]
    today = today or timezone.localdate()
    case = case_services.case_register(
        court=filing.court,
        type_code=type_code,
        parties=_parties_in(filing),
        actor=actor,
        cause=filing.cause,
        division=division,
        procedure=procedure,
        claim_amount=filing.claim_amount,
        filed_on=today,
    )
    assignment_note = ""
    if division is not None:
        try:
            with transaction.atomic():
                case_services.case_assign_random(case=case, actor=actor)
        except case_services.CaseInputError as exc:
            assignment_note = f"；分案未完成：{exc.message}"
        case.refresh_from_db()
    filing.state, filing.case = FilingState.ACCEPTED, case
    filing.decided_by, filing.decided_at = actor, timezone.now()
    filing.triage_final, filing.triage_override_reason = track, reason
    filing.save()
    notice = fee_notice_issue(filing=filing, case=case, actor=actor, today=today) if type_code == "民初" else None
    filing_event_append(
        filing=filing,
        type=FilingEventType.ACCEPTED,
        actor=actor,
        summary=f"决定立案，案号{case.number}（民事诉讼法第一百二十六条），适用{Track(track).label}{assignment_note}",
        payload={"case": case.pk, "track": track, "suggested": filing.triage_suggested, "override": reason},
    )
    audit_record(
        actor=actor, action=AuditAction.FILING_ACCEPT, target=filing, reason=reason, extra={"case": case.number}
    )
    # The dossier files the complaint and evidence, then service serves the filed complaint (民诉法 Art. 128): recorded
    # here, run after the commit and retried, so a failure there can neither undo nor fail this acceptance.
    handoff_emit(event="filing.case_opened", payload={"filing_id": filing.pk, "case_id": case.pk, "actor_id": actor.pk})
    body = f"您提交的立案申请（{filing.reference}）已立案，案号{case.number}。"
    if notice is not None:
        body += f"请于{notice.due_on:%Y年%m月%d日}前交纳案件受理费{notice.amount}元（诉讼费用交纳办法第二十二条），逾期未交按撤诉处理。"
    filer_notify(
        recipient=filing.filer,
        title=f"已立案：{case.number}",
        body=body,
        link=_link(filing),
        topic="filing.accepted",
        court=case.court,
    )
    return case


@transaction.atomic
def filing_request_correction(
    *, filing: Filing, actor: User, items: list[dict[str, str]], due_days: int = CORRECTION_DAYS_DEFAULT
) -> CorrectionRequest:
    """One written notice listing every defect, with a deadline (一次性书面告知补正, 登记立案规定 Art. 7 para. 1).
    The deadline is the court's `due_days` counted by legaltime (rule `civil.filing_correction`: the notice day is
    not counted, an end on a rest day moves to the next working day, 民事诉讼法 Art. 85). The review clock stops;
    it restarts from the day the corrections arrive (Art. 7 para. 2)."""
    filing = _locked_for_review(filing, actor)
    clean = [
        {"field": (i.get("field") or "other").strip()[:32], "message": (i.get("message") or "").strip()[:500]}
        for i in items
        if (i.get("message") or "").strip()
    ]
    if not clean:
        raise FilingInputError("请至少列明一项需要补正的内容（一次性告知全部补正事项）。", field="items")
    if not 1 <= due_days <= 30:
        raise FilingInputError("补正期限应为1至30日。", field="due_days")
    deadline = deadline_due(rule="civil.filing_correction", start=timezone.localdate(), amount=due_days)
    due_on = deadline.due
    correction = CorrectionRequest.objects.create(filing=filing, items=clean, due_on=due_on, issued_by=actor)
    filing.state, filing.review_due_on = FilingState.CORRECTION, None
    filing.save(update_fields=["state", "review_due_on", "updated_at"])
    listing = "；".join(f"{n}. {i['message']}" for n, i in enumerate(clean, start=1))
    filing_event_append(
        filing=filing,
        type=FilingEventType.CORRECTION_REQUESTED,
        actor=actor,
        summary=f"一次性告知补正{len(clean)}项，补正期限{due_days}日，至{due_on:%Y-%m-%d}（{deadline.rule.citation}"
        + (f"；届满日为休息日，顺延，{deadline.rule.counting.rest_day}）" if deadline.skipped else "）"),
        payload={"items": clean, "due_on": due_on.isoformat(), "due_explanation": deadline.explanation},
    )
    audit_record(actor=actor, action=AuditAction.FILING_REQUEST_CORRECTION, target=filing, extra={"items": len(clean)})
    filer_notify(
        recipient=filing.filer,
        title=f"请补正立案材料（{filing.reference}）",
        body=f"请于{due_on:%Y年%m月%d日}前补正：{listing}。补正后审查期限重新计算（登记立案规定第七条）。",
        link=_link(filing),
        topic="filing.correction",
        court=filing.court,
    )
    return correction


@transaction.atomic
def filing_reject(*, filing: Filing, actor: User, reason: str) -> Filing:
    """Rule not to accept (裁定不予受理, 民诉法 Art. 126; 登记立案规定 Art. 9: in writing, with reasons). The filer is
    told the appeal period from legaltime's rule `civil.appeal.ruling` (民诉法 Art. 171(2)), with its date counted
    from today's notice."""
    filing = _locked_for_review(filing, actor)
    text = (reason or "").strip()
    if len(text) < 10:
        raise FilingInputError("不予受理须在裁定中写明理由（不少于10字，登记立案规定第九条）。", field="reason")
    filing.state, filing.rejection_reason = FilingState.REJECTED, text[:2000]
    filing.decided_by, filing.decided_at = actor, timezone.now()
    filing.save(update_fields=["state", "rejection_reason", "decided_by", "decided_at", "updated_at"])
    served_on = timezone.localdate()
    appeal = deadline_due(rule="civil.appeal.ruling", start=served_on)
    period = f"在裁定书送达之日起{appeal.rule.period_text}内向上一级人民法院提起上诉（{appeal.rule.citation}）"
    moved = f"（届满日为休息日，顺延至其后第一个工作日，{appeal.rule.counting.rest_day}）" if appeal.skipped else ""
    filing_event_append(
        filing=filing,
        type=FilingEventType.REJECTED,
        actor=actor,
        summary=f"裁定不予受理（民事诉讼法第一百二十六条），原告不服可{period}",
        payload={
            "reason": text,
            "appeal": {"rule": appeal.rule.code, "served_on": served_on.isoformat(), "due": appeal.due.isoformat()},
        },
    )
    audit_record(actor=actor, action=AuditAction.FILING_REJECT, target=filing, reason=text[:200])
    filer_notify(
        recipient=filing.filer,
        title=f"不予受理裁定（{filing.reference}）",
        body=f"理由：{text.rstrip('。')}。如不服本裁定（民事诉讼法第一百二十六条），可{period}；"
        f"以{served_on:%Y年%m月%d日}送达计算，上诉期至{appeal.due:%Y年%m月%d日}届满{moved}。",
        link=_link(filing),
        topic="filing.rejected",
        court=filing.court,
    )
    return filing


# ---------------------------------------------------------------- cross-region filing (跨域立案)


@transaction.atomic
def filing_receive_for_other_court(*, filing: Filing, receiving_court: Court, actor: Actor) -> Filing:
    """A complaint handed in at `receiving_court` for another (competent) court: recorded as received, to be checked
    and forwarded (最高人民法院关于全面推进跨域立案服务的意见, 2019). The receiving court's filing officers (FILING/REVIEW
    court-wide there) or the platform (a kiosk) receive it; the act is on the timeline under their name."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if actor is not SYSTEM and receiving_court.pk not in grant_courts(
        user=actor, resource=Resource.FILING, action=Action.REVIEW
    ):
        raise Forbidden("只有收件法院的立案人员可以接收跨域立案材料。")
    if filing.court_id is None or filing.court_id == receiving_court.pk:
        raise FilingInputError("跨域立案须选择与收件法院不同的管辖法院。", field="court")
    filing.receiving_court, filing.channel, filing.state = (
        receiving_court,
        FilingChannel.CROSS_REGION,
        FilingState.RECEIVED,
    )
    filing.submitted_at = filing.submitted_at or timezone.now()
    filing.save(update_fields=["receiving_court", "channel", "state", "submitted_at", "updated_at"])
    filing_event_append(
        filing=filing,
        type=FilingEventType.RECEIVED_CROSS_REGION,
        actor=actor,
        summary=f"{receiving_court.name}跨域立案窗口收到材料，待核对后转交{filing.court.name}",
    )
    audit_record(actor=actor, action=AuditAction.FILING_RECEIVE_CROSS_REGION, target=filing)
    return filing


@transaction.atomic
def filing_forward(*, filing: Filing, actor: User, note: str = "") -> Filing:
    """The receiving court has checked the materials and forwards them; the competent court's 7-day review clock
    starts on the day it receives them."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if filing.receiving_court_id is None or filing.receiving_court_id not in grant_courts(
        user=actor, resource=Resource.FILING, action=Action.REVIEW
    ):
        raise Forbidden("只有收件法院的立案人员可以转交该材料。")
    if filing.state != FilingState.RECEIVED:
        raise FilingStateError("该材料已转交或已处理。")
    from .filing import triage_for

    filing.state, filing.forwarded_at, filing.forwarded_by = FilingState.SUBMITTED, timezone.now(), actor
    review_clock_start(filing)
    suggestion = triage_for(filing)
    filing.triage_suggested, filing.triage_reasons = suggestion.track, suggestion.reasons
    filing.save()
    filing_event_append(
        filing=filing,
        type=FilingEventType.FORWARDED,
        actor=actor,
        summary=f"{filing.receiving_court.name}核对材料后转交{filing.court.name}，审查期限至{filing.review_due_on:%Y-%m-%d}",
        payload={"note": note[:200]},
    )
    audit_record(actor=actor, action=AuditAction.FILING_FORWARD, target=filing, reason=note[:200])
    filer_notify(
        recipient=filing.filer,
        title=f"跨域立案材料已转交（{filing.reference}）",
        body=f"{filing.receiving_court.name}已将您的材料转交{filing.court.name}审查。",
        link=_link(filing),
        topic="filing.forwarded",
        court=filing.court,
    )
    return filing

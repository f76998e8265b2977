"""Writes for a representation authorised after the case was registered (立案后委托诉讼代理人): the party submits a
power of attorney (授权委托书) naming a lawyer on the platform; the case's judge, assistant or clerk reviews it; once
accepted, the representation is in force from that day and the lawyer sees the case and its dossier.

Why the court's review comes first (ADR 0020): whoever litigates through another must submit to the court a power of
attorney signed by them, stating the matters and the powers (民事诉讼法 Art. 62); a special authorisation must name
each power (Art. 62 para. 2; 民诉法解释 Art. 89); a party has at most two representatives (Art. 61); and an electronic
document may be used in the proceedings once the court has reviewed it (人民法院在线诉讼规则 Art. 12). Until then the
lawyer sees the submission's state, not the case, its parties' personal data or its file.

A filing not yet accepted keeps its own authorisation (filing.Authorisation), reviewed with the filing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smartcourt.core.actors import actor_required, actor_user
from smartcourt.core.errors import Forbidden
from smartcourt.core.intake import checks, scan
from smartcourt.core.intake.errors import IntakeRefused
from smartcourt.core.intake.limits import limits_current
from smartcourt.core.intake.store import blob_store
from smartcourt.core.services import AuditAction, audit_record, notification_send
from smartcourt.core.timeline import event_time
from smartcourt.courts.permissions import Action, Resource, permission_require
from smartcourt.courts.roles import Role
from smartcourt.jobs.handoff import handoff_emit

from .models import Case, CaseEventType, CaseParty, CaseState, PowerOfAttorney, Representation
from .rules import representation as rep_rules
from .services_base import CaseInputError, case_event_append

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import User

DOCUMENT_KINDS = frozenset({"pdf", "jpeg", "png"})  # a signed (or sealed) document, scanned or photographed
DEFAULT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# 委托诉讼代理人 count towards Art. 61's one or two; a guardian (法定代理人) or a defender does not
MANDATED_KINDS = (Representation.Kind.LAWYER, Representation.Kind.AGENT)


def power_of_attorney_max_bytes() -> int:
    """The largest power-of-attorney document accepted (settings.POWER_OF_ATTORNEY_MAX_BYTES, default 20 MB)."""
    return int(getattr(settings, "POWER_OF_ATTORNEY_MAX_BYTES", DEFAULT_DOCUMENT_MAX_BYTES))


def _local_today() -> date:
    return timezone.localtime(event_time()).date()


def _mandates(party: CaseParty) -> tuple[int, int]:
    """The party's representatives in force today and its powers of attorney awaiting review."""
    from .permissions import representation_in_force_q

    today = _local_today()
    in_force = Representation.objects.filter(
        representation_in_force_q(on=today), party=party, kind__in=MANDATED_KINDS
    ).count()
    pending = PowerOfAttorney.objects.filter(party=party, state=PowerOfAttorney.State.PENDING).count()
    return in_force, pending


def _team(case: Case) -> list[User]:
    return [u for u in (case.judge, case.assistant, case.clerk) if u is not None]


def power_of_attorney_submit(
    *,
    party: CaseParty,
    actor: Actor,
    lawyer: User,
    matters: str,
    special_powers: Sequence[str] = (),
    document: bytes,
    document_name: str,
) -> PowerOfAttorney:
    """A party submits a power of attorney (提交授权委托书) for a lawyer on a registered case: the signed document, the
    matters entrusted, and any special powers named one by one (民事诉讼法 Art. 62). It waits for the court's review;
    the lawyer sees nothing of the case until it is accepted. Only the party themself may submit (the permission
    table's POWER_OF_ATTORNEY/CHANGE, OWN = the party's own account)."""
    actor_required(actor)
    principal = actor_user(actor)
    if principal is None:  # a power of attorney is signed by a person (民诉法 Art. 62), never by the platform
        raise Forbidden("只有当事人本人可以向法院提交授权委托书。")
    matters = (matters or "").strip()
    if not matters:
        raise CaseInputError(
            f"请写明委托事项（{rep_rules.POWER_OF_ATTORNEY}：授权委托书必须记明委托事项和权限）。",
            extra={"field": "matters"},
        )
    if len(matters) > 300:
        raise CaseInputError("委托事项不超过300字。", extra={"field": "matters"})
    powers, problem = rep_rules.special_powers_clean(special_powers)
    if problem:
        raise CaseInputError(problem, extra={"field": "special_powers"})
    if lawyer.pk == principal.pk or not lawyer.lawyer_licence_no:
        raise CaseInputError("受托人须为已登记执业证号的律师。", extra={"field": "lawyer"})
    if not lawyer.is_active or not lawyer.grants.filter(role=Role.LAWYER).exists():
        raise CaseInputError("受托人须为已登记执业证号的律师。", extra={"field": "lawyer"})
    name = (document_name or "").strip()[:200]
    try:
        verdict = checks.content_check(
            document,
            filename=name,
            kinds=DOCUMENT_KINDS,
            max_bytes=power_of_attorney_max_bytes(),
            limits=limits_current(),  # images decoded now, so the dossier can file what the court accepts
        )
        scan.scan_or_refuse(content=document, filename=name)
    except IntakeRefused as exc:
        raise CaseInputError(str(exc.message), extra={"field": "document"}) from exc
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("judge", "assistant", "clerk")
            .get(pk=party.case_id)
        )
        party = CaseParty.objects.select_related("person").get(pk=party.pk)
        if case.state == CaseState.ARCHIVED:
            raise CaseInputError("本案已归档，不能再委托诉讼代理人。")
        if PowerOfAttorney.objects.filter(party=party, lawyer=lawyer, state=PowerOfAttorney.State.PENDING).exists():
            raise CaseInputError(f"委托{lawyer.get_full_name()}律师的授权委托书已提交，正在等待法院审查。")
        from .permissions import representation_in_force_q

        if Representation.objects.filter(
            representation_in_force_q(on=_local_today()), party=party, user=lawyer
        ).exists():
            raise CaseInputError(f"{lawyer.get_full_name()}律师已是您在本案的诉讼代理人。", extra={"field": "lawyer"})
        in_force, pending = _mandates(party)
        problem = rep_rules.representatives_limit_problem(in_force=in_force, pending=pending)
        if problem:
            raise CaseInputError(problem, extra={"field": "lawyer"})
        blob = blob_store(content=document, ext=verdict.ext)
        power = PowerOfAttorney.objects.create(
            party=party,
            principal=principal,
            lawyer=lawyer,
            matters=matters,
            special_powers=powers,
            document=blob.name,
            document_sha256=blob.sha256,
            document_name=name,
            document_type=verdict.content_type,
        )
        # The party's own submission: checked on the row itself, so a refusal rolls the row back with the rest.
        permission_require(
            actor=actor,
            resource=Resource.POWER_OF_ATTORNEY,
            action=Action.CHANGE,
            obj=power,
            message="只有当事人本人可以向法院提交授权委托书。",
        )
        authority = rep_rules.authority_label(powers)
        listed = f"：{rep_rules.special_powers_text(powers)}" if powers else ""
        case_event_append(
            case=case,
            type=CaseEventType.PARTY_POWER_OF_ATTORNEY_SUBMITTED,
            actor=actor,
            summary=f"{party.person.name}提交授权委托书，委托{lawyer.law_firm}{lawyer.get_full_name()}律师为诉讼代理人"
            f"（{authority}{listed}），待法院审查（{rep_rules.POWER_OF_ATTORNEY}）",
            new={"power_of_attorney": power.pk, "lawyer": lawyer.pk, "special_powers": powers},
        )
        audit_record(
            actor=actor,
            action=AuditAction.CASE_POWER_OF_ATTORNEY_SUBMIT,
            target=case,
            extra={"power_of_attorney": power.pk, "lawyer": lawyer.pk, "sha256": blob.sha256},
        )
        for member in _team(case):
            notification_send(
                recipient=member,
                title=f"待审查授权委托书：{case.number}",
                body=f"{party.person.name}委托{lawyer.get_full_name()}律师为诉讼代理人，请审查授权委托书。",
                link=f"/cases/{case.pk}/?tab=parties",
                topic="case.power_of_attorney_submitted",
            )
        notification_send(
            recipient=lawyer,
            title=f"当事人委托您代理：{case.number}",
            body=f"{party.person.name}已向法院提交委托您为诉讼代理人的授权委托书，法院审查接受后您即可查阅本案和电子卷宗。",
            link="/portal/cases/",
            topic="case.power_of_attorney_submitted",
        )
    return power


@transaction.atomic
def power_of_attorney_review(*, power: PowerOfAttorney, actor: Actor, accept: bool, note: str = "") -> PowerOfAttorney:
    """The court reviews a power of attorney (审查授权委托书, 民事诉讼法 Art. 62; 人民法院在线诉讼规则 Art. 12).
    Accepted: the lawyer becomes the party's representative (`Representation`) from today, with the powers the
    document names, and the document is filed into the dossier (hand-off "case.power_of_attorney_accepted").
    Refused: with a reason the party reads. The case's judge, assistant or clerk reviews (POWER_OF_ATTORNEY/APPROVE)."""
    # the case first, then the document: the order every write on a case's parties takes (no deadlock with a submit)
    case = Case.objects.select_for_update().get(parties__pk=power.party_id)  # a document never changes party
    power = (
        PowerOfAttorney.objects.select_for_update(of=("self",))
        .select_related("party__person", "party__case", "lawyer", "principal")
        .get(pk=power.pk)
    )
    permission_require(
        actor=actor,
        resource=Resource.POWER_OF_ATTORNEY,
        action=Action.APPROVE,
        obj=power,
        message="只有本案承办法官、法官助理或书记员可以审查授权委托书。",
    )
    if power.state != PowerOfAttorney.State.PENDING:
        raise CaseInputError(f"该授权委托书已审查（{power.get_state_display()}）。")
    note = (note or "").strip()[:300]
    lawyer, party = power.lawyer, power.party
    if not accept and len(note) < 4:
        raise CaseInputError("不予接受须说明理由，如“委托书未经委托人签名”。", extra={"field": "note"})
    power.reviewed_by, power.reviewed_at, power.review_note = actor_user(actor), event_time(), note
    if accept:
        in_force, _pending = _mandates(party)
        problem = rep_rules.representatives_limit_problem(in_force=in_force)
        if problem:
            raise CaseInputError(problem)
        today = _local_today()
        representation = Representation.objects.create(
            party=party,
            kind=Representation.Kind.LAWYER,
            name=lawyer.get_full_name(),
            user=lawyer,
            licence_no=lawyer.lawyer_licence_no,
            law_firm=lawyer.law_firm,
            authority=rep_rules.authority_label(power.special_powers),
            special_powers=power.special_powers,
            starts_on=today,
        )
        power.state, power.representation = PowerOfAttorney.State.ACCEPTED, representation
        power.save(update_fields=["state", "representation", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
        listed = rep_rules.special_powers_text(power.special_powers)
        case_event_append(
            case=case,
            type=CaseEventType.PARTY_REPRESENTATION_ADDED,
            actor=actor,
            summary=f"接受{party.person.name}的授权委托书：{lawyer.law_firm}{lawyer.get_full_name()}律师自{today:%Y-%m-%d}起"
            f"为其诉讼代理人（{representation.authority}{'：' + listed if listed else ''}，{rep_rules.POWER_OF_ATTORNEY}）",
            new={"representation": representation.pk, "power_of_attorney": power.pk, "starts_on": today.isoformat()},
        )
        audit_record(
            actor=actor,
            action=AuditAction.CASE_POWER_OF_ATTORNEY_ACCEPT,
            target=case,
            reason=note,
            extra={"power_of_attorney": power.pk, "representation": representation.pk, "lawyer": lawyer.pk},
        )
        # The dossier (a higher app) files the signed document: a hand-off, run after this commit and retried.
        handoff_emit(
            event="case.power_of_attorney_accepted",
            payload={"power_of_attorney_id": power.pk, "case_id": case.pk, "actor_id": getattr(actor, "pk", None)},
        )
        outcome = f"已接受，{lawyer.get_full_name()}律师自{today:%Y年%m月%d日}起代理本案，可查阅案件和电子卷宗。"
    else:
        power.state = PowerOfAttorney.State.REFUSED
        power.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
        case_event_append(
            case=case,
            type=CaseEventType.PARTY_POWER_OF_ATTORNEY_REFUSED,
            actor=actor,
            summary=f"{party.person.name}委托{lawyer.get_full_name()}律师的授权委托书不予接受：{note}",
            new={"power_of_attorney": power.pk, "reason": note},
        )
        audit_record(
            actor=actor,
            action=AuditAction.CASE_POWER_OF_ATTORNEY_REFUSE,
            target=case,
            reason=note,
            extra={"power_of_attorney": power.pk, "lawyer": lawyer.pk},
        )
        outcome = f"不予接受，理由：{note}。可补正后重新提交。"
    for recipient in dict.fromkeys([power.principal, lawyer]):
        notification_send(
            recipient=recipient,
            title=f"授权委托书审查结果：{case.number}",
            body=f"{party.person.name}委托{lawyer.get_full_name()}律师的授权委托书{outcome}",
            link="/portal/cases/",
            topic="case.power_of_attorney_reviewed",
        )
    return power

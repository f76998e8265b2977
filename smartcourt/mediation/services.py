"""Writes of mediation: a dispute's entry (from a filing, a shared court, a body's own entry, a judge's referral) and
routing; the deadline and its extension; messages, offers, the agreement and its signatures; failure, expiry and
filing as a case with its materials; judicial confirmation. Each write: one transaction, one dispute event (and the
case event where a case is touched), one audit row, and the funnel's aggregate row moved in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.cases import services as case_services
from smartcourt.cases.services import CaseEventType, PartyIn, case_event_append
from smartcourt.core.actors import SYSTEM, actor_required, actor_user
from smartcourt.core.errors import ApplicationError, Conflict, Forbidden
from smartcourt.core.outbox.services import outbox_deliver, outbox_send, sealed
from smartcourt.core.services import AuditAction, audit_record
from smartcourt.core.timeline import event_time, vocabulary_member
from smartcourt.courts.permissions import Action, Resource, allows, permission_require
from smartcourt.jobs.handoff import handoff_emit
from smartcourt.legaltime.selectors import deadline_due

from . import papers
from .models import (
    Agreement,
    Area,
    Confirmation,
    ConfirmationState,
    Dispute,
    DisputeEvent,
    DisputeEventType,
    DisputeParty,
    DisputeState,
    FunnelDay,
    MediationBody,
    Mediator,
    Message,
    Offer,
    OfferState,
    PartySide,
    Signature,
    Source,
)
from .rules import deadlines as D
from .rules import routing as R
from .rules import variants as V

if TYPE_CHECKING:
    from smartcourt.cases.models import Case, CauseOfAction
    from smartcourt.core.actors import Actor
    from smartcourt.courts.models import Court, User

    from .models import SharedCourt


class MediationInputError(ApplicationError):
    code = "mediation.invalid"
    message = _("调解信息有误，请检查后重试。")

    def __init__(self, message: str, *, field: str = "", code: str = "") -> None:
        super().__init__(message, extra={"field": field} if field else None)
        if code:
            self.code = code


class MediationStateError(Conflict):
    code = "mediation.state"


@dataclass(frozen=True)
class PartyData:
    side: str
    name: str
    kind: str = "natural"
    id_number: str = ""
    credit_code: str = ""
    phone: str = ""
    address: str = ""
    user: User | None = None
    email: str = ""


# --- helpers -----------------------------------------------------------------------------------------------------


def _event(dispute: Dispute, type: DisputeEventType, actor: Actor, summary: str, **payload: Any) -> DisputeEvent:
    return DisputeEvent.objects.create(
        dispute=dispute,
        type=vocabulary_member(DisputeEventType, type),
        occurred_at=event_time(),
        actor=actor_user(actor),
        summary=summary[:300],
        payload=payload,
    )


def _funnel(dispute: Dispute, field: str, day: date | None = None) -> None:
    """Move the funnel's aggregate row (day, area, cause) by one, in the caller's transaction."""
    day = day or timezone.localdate()
    row, _created = FunnelDay.objects.get_or_create(day=day, area_id=dispute.area_id, cause_name=dispute.cause_name)
    FunnelDay.objects.filter(pk=row.pk).update(**{field: F(field) + 1})


def _locked(dispute: Dispute) -> Dispute:
    return (
        Dispute.objects.select_for_update(of=("self",)).select_related("court", "body", "mediator").get(pk=dispute.pk)
    )


def _require_change(actor: Actor, dispute: Dispute) -> None:
    permission_require(
        actor=actor, resource=Resource.MEDIATION, action=Action.CHANGE, obj=dispute,
        message="您不是该纠纷的调解员或当事人，不能在此调解中操作。",
    )  # fmt: skip


def _require_mediating(dispute: Dispute, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if dispute.state != DisputeState.MEDIATING:
        raise MediationStateError(f"该纠纷{dispute.get_state_display()}，不能继续调解。")
    if dispute.due_on < today:
        raise MediationStateError(
            f"调解期限已于{dispute.due_on:%Y-%m-%d}届满（{D.PRE_FILING}），不能继续调解；将转入立案。"
        )


def _party_of(dispute: Dispute, actor: Actor) -> DisputeParty | None:
    user = actor_user(actor)
    if user is None:
        return None
    return dispute.parties.filter(user=user).first()


def _amount(value: object, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise MediationInputError("请填写正确的金额（元）。", field=field) from None
    if amount < 0 or amount > Decimal("1e15"):
        raise MediationInputError("金额须为非负数。", field=field)
    return amount.quantize(Decimal("0.01"))


def area_chain(area: Area) -> tuple[int, ...]:
    chain: list[int] = []
    node: Area | None = area
    while node is not None and len(chain) < 5:
        chain.append(node.pk)
        node = node.parent
    return tuple(chain)


def routing_for(
    *, court: Court, area: Area, cause_name: str, amount: Decimal | None, chosen_body: MediationBody | None = None,
    language: str = "",
) -> R.RoutingResult:  # fmt: skip
    """Which body and mediator (the rules module decides; this reads the candidates and their caseloads)."""
    bodies = [
        R.BodyInfo(b.pk, b.name, b.kind, b.speciality, b.area_id, b.max_amount, b.active)
        for b in MediationBody.objects.filter(court=court).order_by("pk")
    ]
    mediators = [
        R.MediatorInfo(
            m.pk,
            m.body_id,
            m.name,
            m.languages,
            m.caseload,
            m.rating,
            m.active,
            fields=tuple(m.fields or ()),
            area_ids=tuple(a.pk for a in m.areas.all()),
        )
        for m in Mediator.objects.filter(body__court=court)
        .annotate(caseload=Count("disputes", filter=Q(disputes__state=DisputeState.MEDIATING)))
        .prefetch_related("areas")
        .order_by("pk")
    ]
    data = R.RoutingInput(
        cause_name=cause_name, amount=amount, area_chain=area_chain(area),
        chosen_body_id=chosen_body.pk if chosen_body else None, language=language,
    )  # fmt: skip
    return R.route(data, bodies, mediators)


def guiding_judge(dispute: Dispute) -> User | None:
    """The judge guiding the dispute (法官挂点指导): its mediator's own, else its body's."""
    if dispute.mediator is not None and dispute.mediator.guiding_judge_id is not None:
        return dispute.mediator.guiding_judge
    return dispute.body.guiding_judge if dispute.body is not None else None


def _number(court: Court, today: date) -> str:
    """A body's own reference for a dispute entered without a filing (调解受理号)."""
    seq = Dispute.objects.filter(court=court, started_on__year=today.year).count() + 1
    while True:
        number = f"（{today.year}）{court.code}调{seq}号"
        if not Dispute.objects.filter(number=number).exists():
            return number
        seq += 1


# --- entry ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def dispute_open(
    *,
    court: Court,
    area: Area,
    source: str,
    cause_name: str,
    parties: list[PartyData],
    actor: Actor,
    cause: CauseOfAction | None = None,
    amount: Decimal | str | None = None,
    summary: str = "",
    chosen_body: MediationBody | None = None,
    language: str = "",
    number: str = "",
    filing_id: int | None = None,
    pre_case: Case | None = None,
    referral_case: Case | None = None,
    shared_court: SharedCourt | None = None,
    award_reference: str = "",
    children_involved: bool = False,
    strict_award: bool = True,
    today: date | None = None,
) -> Dispute:
    """Open a dispute in mediation, route it and start its deadline (legaltime's `mediation.pre_filing`)."""
    actor_required(actor)
    today = today or timezone.localdate()
    if source not in Source.values:
        raise MediationInputError("未知的纠纷来源。", field="source")
    if area.court_id != court.pk:
        raise MediationInputError("所选区域不属于该法院辖区。", field="area")
    cause_name = (cause_name or (cause.name if cause else "")).strip()
    if not cause_name:
        raise MediationInputError("请填写纠纷类型（案由）。", field="cause_name")
    if not any(p.side == PartySide.APPLICANT for p in parties) or not any(
        p.side == PartySide.RESPONDENT for p in parties
    ):
        raise MediationInputError("调解须有申请人和被申请人。", field="parties")
    for p in parties:
        if not p.name.strip():
            raise MediationInputError("当事人姓名/名称不能为空。", field="parties")
    value = None if amount in (None, "") else _amount(amount, "amount")
    variant = V.variant_for(R.speciality_for(cause_name))
    award = (award_reference or "").strip()
    if variant.needs_award and source == Source.FILING and not award and strict_award:
        raise MediationInputError(
            f"劳动争议须先经劳动争议仲裁，请填写劳动仲裁裁决书文号（{V.LABOUR_AWARD}）。", field="award_reference"
        )
    if source == Source.SHARED_COURT and shared_court is None:
        raise MediationInputError("请选择共享法庭。", field="shared_court")
    result = routing_for(
        court=court, area=area, cause_name=cause_name, amount=value, chosen_body=chosen_body, language=language
    )
    if variant.needs_award and not award:
        result.reasons.append(f"劳动争议未见劳动仲裁裁决书，请调解员核实（{V.LABOUR_AWARD}）")
    due = deadline_due(rule=D.PRE_FILING_RULE, start=today)
    dispute = Dispute.objects.create(
        number=number or _number(court, today),
        court=court, area=area, source=source, variant=variant.code, cause=cause, cause_name=cause_name[:100],
        amount=value, summary=summary.strip(), started_on=today, due_on=due.due, routing=result.reasons,
        body_id=result.body_id, mediator_id=result.mediator_id, filing_id=filing_id, pre_case=pre_case,
        referral_case=referral_case, shared_court=shared_court, award_reference=award[:64],
        children_involved=children_involved,
        cooling_off_until=today + timedelta(days=variant.cooling_off_days) if variant.cooling_off_days else None,
    )  # fmt: skip
    DisputeParty.objects.bulk_create(
        DisputeParty(
            dispute=dispute,
            side=p.side,
            kind=p.kind,
            name=p.name.strip()[:120],
            id_number=p.id_number,
            credit_code=p.credit_code,
            phone=p.phone,
            address=p.address,
            user=p.user,
            email=p.email.strip()[:254],
        )
        for p in parties
    )
    invited = [
        party.name
        for party in dispute.parties.filter(user__isnull=True).order_by("id")
        if _invite_send(dispute, party, due_on=due.due)
    ]
    _event(
        dispute, DisputeEventType.OPENED, actor,
        f"受理调解（{dispute.get_source_display()}），调解期限至{due.due:%Y-%m-%d}（{D.PRE_FILING}）；"
        + (f"已向{'、'.join(invited)}发送调解邀请（短信/邮件），实名认证后参加；" if invited else "")
        + "；".join(result.reasons),
        due_on=due.due.isoformat(), routing=result.reasons, invited=invited,
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.MEDIATION_OPEN, target=dispute, extra={"number": dispute.number})
    _funnel(dispute, "entered", today)
    if shared_court is not None:
        _funnel(dispute, "site_activity", today)
    return dispute


def _area_for_address(court_id: int, text: str) -> Area | None:
    """The deepest area of the court whose name appears in `text` (a party's address), else the court's county."""
    areas = list(Area.objects.filter(court_id=court_id).order_by("-level", "code"))
    order = {"village": 0, "township": 1, "county": 2}
    for area in sorted(areas, key=lambda a: (order.get(a.level, 3), a.code)):
        if area.name and area.name in text:
            return area
    counties = [a for a in areas if a.level == "county"]
    return counties[0] if counties else (areas[0] if areas else None)


def dispute_from_filing(*, filing_id: int, case_id: int | None = None, actor_id: int | None = None) -> Dispute | None:
    """Receiver of "filing.case_opened": a filing accepted on the mediation track (诉前调解: the party agreed, the
    filing officer registered a 诉前调 number) opens its dispute, the filing's parties and claims carried in — nothing
    typed twice. Idempotent (one dispute per 诉前调 case); other tracks are not ours."""
    from smartcourt.cases.selectors import case_get
    from smartcourt.courts.selectors import actor_get
    from smartcourt.filing.selectors.filing import filing_get

    filing = filing_get(filing_id=filing_id)
    case = case_get(case_id=case_id) if case_id else (filing.case if filing else None)
    if filing is None or case is None or case.procedure != "pre_filing_mediation":
        return None
    existing = Dispute.objects.filter(pre_case=case).first()
    if existing is not None:
        return existing
    actor = actor_get(user_id=actor_id) or SYSTEM
    parties = [
        PartyData(
            side=PartySide.APPLICANT if p.role == "plaintiff" else PartySide.RESPONDENT,
            name=p.name,
            kind=p.kind,
            id_number=p.id_number,
            credit_code=p.credit_code,
            phone=p.phone,
            address=p.address,
            user=filing.filer if (p.is_filer and not filing.filer_is_lawyer) else None,
        )
        for p in filing.parties.all()
        if p.role in ("plaintiff", "defendant")
    ]
    where = " ".join(p.address for p in parties if p.side == PartySide.RESPONDENT) + filing.performance_place
    area = _area_for_address(case.court_id, where)
    if area is None:
        return None  # the court has no areas registered: the 诉前调 case stays with the court's own mediation
    claims = "；".join(c.get("text", "") for c in (filing.claims or []))
    award = next((e.title for e in filing.evidence.all() if "仲裁" in e.title), "")[:64]
    return dispute_open(
        court=case.court, area=area, source=Source.FILING, cause=filing.cause,
        cause_name=filing.cause.name if filing.cause else case.title, parties=parties, actor=actor,
        amount=filing.claim_amount, summary=f"诉讼请求：{claims}\n{filing.facts}"[:4000], number=case.number,
        filing_id=filing.pk, pre_case=case, award_reference=award, strict_award=False,
    )  # fmt: skip


# --- the other side without an account: invitation and claim -------------------------------------------------------

INVITE_LINK = sealed("调解邀请链接")
INVITE_PURPOSE = "mediation.invite"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_url(token: str) -> str:
    return f"{settings.SERVICE_PUBLIC_BASE_URL.rstrip('/')}/mediation/join/{token}/"


def _invite_send(dispute: Dispute, party: DisputeParty, *, due_on: date | None = None) -> bool:
    """Write the invitation of a party without an account (SMS to their phone, e-mail to their address) in the
    caller's transaction, and deliver it after the commit. The link's secret is sealed (ADR 0015): the outbox keeps
    `〔调解邀请链接（已隐去）〕`, the party row keeps only its hash. False when there is no address to invite at."""
    phone, email = party.phone.strip(), party.email.strip()
    if not phone and not email:
        return False
    token = secrets.token_urlsafe(24)
    party.invite_sha256 = _token_hash(token)
    party.invited_at = timezone.now()
    party.invite_count += 1
    party.save(update_fields=["invite_sha256", "invited_at", "invite_count", "updated_at"])
    applicant = next((p.name for p in dispute.parties.all() if p.side == PartySide.APPLICANT), "申请人")
    due = due_on or dispute.due_on
    text = (
        f"【智慧法院】{party.name}：{applicant}就{dispute.cause_name}向{dispute.court.name}申请调解（{dispute.number}），"
        f"调解期限至{due:%Y年%m月%d日}。请打开{INVITE_LINK}，完成实名认证后在线参加调解；逾期未参加的，纠纷可能转入诉讼。"
    )
    common: dict[str, Any] = {
        "purpose": INVITE_PURPOSE, "court": dispute.court, "related": ("mediation.party", party.pk), "queued": False,
    }  # fmt: skip
    ids = []
    if phone:
        ids.append(outbox_send(channel="sms", to=phone, body=text, **common).pk)
    if email:
        ids.append(
            outbox_send(channel="email", to=email, subject=f"调解邀请（{dispute.number}）", body=text, **common).pk
        )
    url, party_id = invite_url(token), party.pk
    transaction.on_commit(lambda: _invite_deliver(party_id, ids, url))
    return True


def _invite_deliver(party_id: int, message_ids: list[int], url: str) -> None:
    """After the commit: hand each invitation to its provider with the link filled in (never stored)."""
    from smartcourt.core.outbox.selectors import outbox_messages_for

    for message in outbox_messages_for(related=("mediation.party", party_id)).filter(pk__in=message_ids):
        outbox_deliver(message=message, unseal={INVITE_LINK: url})


@transaction.atomic
def party_invite(*, dispute: Dispute, party: DisputeParty, actor: Actor) -> DisputeParty:
    """The mediator invites again a party who has not answered (a new link; the old one stops working)."""
    dispute = _locked(dispute)
    _require_change(actor, dispute)
    _require_mediating(dispute)
    party = DisputeParty.objects.select_for_update().get(pk=party.pk, dispute=dispute)
    if party.user_id is not None:
        raise MediationStateError(f"{party.name}已实名参加调解，无需再邀请。")
    if party.invite_count >= 5:
        raise MediationStateError("已邀请5次仍未回应，请记录调解不成或等待期限届满后转立案。")
    if not _invite_send(dispute, party):
        raise MediationInputError(f"{party.name}没有手机号码或电子邮箱，无法发送邀请。", field="party")
    _event(
        dispute, DisputeEventType.INVITED, actor, f"再次邀请{party.get_side_display()}{party.name}参加调解（第{party.invite_count}次）",
        party=party.pk,
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.MEDIATION_INVITE, target=dispute, extra={"party": party.pk})
    return party


def invitation_party(*, token: str) -> DisputeParty | None:
    """The party an invitation link names (None: unknown, replaced by a newer one, or already claimed)."""
    if not token or len(token) > 100:
        return None
    return (
        DisputeParty.objects.select_related("dispute", "dispute__court")
        .filter(invite_sha256=_token_hash(token), user__isnull=True)
        .first()
    )


@transaction.atomic
def invitation_claim(*, token: str, user: User) -> Dispute:
    """The invited party, signed in with a real-name verified account (the accounts flow), takes their place in the
    dispute: their verified name (and ID number, when the applicant gave one) must be the party's. From then on the
    dispute is theirs (MEDIATION OWN: messages, offers, signing)."""
    from smartcourt.filing.hooks import filer_defaults, identity_verified

    party = invitation_party(token=token)
    if party is None:
        raise MediationInputError(
            "邀请链接无效、已更新或已被认领，请使用最新收到的邀请短信或邮件。", code="mediation.invite_invalid"
        )
    party = DisputeParty.objects.select_for_update().get(pk=party.pk)
    dispute = _locked(party.dispute)
    _require_mediating(dispute)
    if not identity_verified(user):
        raise Forbidden("请先完成实名认证（《人民法院在线诉讼规则》第七条），再认领调解。")
    known = filer_defaults(user)
    if (known.get("name") or user.get_full_name()).strip() != party.name.strip():
        raise Forbidden(f"实名认证的姓名与被邀请人“{party.name}”不一致，不能认领。")
    if party.id_number and (known.get("id_number") or "").upper() != party.id_number.upper():
        raise Forbidden("实名认证的身份证号码与申请人提供的不一致，不能认领；请与调解员联系。")
    if dispute.parties.filter(user=user).exists():
        raise MediationStateError("您已是该纠纷的当事人。")
    party.user, party.claimed_at, party.invite_sha256 = user, timezone.now(), ""
    if not party.phone and user.phone:
        party.phone = user.phone
    party.save(update_fields=["user", "claimed_at", "invite_sha256", "phone", "updated_at"])
    _event(
        dispute, DisputeEventType.CLAIMED, user, f"{party.get_side_display()}{party.name}实名认证后认领调解，参加在线调解",
        party=party.pk,
    )  # fmt: skip
    audit_record(actor=user, action=AuditAction.MEDIATION_CLAIM, target=dispute, extra={"party": party.pk})
    return dispute


@transaction.atomic
def dispute_refer(
    *, case: Case, actor: Actor, area: Area, body: MediationBody | None = None, note: str = ""
) -> Dispute:
    """A judge refers a running case to mediation (委托调解, 民诉法 Art. 98; 在线调解规则 Art. 3): the case's parties
    are carried in; the settlement comes back to the case."""
    from smartcourt.cases.selectors import case_parties

    permission_require(
        actor=actor, resource=Resource.CASE, action=Action.CHANGE, obj=case, message="只有承办法官可以委托调解。"
    )
    sides = {"plaintiff": PartySide.APPLICANT, "applicant": PartySide.APPLICANT, "appellant": PartySide.APPLICANT}
    parties = [
        PartyData(
            side=sides.get(p.role, PartySide.RESPONDENT),
            name=p.person.name,
            kind=p.person.kind,
            id_number=p.person.id_number or "",
            credit_code=p.person.credit_code or "",
            phone=p.person.phone,
            address=p.person.address,
            user=p.person.user,
        )
        for p in case_parties(case=case)
        if p.role not in ("third_party",)
    ]
    dispute = dispute_open(
        court=case.court, area=area, source=Source.REFERRAL, cause=case.cause,
        cause_name=case.cause.name if case.cause else case.title, parties=parties, actor=actor,
        amount=case.claim_amount, summary=note, chosen_body=body, referral_case=case, strict_award=False,
    )  # fmt: skip
    case_event_append(
        case=case, type=CaseEventType.MEDIATION_REFERRED, actor=actor,
        summary=f"委托调解（{dispute.number}），由{dispute.body.name if dispute.body else '待指定的调解组织'}调解",
        new={"dispute": dispute.pk},
    )  # fmt: skip
    return dispute


@transaction.atomic
def dispute_extend(*, dispute: Dispute, actor: Actor, days: int, all_parties_agree: bool) -> Dispute:
    """Extend the mediation deadline by agreement of every party (在线调解规则 Art. 24: 各方当事人同意延长的，不受此限)."""
    dispute = _locked(dispute)
    _require_change(actor, dispute)
    _require_mediating(dispute)
    if not all_parties_agree:
        raise MediationInputError(f"延长调解期限须经各方当事人同意（{D.PRE_FILING}）。", field="all_parties_agree")
    if not 1 <= int(days) <= 60:
        raise MediationInputError("每次延长1至60日。", field="days")
    old = dispute.due_on
    dispute.due_on, dispute.extended = old + timedelta(days=int(days)), True
    dispute.save(update_fields=["due_on", "extended", "updated_at"])
    _event(
        dispute, DisputeEventType.EXTENDED, actor,
        f"经各方当事人同意，调解期限由{old:%Y-%m-%d}延长至{dispute.due_on:%Y-%m-%d}（{D.PRE_FILING}）",
        old=old.isoformat(), new=dispute.due_on.isoformat(),
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.MEDIATION_EXTEND, target=dispute)
    return dispute


# --- the room's asynchronous side ----------------------------------------------------------------------------------


@transaction.atomic
def message_post(*, dispute: Dispute, actor: Actor, body: str) -> Message:
    dispute = _locked(dispute)
    _require_change(actor, dispute)
    _require_mediating(dispute)
    text = (body or "").strip()
    if not text:
        raise MediationInputError("留言不能为空。", field="body")
    if len(text) > 4000:
        raise MediationInputError("留言不超过4000字。", field="body")
    user = actor_user(actor)
    party = _party_of(dispute, actor)
    if party is not None:
        label = f"{party.get_side_display()} {party.name}"
    elif dispute.mediator is not None and user is not None and dispute.mediator.user_id == user.pk:
        label = f"调解员 {dispute.mediator.name}"
    else:
        label = f"指导法官 {user.get_full_name()}" if user is not None else "系统"
    message = Message.objects.create(
        dispute=dispute, author=user, author_label=label, body=text, occurred_at=event_time()
    )
    _event(dispute, DisputeEventType.MESSAGE, actor, f"{label}留言", message=message.pk)
    audit_record(actor=actor, action=AuditAction.MEDIATION_MESSAGE, target=dispute)
    return message


@transaction.atomic
def offer_make(
    *, dispute: Dispute, actor: Actor, amount: Decimal | str, instalments: int = 1, first_due_on: date,
    note: str = "", replies_to: Offer | None = None, party: DisputeParty | None = None,
) -> Offer:  # fmt: skip
    """An offer or counter-offer (调解方案): by a party for themself, or recorded by the mediator for a party."""
    dispute = _locked(dispute)
    _require_change(actor, dispute)
    _require_mediating(dispute)
    own = _party_of(dispute, actor)
    if own is not None:
        party = own
    elif party is None or party.dispute_id != dispute.pk:
        raise MediationInputError("请选择提出方案的当事人。", field="party")
    value = _amount(amount, "amount")
    if not 1 <= int(instalments) <= 60:
        raise MediationInputError("分期数须为1至60期。", field="instalments")
    if first_due_on < timezone.localdate():
        raise MediationInputError("首期履行日不能早于今天。", field="first_due_on")
    if replies_to is not None:
        if replies_to.dispute_id != dispute.pk or replies_to.state != OfferState.OPEN:
            raise MediationStateError("所回应的方案已不再有效。")
        if replies_to.party_id == party.pk:
            raise MediationInputError("不能回应自己提出的方案。", field="replies_to")
    dispute.offers.filter(state=OfferState.OPEN).update(state=OfferState.SUPERSEDED)
    offer = Offer.objects.create(
        dispute=dispute, party=party, amount=value, instalments=int(instalments), first_due_on=first_due_on,
        note=(note or "").strip()[:500], replies_to=replies_to,
    )  # fmt: skip
    plan = (
        f"{value}元"
        + (f"，分{offer.instalments}期" if offer.instalments > 1 else "，一次性")
        + f"，首期{first_due_on:%Y-%m-%d}"
    )
    _event(
        dispute, DisputeEventType.OFFER, actor,
        f"{party.get_side_display()}{party.name}{'提出反方案' if replies_to else '提出方案'}：{plan}", offer=offer.pk,
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.MEDIATION_OFFER, target=dispute, extra={"offer": offer.pk})
    return offer


def agreement_terms(dispute: Dispute, offer: Offer) -> list[str]:
    payer = next((p.name for p in dispute.parties.all() if p.side == PartySide.RESPONDENT), "被申请人")
    payee = next((p.name for p in dispute.parties.all() if p.side == PartySide.APPLICANT), "申请人")
    if offer.instalments > 1:
        each = (offer.amount / offer.instalments).quantize(Decimal("0.01"))
        terms = [
            f"{payer}向{payee}支付{offer.amount}元，分{offer.instalments}期支付，每月一期，每期{each}元"
            f"（末期以余额为准），首期于{offer.first_due_on:%Y年%m月%d日}前支付。",
            "任何一期未按时足额支付的，剩余款项视为全部到期。",
        ]
    else:
        terms = [f"{payer}于{offer.first_due_on:%Y年%m月%d日}前一次性向{payee}支付{offer.amount}元。"]
    if offer.note:
        terms.append(offer.note)
    if dispute.award_reference and dispute.variant == "labour":
        terms.append(f"双方确认劳动仲裁裁决（{dispute.award_reference}）所涉争议依本协议一并解决。")
    if dispute.children_involved:
        terms.append(
            f"子女利益安排：{dispute.children_note or '子女抚养、探望事宜按最有利于未成年子女的原则另行约定'}（{V.CHILDREN}）。"
        )
    terms.append(f"双方就本纠纷再无其他争议。{payee}放弃其他请求。")
    return terms


def _paper_parties(dispute: Dispute) -> list[papers.PaperParty]:
    return [papers.PaperParty(p.get_side_display(), p.name, p.address) for p in dispute.parties.all()]


def _agreement_store(dispute: Dispute, agreement: Agreement) -> papers.StoredPaper:
    """The agreement rendered once on the documents path (the court's template of 调解协议书) and stored: these bytes
    are what every party signs (their hash is kept on the agreement and on each signature)."""
    context = papers.agreement_context(
        court_name=dispute.court.name, number=dispute.number,
        body_name=dispute.body.name if dispute.body else dispute.court.name,
        mediator=dispute.mediator.name if dispute.mediator else "", parties=_paper_parties(dispute),
        cause_name=dispute.cause_name, facts=dispute.summary[:600], terms=list(agreement.terms),
        drawn_on=timezone.localdate(agreement.created_at),
    )  # fmt: skip
    return papers.agreement_store(court=dispute.court, context=context)


def agreement_pdf(agreement: Agreement) -> bytes:
    """The agreement as drawn (the stored bytes every party signs)."""
    if not agreement.pdf_storage_name:
        raise MediationStateError("该调解协议没有存档的协议文件。")
    return papers.agreement_read(agreement.pdf_storage_name)


@transaction.atomic
def offer_accept(*, offer: Offer, actor: Actor) -> Agreement:
    """The other side accepts an offer: the mediation agreement (调解协议) is drawn from it, to be signed by all."""
    dispute = _locked(offer.dispute)
    _require_change(actor, dispute)
    _require_mediating(dispute)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.state != OfferState.OPEN:
        raise MediationStateError("该方案已不再有效（已被反方案替代或已接受）。")
    party = _party_of(dispute, actor)
    if party is None:
        raise Forbidden("只有当事人本人可以接受调解方案。")
    if party.side == offer.party.side:
        raise MediationInputError("方案须由对方当事人接受。", field="offer")
    if dispute.cooling_off_until and dispute.cooling_off_until > timezone.localdate():
        raise MediationStateError(
            f"婚姻家庭纠纷冷静期至{dispute.cooling_off_until:%Y-%m-%d}，期内不能达成调解协议（{V.FAMILY_COOLING_OFF}）。"
        )
    if hasattr(dispute, "agreement"):
        raise MediationStateError("该纠纷已生成调解协议。")
    offer.state = OfferState.ACCEPTED
    offer.save(update_fields=["state", "updated_at"])
    agreement = Agreement(
        dispute=dispute, offer=offer, terms=agreement_terms(dispute, offer), amount=offer.amount,
        instalments=offer.instalments, created_at=timezone.now(),
    )  # fmt: skip
    paper = _agreement_store(dispute, agreement)
    agreement.pdf_sha256, agreement.pdf_storage_name = paper.sha256, paper.storage_name
    agreement.save()
    _event(
        dispute,
        DisputeEventType.OFFER_ACCEPTED,
        actor,
        f"{party.name}接受方案，生成调解协议，待各方签署",
        offer=offer.pk,
    )
    audit_record(actor=actor, action=AuditAction.MEDIATION_OFFER_ACCEPT, target=dispute, extra={"offer": offer.pk})
    return agreement


@transaction.atomic
def agreement_sign(*, agreement: Agreement, actor: Actor, name: str) -> Agreement:
    """A party signs the agreement online; when every party has signed it is in force and the dispute is settled."""
    dispute = _locked(agreement.dispute)
    _require_change(actor, dispute)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if dispute.state != DisputeState.MEDIATING:
        raise MediationStateError(f"该纠纷{dispute.get_state_display()}，不能签署。")
    party = _party_of(dispute, actor)
    if party is None:
        raise Forbidden("只有当事人本人可以签署调解协议。")
    if agreement.signatures.filter(party=party).exists():
        raise MediationStateError("您已签署该调解协议。")
    if (name or "").strip() != party.name:
        raise MediationInputError(f"签名须与当事人姓名“{party.name}”一致。", field="name")
    Signature.objects.create(agreement=agreement, party=party, name=party.name, sha256=agreement.pdf_sha256)
    signed = agreement.signatures.count()
    total = dispute.parties.count()
    today = timezone.localdate()
    _event(dispute, DisputeEventType.AGREEMENT_SIGNED, actor, f"{party.name}签署调解协议（{signed}/{total}）")
    if signed == total:
        agreement.in_force_on = today
        agreement.save(update_fields=["in_force_on", "updated_at"])
        dispute.state, dispute.closed_on = DisputeState.SETTLED, today
        dispute.save(update_fields=["state", "closed_on", "updated_at"])
        _funnel(dispute, "settled", today)
    audit_record(actor=actor, action=AuditAction.MEDIATION_SIGN, target=dispute)
    return agreement


# --- failure, expiry, filing as a case ------------------------------------------------------------------------------


@transaction.atomic
def dispute_fail(*, dispute: Dispute, actor: Actor, reason: str) -> Dispute:
    """Mediation failed (调解不成): recorded with its reason, then the dispute is filed as a case."""
    dispute = _locked(dispute)
    _require_change(actor, dispute)
    if dispute.state != DisputeState.MEDIATING:
        raise MediationStateError(f"该纠纷{dispute.get_state_display()}。")
    why = (reason or "").strip()
    if not why:
        raise MediationInputError("请填写调解不成的原因。", field="reason")
    dispute.state, dispute.closed_on = DisputeState.FAILED, timezone.localdate()
    dispute.save(update_fields=["state", "closed_on", "updated_at"])
    _event(dispute, DisputeEventType.FAILED, actor, f"调解不成：{why}")
    audit_record(actor=actor, action=AuditAction.MEDIATION_FAIL, target=dispute, reason=why[:300])
    if dispute.source != Source.REFERRAL:
        _file_as_case(dispute, actor)
    return dispute


def _party_in(p: DisputeParty, role: str) -> PartyIn:
    return PartyIn(
        role=role, kind=p.kind, name=p.name, id_number=p.id_number or None, credit_code=p.credit_code or None,
        phone=p.phone, address=p.address, user=p.user, service_phone=p.phone, service_address=p.address,
    )  # fmt: skip


def _file_as_case(dispute: Dispute, actor: Actor) -> Case:
    """Register the 民初 case for a dispute that did not settle: its parties, cause, amount carried over, the 诉前调
    case as its origin; the materials (complaint, evidence) follow by the "mediation.case_filed" hand-off."""
    roles = {PartySide.APPLICANT.value: "plaintiff", PartySide.RESPONDENT.value: "defendant"}
    case = case_services.case_register(
        court=dispute.court, type_code="民初", parties=[_party_in(p, roles[p.side]) for p in dispute.parties.all()],
        actor=actor, cause=dispute.cause, claim_amount=dispute.amount, origin=dispute.pre_case,
    )  # fmt: skip
    old = dispute.state
    dispute.filed_case, dispute.state = case, DisputeState.FILED
    dispute.closed_on = dispute.closed_on or timezone.localdate()
    dispute.save(update_fields=["filed_case", "state", "closed_on", "updated_at"])
    _event(
        dispute, DisputeEventType.FILED, actor,
        f"{'调解期限届满' if old == DisputeState.EXPIRED else '调解不成'}，转立案：{case.number}，材料随案移转（{D.CARRY_OVER}）",
        case=case.pk,
    )  # fmt: skip
    case_event_append(
        case=case, type=CaseEventType.MEDIATION_FILED, actor=actor,
        summary=f"诉前调解（{dispute.number}）未能达成协议，转立案；当事人、诉讼请求和证据材料随案移转",
        new={"dispute": dispute.pk},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.MEDIATION_FILE, target=dispute, extra={"case": case.number})
    _funnel(dispute, "filed")
    actor_id = actor.pk if actor is not SYSTEM and getattr(actor, "pk", None) else None
    handoff_emit(
        event="mediation.case_filed", payload={"dispute_id": dispute.pk, "case_id": case.pk, "actor_id": actor_id}
    )
    return case


def disputes_expire(*, today: date | None = None, limit: int = 500) -> int:
    """The scheduled sweep: every dispute still mediating after its deadline is marked expired and filed as a case
    (在线调解规则 Art. 24), one transaction each, so one failure does not hold back the others."""
    today = today or timezone.localdate()
    ids = list(
        Dispute.objects.filter(state=DisputeState.MEDIATING, due_on__lt=today).order_by("due_on", "pk")
        .values_list("pk", flat=True)[:limit]
    )  # fmt: skip
    done = 0
    for pk in ids:
        with transaction.atomic():
            dispute = Dispute.objects.select_for_update().get(pk=pk)
            if dispute.state != DisputeState.MEDIATING or dispute.due_on >= today:
                continue
            dispute.state, dispute.closed_on = DisputeState.EXPIRED, today
            dispute.save(update_fields=["state", "closed_on", "updated_at"])
            silent = [
                p.name for p in dispute.parties.filter(user__isnull=True, invited_at__isnull=False).order_by("id")
            ]
            _event(
                dispute,
                DisputeEventType.EXPIRED,
                SYSTEM,
                f"调解期限已于{dispute.due_on:%Y-%m-%d}届满（{D.PRE_FILING}）"
                + (f"；{'、'.join(silent)}经邀请未参加调解" if silent else ""),
                silent=silent,
            )
            audit_record(actor=SYSTEM, action=AuditAction.MEDIATION_EXPIRE, target=dispute)
            if dispute.source != Source.REFERRAL:
                _file_as_case(dispute, SYSTEM)
            done += 1
    return done


def case_filed_intake(*, dispute_id: int, case_id: int, actor_id: int | None = None) -> int:
    """Receiver of "mediation.case_filed": the filing's complaint and every evidence file (the same bytes, the same
    hashes) become the new case's first documents (idempotent by origin_ref). Returns how many were filed."""
    from smartcourt.cases.selectors import case_get_strict
    from smartcourt.courts.selectors import actor_get
    from smartcourt.dossier.services import dossier_document_add
    from smartcourt.filing.selectors.filing import filing_evidence_content, filing_intake_bundle

    dispute = Dispute.objects.filter(pk=dispute_id).first()
    if dispute is None or dispute.filing_id is None:
        return 0
    bundle = filing_intake_bundle(filing_id=dispute.filing_id)
    if bundle is None:
        return 0
    case = case_get_strict(case_id=case_id)
    actor = actor_get(user_id=actor_id) or SYSTEM
    n = 0
    with transaction.atomic():
        dossier_document_add(
            case=case, title="民事起诉状", content=bundle.complaint_pdf, filename=bundle.complaint_filename,
            source="filing", actor=actor, category="complaint",  # dossier DocumentSource.FILING
            origin_ref=f"mediation.complaint:{dispute.pk}",
        )  # fmt: skip
        n += 1
        for item in bundle.evidence:
            dossier_document_add(
                case=case, title=item.title, content=filing_evidence_content(evidence_id=item.evidence_id),
                filename=item.original_name, source="filing", actor=actor, category="evidence",
                origin_ref=f"mediation.evidence:{dispute.pk}:{item.evidence_id}", note=item.purpose,
            )  # fmt: skip
            n += 1
    return n


# --- judicial confirmation ------------------------------------------------------------------------------------------


@transaction.atomic
def confirmation_apply(*, agreement: Agreement, actor: Actor, today: date | None = None) -> Confirmation:
    """The parties apply for judicial confirmation (民诉法 Art. 205): only a signed agreement, within 30 days of its
    taking effect, of a kind that can be confirmed. Registered as a 民特 case of the court; its judge is the body's
    guiding judge."""
    today = today or timezone.localdate()
    dispute = _locked(agreement.dispute)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    permission_require(
        actor=actor, resource=Resource.MEDIATION, action=Action.CHANGE, obj=dispute,
        message="只有该调解协议的当事人或调解员可以申请司法确认。",
    )  # fmt: skip
    if not agreement.signed:
        signed = agreement.signatures.count()
        raise MediationStateError(
            f"调解协议尚未经各方当事人签署（已签{signed}/{dispute.parties.count()}），未生效，不能申请司法确认（{D.SIGNED_BY_ALL}）。"
        )
    if hasattr(agreement, "confirmation"):
        raise MediationStateError("该调解协议已申请司法确认。")
    window = deadline_due(rule=D.CONFIRMATION_WINDOW_RULE, start=agreement.in_force_on or today)
    if today > window.due:
        raise MediationInputError(
            f"申请司法确认应当自调解协议生效之日起三十日内提出，已于{window.due:%Y-%m-%d}届满（{D.CONFIRMATION_WINDOW}）。",
            code="mediation.confirmation_late",
        )
    why = D.not_confirmable_reason(cause_name=dispute.cause_name, terms=list(agreement.terms))
    if why:
        raise MediationInputError(why, code="mediation.not_confirmable")
    if dispute.body is None or dispute.body.kind == "market":
        raise MediationInputError(
            f"只有依法设立的调解组织主持达成的调解协议可以申请司法确认（{D.CONFIRMATION_WINDOW}）。",
            code="mediation.not_confirmable",
        )
    case = case_services.case_register(
        court=dispute.court, type_code="民特", actor=actor, cause=dispute.cause,
        parties=[_party_in(p, "applicant") for p in dispute.parties.all()],
        title=f"申请司法确认调解协议（{dispute.number}）", claim_amount=agreement.amount, filed_on=today,
    )  # fmt: skip
    confirmation = Confirmation.objects.create(
        agreement=agreement, court=dispute.court, case=case, applied_on=today, window_due_on=window.due,
        review_due_on=D.review_due(today), judge=guiding_judge(dispute),
    )  # fmt: skip
    _event(
        dispute, DisputeEventType.CONFIRMATION_APPLIED, actor,
        f"申请司法确认，案号{case.number}；法院应于{confirmation.review_due_on:%Y-%m-%d}前作出裁定（{D.REVIEW_PERIOD}）",
        case=case.pk,
    )  # fmt: skip
    audit_record(
        actor=actor, action=AuditAction.MEDIATION_CONFIRMATION_APPLY, target=dispute, extra={"case": case.number}
    )
    return confirmation


def ruling_pdf(confirmation: Confirmation) -> bytes:
    """The sealed ruling (the documents app's signed PDF of the 民特 case)."""
    if confirmation.ruling is None:
        raise MediationStateError("尚未作出裁定。")
    return papers.ruling_read(confirmation.ruling)


@transaction.atomic
def confirmation_decide(*, confirmation: Confirmation, actor: Actor, confirm: bool, reason: str = "") -> Confirmation:
    """The judge's ruling (确认调解协议裁定书, 民诉法 Art. 206), served on every applicant through the service app."""
    confirmation = (
        Confirmation.objects.select_for_update(of=("self",))
        .select_related("agreement__dispute", "case")
        .get(pk=confirmation.pk)
    )
    permission_require(
        actor=actor, resource=Resource.MEDIATION_CONFIRMATION, action=Action.REVIEW, obj=confirmation,
        message="只有承办该司法确认案件的法官可以作出裁定。",
    )  # fmt: skip
    if confirmation.state != ConfirmationState.PENDING:
        raise MediationStateError(f"该申请已{confirmation.get_state_display()}。")
    why = (reason or "").strip()
    if not confirm and not why:
        raise MediationInputError("驳回申请须写明理由。", field="reason")
    today = timezone.localdate()
    confirmation.state = ConfirmationState.CONFIRMED if confirm else ConfirmationState.REFUSED
    confirmation.reason, confirmation.decided_on = why[:300], today
    user = actor_user(actor)
    if user is not None:
        confirmation.judge = user
    dispute = confirmation.agreement.dispute
    agreement = confirmation.agreement
    text = papers.ruling_body(
        body_name=dispute.body.name if dispute.body else dispute.court.name, agreement_number=dispute.number,
        agreed_on=agreement.in_force_on or confirmation.applied_on, terms=list(agreement.terms), confirmed=confirm,
        reason=why,
    )  # fmt: skip
    judge_name = confirmation.judge.get_full_name() if confirmation.judge else ""
    document = papers.ruling_issue(case=confirmation.case, body=text, judge_name=judge_name)
    confirmation.ruling, confirmation.ruling_sha256 = document, document.signed_sha256
    confirmation.save()
    verdict = "确认调解协议有效" if confirm else f"驳回申请：{why}"
    # the ruling ends the 民特 case (结案 by 裁定) in the same write, as its one timeline event; the platform moves
    # it, the judge's power having been checked above (the 民特 case has no judge in charge of its own)
    case_services.case_transition(
        case=confirmation.case, target="closed", actor=SYSTEM, closing_method="ruling", on=today,
        event_type=CaseEventType.MEDIATION_CONFIRMATION_DECIDED,
        summary=f"裁定{verdict}（{D.CONFIRMATION_EFFECT}），裁定书已签章并交送达，本案结案",
        payload={"confirmation": confirmation.pk, "document": document.pk, "judge": user.pk if user else None},
    )  # fmt: skip
    _event(dispute, DisputeEventType.CONFIRMATION_DECIDED, actor, f"司法确认：{verdict}", case=confirmation.case_id)
    audit_record(actor=actor, action=AuditAction.MEDIATION_CONFIRMATION_DECIDE, target=dispute, reason=why[:300])
    if confirm:
        _funnel(dispute, "confirmed", today)
    return confirmation


def confirmation_allowed(*, user: object, confirmation: Confirmation) -> bool:
    return allows(user=user, resource=Resource.MEDIATION_CONFIRMATION, action=Action.REVIEW, obj=confirmation)  # type: ignore[arg-type]


# --- the funnel's aggregate -----------------------------------------------------------------------------------------


@transaction.atomic
def funnel_rebuild() -> int:
    """Recompute the funnel's aggregate from the disputes (after an import or a bulk load): a handful of GROUP BYs."""
    from django.db.models.functions import TruncDate

    FunnelDay.objects.all().delete()
    rows: dict[tuple[date, int, str], dict[str, int]] = {}

    def add(qs: Any, day_field: str, field: str) -> None:
        for r in qs.values(day_field, "area_id", "cause_name").annotate(n=Count("pk")).order_by():
            key = (r[day_field], r["area_id"], r["cause_name"])
            rows.setdefault(key, {})[field] = r["n"]

    add(Dispute.objects.all(), "started_on", "entered")
    add(Dispute.objects.filter(state=DisputeState.SETTLED), "closed_on", "settled")
    add(Dispute.objects.filter(state=DisputeState.FILED), "closed_on", "filed")
    add(
        Dispute.objects.filter(agreement__confirmation__state=ConfirmationState.CONFIRMED).annotate(
            decided=F("agreement__confirmation__decided_on")
        ),
        "decided",
        "confirmed",
    )
    add(Dispute.objects.filter(shared_court__isnull=False), "started_on", "site_activity")
    _ = TruncDate
    FunnelDay.objects.bulk_create(
        [FunnelDay(day=k[0], area_id=k[1], cause_name=k[2], **v) for k, v in rows.items() if k[0] is not None],
        batch_size=5000,
    )
    return len(rows)

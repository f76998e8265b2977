"""Reads of mediation, each through the permission table: disputes a person may see (an expired one never shown as
pending), one dispute's room, bodies and mediators, shared courts, the funnel (from its daily aggregate), and the
plain data enforcement takes a confirmed agreement as a title from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from smartcourt.core.errors import NotFound
from smartcourt.courts.permissions import Action, Resource, permits, visible_q

from .models import (
    Area,
    Confirmation,
    ConfirmationState,
    Dispute,
    DisputeState,
    FunnelDay,
    MediationBody,
    Mediator,
    SharedCourt,
)

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor


def disputes_visible(*, user: Actor | Any) -> QuerySet[Dispute]:
    return Dispute.objects.filter(visible_q(user=user, resource=Resource.MEDIATION, action=Action.VIEW))


def _mediating_q(today: date) -> Q:
    """In mediation (调解中) and within the deadline."""
    return Q(state=DisputeState.MEDIATING, due_on__gte=today)


def disputes_mediating_shown(*, user: Actor | Any, limit: int = 6, today: date | None = None) -> list[Dispute]:
    """The first `limit` disputes of `disputes_list(state="mediating")` with the columns the workbench panel shows
    (number, cause, deadline): no joins and no per-row count of the parties awaiting an invitation."""
    today = today or timezone.localdate()
    qs = disputes_visible(user=user).filter(_mediating_q(today)).only("number", "cause_name", "due_on")
    return list(qs.order_by("-started_on", "-id")[:limit])


def disputes_list(*, user: Actor | Any, state: str = "", today: date | None = None) -> QuerySet[Dispute]:
    """The disputes `user` may see. "pending" (调解中) is read with the deadline: one past its deadline is never pending,
    even before the sweep has marked it expired (it is listed as expired instead)."""
    today = today or timezone.localdate()
    qs = (
        disputes_visible(user=user)
        .select_related("body", "mediator", "area", "court")
        .annotate(awaiting_n=Count("parties", filter=Q(parties__user__isnull=True, parties__invited_at__isnull=False)))
    )
    if state == DisputeState.MEDIATING:
        qs = qs.filter(_mediating_q(today))
    elif state == DisputeState.EXPIRED:
        qs = qs.filter(Q(state=DisputeState.EXPIRED) | Q(state=DisputeState.MEDIATING, due_on__lt=today))
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("-started_on", "-id")


def display_state(dispute: Dispute, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if dispute.state == DisputeState.MEDIATING and dispute.due_on < today:
        return str(DisputeState.EXPIRED.label)
    return str(dispute.get_state_display())


def dispute_get(*, user: Actor | Any, pk: int) -> Dispute:
    dispute = (
        disputes_visible(user=user)
        .select_related("body__guiding_judge", "mediator", "area", "court", "filed_case", "pre_case")
        .filter(pk=pk)
        .first()
    )
    if dispute is None:
        raise NotFound()
    return dispute


def dispute_room(*, dispute: Dispute) -> dict[str, Any]:
    """What the room's page shows: parties, messages, offers, the agreement with its signatures, the timeline."""
    agreement = getattr(dispute, "agreement", None)
    signatures = list(agreement.signatures.all()) if agreement else []
    confirmation = getattr(agreement, "confirmation", None) if agreement else None
    return {
        "parties": list(dispute.parties.select_related("user")),
        "room_messages": list(dispute.messages.all()),
        "offers": list(dispute.offers.select_related("party")),
        "agreement": agreement,
        "signed_party_ids": {s.party_id for s in signatures},
        "signatures": signatures,
        "confirmation": confirmation,
        "events": list(dispute.events.all()),
    }


def bodies_visible(*, user: Actor | Any) -> QuerySet[MediationBody]:
    return (
        MediationBody.objects.filter(visible_q(user=user, resource=Resource.MEDIATION_BODY, action=Action.VIEW))
        .select_related("area", "guiding_judge")
        .annotate(
            mediator_count=Count("mediators", distinct=True),
            in_hand=Count("disputes", filter=Q(disputes__state=DisputeState.MEDIATING), distinct=True),
        )
        .order_by("court_id", "name")
    )


def mediators_of(*, body_ids: list[int]) -> QuerySet[Mediator]:
    return (
        Mediator.objects.filter(body_id__in=body_ids)
        .annotate(caseload=Count("disputes", filter=Q(disputes__state=DisputeState.MEDIATING)))
        .order_by("body_id", "name")
    )


def shared_courts(*, user: Actor | Any) -> list[dict[str, Any]]:
    """The shared courts of the courts whose bodies `user` may see, with their activity (disputes entered there)."""
    courts = MediationBody.objects.filter(
        visible_q(user=user, resource=Resource.MEDIATION_BODY, action=Action.VIEW)
    ).values("court_id")
    rows = SharedCourt.objects.filter(site__court_id__in=courts).select_related("site", "area").order_by("area__code")
    activity = dict(
        Dispute.objects.filter(shared_court__in=[r.pk for r in rows])
        .values_list("shared_court_id")
        .annotate(n=Count("pk"))
        .values_list("shared_court_id", "n")
    )
    return [{"site": r, "activity": activity.get(r.pk, 0)} for r in rows]


def confirmations_for_judge(*, user: Actor | Any) -> QuerySet[Confirmation]:
    return (
        Confirmation.objects.filter(visible_q(user=user, resource=Resource.MEDIATION_CONFIRMATION, action=Action.VIEW))
        .select_related("agreement__dispute", "case", "judge")
        .order_by("state", "review_due_on")
    )


# --- the funnel ---------------------------------------------------------------------------------------------------

FIELDS = ("entered", "settled", "confirmed", "filed", "site_activity")


@dataclass(frozen=True)
class FunnelRow:
    key: str
    label: str
    entered: int
    settled: int
    confirmed: int
    filed: int
    site_activity: int
    residents: int

    @property
    def per_10k(self) -> float | None:
        """万人成讼率: cases filed per 10,000 residents."""
        return round(self.filed * 10000 / self.residents, 2) if self.residents else None

    @property
    def settle_rate(self) -> float | None:
        return round(self.settled * 100 / self.entered, 1) if self.entered else None


def funnel_areas(*, user: Actor | Any) -> QuerySet[Area]:
    return Area.objects.filter(visible_q(user=user, resource=Resource.MEDIATION_FUNNEL, action=Action.VIEW))


def funnel_allowed(*, user: Actor | Any) -> bool:
    return permits(user=user, resource=Resource.MEDIATION_FUNNEL, action=Action.VIEW)


def funnel(
    *, user: Actor | Any, parent: Area | None = None, first: date | None = None, last: date | None = None,
    cause: str = "", by: str = "area",
) -> dict[str, Any]:  # fmt: skip
    """The funnel for the areas under `parent` (the counties when none), or by cause, and a monthly series: read from
    the daily aggregate (a few thousand rows however many disputes), each area's figures rolled up from its villages
    and townships by the area code prefix."""
    areas = list(funnel_areas(user=user).order_by("code"))
    if parent is not None:
        children = [a for a in areas if a.parent_id == parent.pk]
    else:
        children = [a for a in areas if a.level == "county"] or [a for a in areas if a.parent_id is None]
    days = FunnelDay.objects.filter(area_id__in=[a.pk for a in areas])
    if first:
        days = days.filter(day__gte=first)
    if last:
        days = days.filter(day__lte=last)
    if cause:
        days = days.filter(cause_name=cause)
    sums = {f: Sum(f) for f in FIELDS}
    per_area = {r["area_id"]: r for r in days.values("area_id").annotate(**sums).order_by()}
    by_pk = {a.pk: a for a in areas}

    def root_under(area_id: int) -> Area | None:
        node = by_pk.get(area_id)
        wanted = {c.pk for c in children}
        while node is not None:
            if node.pk in wanted:
                return node
            node = by_pk.get(node.parent_id) if node.parent_id else None
        return None

    totals: dict[int, dict[str, int]] = {c.pk: dict.fromkeys(FIELDS, 0) for c in children}
    for area_id, r in per_area.items():
        top = root_under(area_id)
        if top is not None:
            for f in FIELDS:
                totals[top.pk][f] += r[f] or 0
    rows = [FunnelRow(key=str(c.pk), label=c.name, residents=c.residents, **totals[c.pk]) for c in children]
    causes = [
        FunnelRow(key=r["cause_name"], label=r["cause_name"], residents=0, **{f: r[f] or 0 for f in FIELDS})
        for r in days.values("cause_name").annotate(**sums).order_by("-entered")[:15]
    ]
    from django.db.models.functions import TruncMonth

    series = [
        {"month": r["month"].strftime("%Y-%m"), **{f: r[f] or 0 for f in FIELDS}}
        for r in days.annotate(month=TruncMonth("day")).values("month").annotate(**sums).order_by("month")
    ]
    total: dict[str, Any] = {f: sum(getattr(r, f) for r in rows) for f in FIELDS}
    residents = sum(c.residents for c in children)
    total["per_10k"] = round(total["filed"] * 10000 / residents, 2) if residents else None
    return {"rows": rows, "causes": causes, "series": series, "total": total, "children": children}


# --- what enforcement takes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleParty:
    side: str  # "applicant" (the creditor under the agreement) or "respondent" (the debtor)
    name: str
    id_number: str
    credit_code: str
    phone: str
    address: str


@dataclass(frozen=True)
class ConfirmedTitle:
    """A judicially confirmed mediation agreement as an enforcement title (执行依据, 民诉法 Art. 206)."""

    dispute_id: int
    agreement_number: str
    ruling_case_id: int
    ruling_reference: str  # the 民特 case number of the ruling (确认调解协议裁定书)
    court_id: int
    decided_on: date
    amount: Decimal
    instalments: int
    first_due_on: date
    terms: tuple[str, ...]
    parties: tuple[TitleParty, ...]


def confirmed_title(*, dispute_id: int) -> ConfirmedTitle | None:
    """Plain data of a confirmed agreement for enforcement (None when the agreement is not confirmed). No access
    check: the caller (enforcement's own service) checks its own resource before acting."""
    confirmation = (
        Confirmation.objects.select_related("agreement__dispute", "agreement__offer", "case")
        .filter(agreement__dispute_id=dispute_id, state=ConfirmationState.CONFIRMED)
        .first()
    )
    if confirmation is None:
        return None
    agreement = confirmation.agreement
    dispute = agreement.dispute
    return ConfirmedTitle(
        dispute_id=dispute.pk, agreement_number=dispute.number, ruling_case_id=confirmation.case_id,
        ruling_reference=confirmation.case.number, court_id=confirmation.court_id,
        decided_on=confirmation.decided_on or confirmation.applied_on, amount=agreement.amount,
        instalments=agreement.instalments, first_due_on=agreement.offer.first_due_on, terms=tuple(agreement.terms),
        parties=tuple(
            TitleParty(p.side, p.name, p.id_number, p.credit_code, p.phone, p.address) for p in dispute.parties.all()
        ),
    )  # fmt: skip


def confirmed_title_for_ruling_case(*, case_id: int) -> ConfirmedTitle | None:
    """The confirmed agreement whose ruling (the 民特 case) is `case_id`, as an enforcement title; None otherwise."""
    dispute_id = (
        Confirmation.objects.filter(case_id=case_id, state=ConfirmationState.CONFIRMED)
        .values_list("agreement__dispute_id", flat=True)
        .first()
    )
    return confirmed_title(dispute_id=dispute_id) if dispute_id is not None else None

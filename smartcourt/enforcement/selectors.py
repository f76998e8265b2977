"""Reads of enforcement: a case's file, account, movements, assets, measures; the officer's list; the public
dishonest-debtor list; indicators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from smartcourt.courts.permissions import Action, Resource

from .models import (
    Asset,
    AssetControl,
    CaseAccount,
    Claim,
    ControlKind,
    EnforcementFile,
    FundLeg,
    FundMovement,
    InquiryBatch,
    Measure,
    MeasureKind,
    MovementKind,
    Payout,
    PayoutState,
)
from .rules import RENEWAL_NOTICE_DAYS

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
    from smartcourt.courts.models import User


def file_for_case(*, case: Case) -> EnforcementFile | None:
    return EnforcementFile.objects.filter(case=case).select_related("case__court", "title_case").first()


def file_get(*, file_id: int) -> EnforcementFile | None:
    return EnforcementFile.objects.filter(pk=file_id).select_related("case__court", "case__judge").first()


def files_visible_to(*, user: User) -> QuerySet[EnforcementFile]:
    from smartcourt.cases.selectors import case_visible_to

    cases = case_visible_to(user=user, action=Action.VIEW, resource=Resource.ENFORCEMENT)
    return (
        EnforcementFile.objects.filter(case__in=cases.values("pk"))
        .select_related("case", "case__judge", "case__account")
        .order_by("closed_on", "-case__filed_on", "-id")
    )


CENT = Decimal("0.01")


def money(value: object) -> Decimal:
    """A database sum as exact yuan and fen (SQLite sums decimals as floats)."""
    return Decimal(str(value or 0)).quantize(CENT)


def fund_totals(*, account: CaseAccount) -> dict[str, Decimal]:
    rows = FundMovement.objects.filter(account=account).values("kind").annotate(s=Sum("amount"))
    totals = {k: Decimal(0) for k in MovementKind.values}
    totals.update({r["kind"]: money(r["s"]) for r in rows})
    return totals


def account_movements(*, account: CaseAccount) -> QuerySet[FundMovement]:
    return FundMovement.objects.filter(account=account).select_related("recorded_by", "approved_by")


def account_leg_sum(*, account: CaseAccount) -> Decimal:
    """The balance as the legs say (equals `account.balance` always)."""
    return money(FundLeg.objects.filter(ledger=account.ledger).aggregate(s=Sum("amount"))["s"])


def movements_balanced() -> bool:
    """Every movement's legs sum to zero (the double-entry check)."""
    sums = FundLeg.objects.values("movement_id").annotate(s=Sum("amount")).exclude(s=0).values_list("s", flat=True)
    return all(money(s) == 0 for s in sums)


def payouts_pending(*, account: CaseAccount) -> QuerySet[Payout]:
    return account.payouts.filter(state=PayoutState.PENDING).select_related("party__person", "requested_by")


def payouts_of(*, account: CaseAccount) -> QuerySet[Payout]:
    return account.payouts.select_related("party__person", "requested_by", "decided_by")


def file_assets(*, file: EnforcementFile) -> QuerySet[Asset]:
    return (
        file.assets.select_related("party__person")
        .prefetch_related("controls", "auctions__rounds")
        .order_by("holder_kind", "id")
    )


def file_batches(*, file: EnforcementFile) -> QuerySet[InquiryBatch]:
    return file.inquiries.order_by("-created_at")


def file_measures(*, file: EnforcementFile) -> QuerySet[Measure]:
    return file.measures.select_related("party__person", "paper").order_by("-decided_on", "-id")


def secured_value(*, file: EnforcementFile) -> Decimal:
    """What active freezes and deductions stand for against the debt."""
    rows = AssetControl.objects.filter(
        asset__file=file, kind__in=[ControlKind.FREEZE], state=AssetControl.State.ACTIVE
    ).aggregate(s=Sum("amount"))
    return money(rows["s"])


def freezes_due_for_renewal(*, today: date | None = None) -> QuerySet[AssetControl]:
    today = today or timezone.localdate()
    return AssetControl.objects.filter(
        kind=ControlKind.FREEZE,
        state=AssetControl.State.ACTIVE,
        expires_on__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS),
        reminded_on__isnull=True,
    ).select_related("asset__file__case__judge")


@dataclass(frozen=True)
class PublicEntry:
    name: str
    id_masked: str
    court: str
    case_number: str
    ground: str
    listed_on: date
    ends_on: date | None


def dishonest_public_query(*, name: str = "", id_number: str = "", today: date | None = None) -> list[PublicEntry]:
    """The public dishonest-debtor list (失信被执行人名单公布): by exact name or by full identity number; the number
    shown masked, as the public list shows it. Only entries in force."""
    from .rules import DISHONEST_GROUND_LABELS

    name, id_number = name.strip(), id_number.strip().upper()
    if not name and not id_number:
        return []
    today = today or timezone.localdate()
    qs = Measure.objects.filter(kind=MeasureKind.DISHONEST_LIST, state=Measure.State.ACTIVE).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    if id_number:
        qs = qs.filter(Q(party__person__id_number=id_number) | Q(party__person__credit_code=id_number))
    if name:
        qs = qs.filter(public_name=name)
    qs = qs.select_related("file__case__court").order_by("-decided_on")[:50]
    return [
        PublicEntry(
            name=m.public_name,
            id_masked=m.public_id,
            court=m.file.case.court.name,
            case_number=m.file.case.number,
            ground=DISHONEST_GROUND_LABELS.get(m.ground, m.ground),
            listed_on=m.decided_on,
            ends_on=m.ends_on,
        )
        for m in qs
    ]


def indicators(*, files: QuerySet[EnforcementFile]) -> dict[str, object]:
    """执行到位率 (paid out / due), 执行完毕率, 终本率, average days to close (for the dashboards)."""
    agg = files.aggregate(
        n=Count("pk"),
        closed=Count("pk", filter=Q(closed_on__isnull=False)),
        fulfilled=Count("pk", filter=Q(closing_kind="fulfilled")),
        final=Count("pk", filter=Q(closing_kind="final_this_round")),
        due=Sum("amount_due"),
    )
    paid = money(
        FundMovement.objects.filter(account__case__enforcement__in=files, kind=MovementKind.PAYOUT).aggregate(
            s=Sum("amount")
        )["s"]
    )
    days: list[int] = [
        (c - f).days for f, c in files.filter(closed_on__isnull=False).values_list("case__filed_on", "closed_on") if c
    ]
    closed_n = agg["closed"] or 0
    return {
        "cases": agg["n"],
        "closed": closed_n,
        "recovery_rate": (paid / agg["due"]) if agg["due"] else Decimal(0),
        "fulfilled_rate": (agg["fulfilled"] / closed_n) if closed_n else 0.0,
        "final_this_round_rate": (agg["final"] / closed_n) if closed_n else 0.0,
        "average_days": (sum(days) / len(days)) if days else 0.0,
    }


def file_get_for_user(*, file_id: int, user: User) -> EnforcementFile | None:
    """The file if `user` may see its case's enforcement (ENFORCEMENT/VIEW); None for a missing or hidden one."""
    from smartcourt.courts.permissions import allows

    file = (
        EnforcementFile.objects.filter(pk=file_id).select_related("case__court", "case__judge", "case__account").first()
    )
    if file is None or not allows(user=user, resource=Resource.ENFORCEMENT, action=Action.VIEW, obj=file.case):
        return None
    return file


def file_claims(*, file: EnforcementFile) -> QuerySet[Claim]:
    return file.claims.select_related("party__person").order_by("id")

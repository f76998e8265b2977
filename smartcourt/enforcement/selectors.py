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
class Desk:
    """What an enforcement officer's workbench shows: payouts they may approve as the second person (never their own
    request), freezes of the cases they are in charge of (承办) that lapse within the renewal notice, and how many of
    those cases are open."""

    payouts: list[Payout]
    freezes: list[AssetControl]
    open_files: int


def officer_desk(*, user: User, today: date | None = None, limit: int = 6) -> Desk:
    """Three queries, whatever the number of cases: the cases are a subquery of the permission table."""
    from smartcourt.cases.selectors import case_visible_to

    today = today or timezone.localdate()
    approvable = case_visible_to(user=user, action=Action.APPROVE, resource=Resource.CASE_FUNDS).values("pk")
    payouts = list(
        Payout.objects.filter(state=PayoutState.PENDING, account__case__in=approvable)
        .exclude(requested_by=user)
        .select_related("account__case__enforcement", "party__person", "requested_by")
        .order_by("created_at", "id")[:limit]
    )
    mine = case_visible_to(user=user, action=Action.VIEW, resource=Resource.ENFORCEMENT).filter(judge=user).values("pk")
    freezes = list(
        AssetControl.objects.filter(
            kind=ControlKind.FREEZE,
            state=AssetControl.State.ACTIVE,
            expires_on__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS),
            asset__file__case__in=mine,
        )
        .select_related("asset__file__case")
        .order_by("expires_on", "id")[:limit]
    )
    open_files = EnforcementFile.objects.filter(case__in=mine, closed_on__isnull=True).count()
    return Desk(payouts=payouts, freezes=freezes, open_files=open_files)


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


# --- indicators (执行指标): per court and per officer over a period; what the management dashboards read ------------

PAYOUT_DAYS = 30  # 执行款到账之日起三十日内发放 (执行款物管理规定 Art. 17, rules.PAYOUT_LIMIT)


@dataclass
class IndicatorRow:
    """One court's or one officer's enforcement figures over a period. Closed figures count the files closed in the
    period; `active` those open at any time in it; payouts those paid in it."""

    key: int | None
    label: str
    active: int = 0
    closed: int = 0
    fulfilled: int = 0
    final_this_round: int = 0
    due: Decimal = Decimal(0)  # amount due of the files closed in the period
    paid: Decimal = Decimal(0)  # paid to the applicants on those files
    days_total: int = 0
    payouts: int = 0
    payouts_on_time: int = 0

    @staticmethod
    def _pct(part: float | Decimal, whole: float | Decimal) -> float | None:
        return round(float(part) * 100 / float(whole), 1) if whole else None

    @property
    def recovery_rate(self) -> float | None:
        """执行到位率: paid to applicants ÷ amount due, files closed in the period (%)."""
        return self._pct(self.paid, self.due)

    @property
    def fulfilled_rate(self) -> float | None:
        """执行完毕率: closed as 执行完毕 ÷ closed (%)."""
        return self._pct(self.fulfilled, self.closed)

    @property
    def final_rate(self) -> float | None:
        """终本率: closed by 终结本次执行程序 ÷ closed (%)."""
        return self._pct(self.final_this_round, self.closed)

    @property
    def average_days(self) -> float | None:
        """Average days from filing to closing of the files closed in the period."""
        return round(self.days_total / self.closed, 1) if self.closed else None

    @property
    def on_time_rate(self) -> float | None:
        """Funds paid out within the time limit: payouts made within 30 days of the money arriving (%)."""
        return self._pct(self.payouts_on_time, self.payouts)

    def add(self, other: IndicatorRow) -> None:
        for name in ("active", "closed", "fulfilled", "final_this_round", "due", "paid", "days_total", "payouts",
                     "payouts_on_time"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))


def indicator_courts(*, user: User) -> list[int]:
    """The courts whose indicators `user` may read (ENFORCEMENT_INDICATORS/VIEW; a president's subordinate courts)."""
    from smartcourt.courts.permissions import grant_courts
    from smartcourt.courts.selectors import court_list_by_ids, court_subtree

    ids = grant_courts(user=user, resource=Resource.ENFORCEMENT_INDICATORS, action=Action.VIEW)
    if not ids:
        return []
    out: set[int] = set()
    for court in court_list_by_ids(court_ids=ids):
        out |= set(court_subtree(court=court).values_list("pk", flat=True))
    return sorted(out)


def indicator_rows(
    *, files: QuerySet[EnforcementFile], first: date, last: date, by: str = "court"
) -> tuple[list[IndicatorRow], IndicatorRow]:
    """执行到位率, 执行完毕率, 终本率, average enforcement time and payouts within the time limit for `files`, grouped
    `by` court or officer, over [first, last]: a fixed handful of queries whatever the number of files."""
    key, label = (
        ("case__court_id", "case__court__name") if by == "court" else ("case__judge_id", "case__judge__full_name")
    )
    rows: dict[int | None, IndicatorRow] = {}

    def row(k: int | None, name: str | None = None) -> IndicatorRow:
        if k not in rows:
            rows[k] = IndicatorRow(key=k, label=name or ("未分案" if k is None else str(k)))
        elif name and rows[k].label == str(k):
            rows[k].label = name
        return rows[k]

    active = files.filter(case__filed_on__lte=last).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=first))
    for r in active.values(key, label).annotate(n=Count("pk")):
        row(r[key], r[label]).active = r["n"]
    closed = files.filter(closed_on__gte=first, closed_on__lte=last)
    for k, name, kind, filed_on, closed_on, due in closed.values_list(
        key, label, "closing_kind", "case__filed_on", "closed_on", "amount_due"
    ):
        r = row(k, name)
        r.closed += 1
        r.fulfilled += kind == "fulfilled"
        r.final_this_round += kind == "final_this_round"
        r.due += money(due)
        r.days_total += (closed_on - filed_on).days
    paid_key = key.replace("case__", "account__case__")
    for r in (
        FundMovement.objects.filter(account__case__enforcement__in=closed, kind=MovementKind.PAYOUT)
        .values(paid_key)
        .annotate(s=Sum("amount"))
    ):
        row(r[paid_key]).paid += money(r["s"])
    tz = timezone.get_current_timezone()
    payouts = list(
        Payout.objects.filter(
            account__case__enforcement__in=files, kind=MovementKind.PAYOUT, state=PayoutState.PAID,
            decided_at__date__gte=first, decided_at__date__lte=last,
        ).order_by().values_list(paid_key, "account_id", "decided_at")
    )  # fmt: skip
    receipts: dict[int, list[date]] = {}
    for account_id, at in (
        FundMovement.objects.filter(account_id__in={p[1] for p in payouts}, kind=MovementKind.RECEIPT)
        .order_by("occurred_at")
        .values_list("account_id", "occurred_at")
    ):
        receipts.setdefault(account_id, []).append(at.astimezone(tz).date())
    for k, account_id, decided_at in payouts:
        paid_on = decided_at.astimezone(tz).date()
        arrived = [d for d in receipts.get(account_id, []) if d <= paid_on]
        r = row(k)
        r.payouts += 1
        r.payouts_on_time += bool(arrived) and (paid_on - arrived[-1]).days <= PAYOUT_DAYS
    ordered = sorted(rows.values(), key=lambda r: (r.key is None, r.label))
    total = IndicatorRow(key=None, label="合计")
    for r in ordered:
        total.add(r)
    return ordered, total

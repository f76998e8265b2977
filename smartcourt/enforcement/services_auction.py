"""Online judicial auction (网络司法拍卖): valuation and notice, the first round at no less than 70% of the
valuation, a second at no more than 20% below the first, then sale by discount (变卖) at no less than the second's
reserve; each round published on the external platform (an interface with a double); the proceeds of a sale into
the case account (two legs, as every receipt)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.errors import Conflict
from smartcourt.core.services import AuditAction, audit_record

from . import papers
from . import rules as R
from .models import Asset, AssetControl, Auction, AuctionRound, CaseAccount, ControlKind
from .providers import PLATFORM
from .services import EnforcementInputError, _require, file_lock, heading, paper_store

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor

NEXT = {AuctionRound.Kind.FIRST: AuctionRound.Kind.SECOND, AuctionRound.Kind.SECOND: AuctionRound.Kind.SALE}


def _publish(auction: Auction, kind: str, reserve: Decimal, on: date) -> AuctionRound:
    days = R.auction_notice_days(auction.asset.kind) if kind != AuctionRound.Kind.SALE else 0
    starts = on + timedelta(days=days)
    ends = starts + timedelta(days=1 if kind != AuctionRound.Kind.SALE else 60)
    listing = PLATFORM.publish(
        title=f"{auction.asset.description or auction.asset.get_kind_display()}-{auction.pk}-{kind}",
        reserve=reserve,
        starts_on=starts.isoformat(),
        ends_on=ends.isoformat(),
    )
    return AuctionRound.objects.create(
        auction=auction, kind=kind, reserve=reserve, starts_on=starts, ends_on=ends, listing=f"{auction.pk}-{listing}"
    )


@transaction.atomic
def auction_start(
    *, asset: Asset, valuation: Decimal | str, reserve: Decimal | str, actor: Actor, on: date | None = None
) -> Auction:
    """Put a sealed or frozen asset to auction: the first round's notice (15 days before for movables, 30 for real
    estate) and its reserve checked against the valuation."""
    file, case = file_lock(file=asset.file)
    _require(actor, case)
    asset = Asset.objects.select_for_update(of=("self",)).select_related("party__person").get(pk=asset.pk)
    valuation, reserve = Decimal(valuation).quantize(Decimal("0.01")), Decimal(reserve).quantize(Decimal("0.01"))
    if valuation <= 0:
        raise EnforcementInputError("请填写评估价。", extra={"field": "valuation"})
    if not asset.controls.filter(kind=ControlKind.FREEZE, state=AssetControl.State.ACTIVE).exists():
        raise EnforcementInputError("拍卖的财产须先查封、扣押或冻结。")
    if asset.auctions.filter(state__in=[Auction.State.OPEN, Auction.State.FAILED]).exists():
        raise Conflict("该财产已在拍卖中。")
    try:
        R.auction_reserve_check(kind="first", reserve=reserve, valuation=valuation, previous=None)
    except R.RuleRefused as exc:
        raise EnforcementInputError(str(exc), extra={"field": "reserve"}) from None
    on = on or timezone.localdate()
    auction = Auction.objects.create(asset=asset, valuation=valuation, platform=PLATFORM.name)
    first = _publish(auction, AuctionRound.Kind.FIRST, reserve, on)
    content = papers.auction_notice(
        heading(case, on), debtor=asset.party.person.name, item=asset.description or asset.get_kind_display(),
        valuation=valuation, reserve=reserve, starts=first.starts_on, platform=PLATFORM.name,
        basis=f"{R.AUCTION_FIRST_RESERVE}、{R.AUCTION_NOTICE}",
    )  # fmt: skip
    auction.paper = paper_store(file=file, title="拍卖公告", content=content)
    auction.save(update_fields=["paper", "updated_at"])
    case_event_append(
        case=case,
        type=CaseEventType.ENFORCEMENT_AUCTION,
        actor=actor,
        summary=f"网络司法拍卖（一拍）：{asset.description or asset.get_kind_display()}，评估价{valuation}元，"
        f"起拍价{reserve}元，{first.starts_on:%Y-%m-%d}开拍（{R.AUCTION_FIRST_RESERVE}）",
        new={"auction": auction.pk, "round": first.kind, "reserve": str(reserve)},
    )
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_AUCTION, target=auction)
    return auction


@transaction.atomic
def auction_round_close(*, auction: Auction, actor: Actor) -> AuctionRound:
    """Record the platform's result of the current round: sold — the price arrives in the case account; failed —
    the auction waits for the next round (or ends after a failed sale)."""
    from .services_funds import _locked, _move

    _file, case = file_lock(file=auction.asset.file)
    _require(actor, case)
    auction = Auction.objects.select_for_update().get(pk=auction.pk)
    current = auction.rounds.filter(outcome="").last()
    if auction.state != Auction.State.OPEN or current is None:
        raise Conflict("当前没有进行中的拍卖轮次。")
    result = PLATFORM.outcome(listing=current.listing, reserve=current.reserve)
    if result.sold:
        current.outcome, current.sold_price = "sold", result.price
        auction.state = Auction.State.SOLD
        account = _locked(CaseAccount.objects.get(case=case))
        _move(account=account, kind="receipt", amount=result.price, other="bank", actor=actor,
              counterparty=auction.platform, reference=f"PM-{current.listing}"[:64],
              note=f"{current.get_kind_display()}成交款")  # fmt: skip
        summary = f"{current.get_kind_display()}成交，价款{result.price}元已到案款账户（{result.bidders}人竞买）"
    else:
        current.outcome = "failed"
        auction.state = Auction.State.FAILED if current.kind != AuctionRound.Kind.SALE else Auction.State.CLOSED
        summary = f"{current.get_kind_display()}流拍（起拍价{current.reserve}元）"
    current.save(update_fields=["outcome", "sold_price", "updated_at"])
    auction.save(update_fields=["state", "updated_at"])
    case_event_append(
        case=case, type=CaseEventType.ENFORCEMENT_AUCTION, actor=actor, summary=summary,
        new={"auction": auction.pk, "round": current.kind, "outcome": current.outcome},
    )  # fmt: skip
    audit_record(
        actor=actor, action=AuditAction.ENFORCEMENT_AUCTION, target=auction, extra={"outcome": current.outcome}
    )
    return current


@transaction.atomic
def auction_next_round(
    *, auction: Auction, reserve: Decimal | str, actor: Actor, on: date | None = None
) -> AuctionRound:
    """After a failed round: the second round at no more than 20% below the first, then sale by discount."""
    _file, case = file_lock(file=auction.asset.file)
    _require(actor, case)
    auction = Auction.objects.select_for_update(of=("self",)).select_related("asset").get(pk=auction.pk)
    last = auction.rounds.last()
    if auction.state != Auction.State.FAILED or last is None or last.kind not in NEXT:
        raise Conflict("只有流拍后才能进入下一轮。")
    kind = NEXT[AuctionRound.Kind(last.kind)]
    reserve = Decimal(reserve).quantize(Decimal("0.01"))
    try:
        R.auction_reserve_check(kind=kind, reserve=reserve, valuation=auction.valuation, previous=last.reserve)
    except R.RuleRefused as exc:
        raise EnforcementInputError(str(exc), extra={"field": "reserve"}) from None
    new = _publish(auction, kind, reserve, on or timezone.localdate())
    auction.state = Auction.State.OPEN
    auction.save(update_fields=["state", "updated_at"])
    citation = R.AUCTION_SECOND_RESERVE if kind == AuctionRound.Kind.SECOND else R.AUCTION_SALE
    case_event_append(
        case=case, type=CaseEventType.ENFORCEMENT_AUCTION, actor=actor,
        summary=f"{new.get_kind_display()}：价格{reserve}元，{new.starts_on:%Y-%m-%d}开始（{citation}）",
        new={"auction": auction.pk, "round": kind, "reserve": str(reserve)},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_AUCTION, target=auction)
    return new

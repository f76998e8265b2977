"""Online judicial auction (网络司法拍卖): valuation and notice, the first round at no less than 70% of the
valuation, a second at no more than 20% below the first, then sale by discount (变卖) at no less than the second's
reserve; each round published on the external platform (an interface with a double); the proceeds of a sale into
the case account (two legs, as every receipt)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from smartcourt.cases.services import CaseEventType, case_event_append
from smartcourt.core.errors import Conflict
from smartcourt.core.services import AuditAction, audit_record

from . import rules as R
from .models import Asset, AssetControl, Auction, AuctionRound, CaseAccount, ControlKind, EnforcementFile, Paper
from .providers import PLATFORM
from .services import EnforcementInputError, _require, date_cn, file_lock, paper_issue, yuan

if TYPE_CHECKING:
    from smartcourt.cases.models import Case
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


def _notice(file: EnforcementFile, case: Case, auction: Auction, round_: AuctionRound, actor: Actor) -> Paper:
    """The auction notice (拍卖公告) of a round, on the documents path."""
    asset = auction.asset
    citation = {
        AuctionRound.Kind.FIRST: R.AUCTION_FIRST_RESERVE,
        AuctionRound.Kind.SECOND: R.AUCTION_SECOND_RESERVE,
        AuctionRound.Kind.SALE: R.AUCTION_SALE,
    }[AuctionRound.Kind(round_.kind)]
    return paper_issue(
        file=file, case=case, kind="enf_auction_notice", actor=actor, debtor_name=asset.party.person.name,
        item=asset.description or asset.get_kind_display(), round_name=round_.get_kind_display(),
        valuation_text=yuan(auction.valuation), reserve_text=yuan(round_.reserve), starts_cn=date_cn(round_.starts_on),
        platform=auction.platform, basis=f"{citation}、{R.AUCTION_NOTICE}",
    )  # fmt: skip


def _sale_ruling(file: EnforcementFile, case: Case, auction: Auction, round_: AuctionRound, actor: Actor) -> Paper:
    """The ruling confirming the sale (拍卖成交裁定 / 变卖裁定)."""
    asset = auction.asset
    return paper_issue(
        file=file, case=case, kind="enf_auction_ruling", actor=actor, debtor_name=asset.party.person.name,
        item=asset.description or asset.get_kind_display(), round_name=round_.get_kind_display(),
        amount_text=yuan(round_.sold_price or Decimal(0)), basis=R.AUCTION_TRANSFER,
    )  # fmt: skip


def _biddable(asset: Asset) -> None:
    if not asset.controls.filter(kind=ControlKind.FREEZE, state=AssetControl.State.ACTIVE).exists():
        raise EnforcementInputError("拍卖的财产须先查封、扣押或冻结。")


def _amount(value: Decimal | str | None, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise EnforcementInputError(
            f"{label}格式不正确，请填写数字，例如 100000.00。", extra={"field": field}
        ) from None
    if amount <= 0:
        raise EnforcementInputError(f"请填写{label}（大于零）。", extra={"field": field})
    return amount


@transaction.atomic
def auction_valuation_record(
    *, asset: Asset, valuation: Decimal | str, actor: Actor, basis: str = "", on: date | None = None
) -> Auction:
    """Record the valuation of a sealed or frozen asset (评估/询价/定向询价/议价, 确定财产处置参考价); the auction waits
    for its notice."""
    _file, case = file_lock(file=asset.file)
    _require(actor, case)
    asset = Asset.objects.select_for_update(of=("self",)).get(pk=asset.pk)
    amount = _amount(valuation, "valuation", "评估价")
    _biddable(asset)
    if asset.auctions.exclude(state=Auction.State.CLOSED).exists():
        raise Conflict("该财产已有评估或拍卖在进行中。")
    auction = Auction.objects.create(asset=asset, valuation=amount, platform=PLATFORM.name, state=Auction.State.VALUED)
    what = asset.description or asset.get_kind_display()
    case_event_append(
        case=case, type=CaseEventType.ENFORCEMENT_AUCTION, actor=actor,
        summary=f"确定财产处置参考价：{what}评估价{amount}元" + (f"（{basis.strip()[:60]}）" if basis.strip() else ""),
        new={"auction": auction.pk, "valuation": str(amount)},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_AUCTION, target=auction, extra={"step": "valuation"})
    return auction


@transaction.atomic
def auction_notice_publish(
    *, auction: Auction, reserve: Decimal | str, actor: Actor, on: date | None = None
) -> AuctionRound:
    """Publish the auction notice and list round 1 (一拍) on the platform: the reserve at least 70% of the valuation
    (网拍规定 Art. 10), bidding opening 15 days after the notice for movables, 30 for real estate (Art. 12)."""
    file, case = file_lock(file=auction.asset.file)
    _require(actor, case)
    auction = Auction.objects.select_for_update(of=("self",)).select_related("asset__party__person").get(pk=auction.pk)
    if auction.state != Auction.State.VALUED:
        raise Conflict("只有已评估、尚未公告的财产可以发布拍卖公告。")
    amount = _amount(reserve, "reserve", "起拍价")
    _biddable(auction.asset)
    try:
        R.auction_reserve_check(kind="first", reserve=amount, valuation=auction.valuation, previous=None)
    except R.RuleRefused as exc:
        raise EnforcementInputError(str(exc), extra={"field": "reserve"}) from None
    on = on or timezone.localdate()
    first = _publish(auction, AuctionRound.Kind.FIRST, amount, on)
    auction.paper = _notice(file, case, auction, first, actor)
    auction.state = Auction.State.OPEN
    auction.save(update_fields=["paper", "state", "updated_at"])
    asset = auction.asset
    case_event_append(
        case=case, type=CaseEventType.ENFORCEMENT_AUCTION, actor=actor,
        summary=f"发布拍卖公告（一拍）：{asset.description or asset.get_kind_display()}，评估价{auction.valuation}元，"
        f"起拍价{amount}元，{first.starts_on:%Y-%m-%d}开拍（{R.AUCTION_FIRST_RESERVE}、{R.AUCTION_NOTICE}）",
        new={"auction": auction.pk, "round": first.kind, "reserve": str(amount)},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_AUCTION, target=auction, extra={"step": "notice"})
    return first


@transaction.atomic
def auction_start(
    *, asset: Asset, valuation: Decimal | str, reserve: Decimal | str, actor: Actor, on: date | None = None
) -> Auction:
    """Valuation, notice and round 1 in one write (the demo and imports): a sealed or frozen asset, the first round's
    notice (15 days before for movables, 30 for real estate) and its reserve checked against the valuation."""
    file, case = file_lock(file=asset.file)
    _require(actor, case)
    asset = Asset.objects.select_for_update(of=("self",)).select_related("party__person").get(pk=asset.pk)
    valuation, reserve = _amount(valuation, "valuation", "评估价"), _amount(reserve, "reserve", "起拍价")
    _biddable(asset)
    if asset.auctions.exclude(state=Auction.State.CLOSED).exists():
        raise Conflict("该财产已在拍卖中。")
    try:
        R.auction_reserve_check(kind="first", reserve=reserve, valuation=valuation, previous=None)
    except R.RuleRefused as exc:
        raise EnforcementInputError(str(exc), extra={"field": "reserve"}) from None
    on = on or timezone.localdate()
    auction = Auction.objects.create(asset=asset, valuation=valuation, platform=PLATFORM.name)
    first = _publish(auction, AuctionRound.Kind.FIRST, reserve, on)
    auction.paper = _notice(file, case, auction, first, actor)
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


def _settle(
    file: EnforcementFile, case: Case, auction: Auction, current: AuctionRound, actor: Actor,
    *, sold: bool, price: Decimal, bidders: int | None = None,
) -> str:  # fmt: skip
    """The round's outcome: a sale's price into the case account and its ruling; a failure awaits the next round."""
    from .services_funds import _locked, _move

    if sold:
        current.outcome, current.sold_price = "sold", price
        auction.state = Auction.State.SOLD
        account = _locked(CaseAccount.objects.get(case=case))
        _move(account=account, kind="receipt", amount=price, other="bank", actor=actor,
              counterparty=auction.platform, reference=f"PM-{current.listing}"[:64],
              note=f"{current.get_kind_display()}成交款")  # fmt: skip
        _sale_ruling(file, case, auction, current, actor)
        who = f"（{bidders}人竞买）" if bidders is not None else ""
        summary = f"{current.get_kind_display()}成交，价款{price}元已到案款账户{who}（{R.AUCTION_TRANSFER}）"
    else:
        current.outcome = "failed"
        auction.state = Auction.State.FAILED if current.kind != AuctionRound.Kind.SALE else Auction.State.CLOSED
        summary = f"{current.get_kind_display()}流拍（起拍价{current.reserve}元）"
    current.save(update_fields=["outcome", "sold_price", "updated_at"])
    auction.save(update_fields=["state", "updated_at"])
    return summary


@transaction.atomic
def auction_round_close(*, auction: Auction, actor: Actor) -> AuctionRound:
    """Record the platform's result of the current round: sold — the price arrives in the case account; failed —
    the auction waits for the next round (or ends after a failed sale)."""
    file, case = file_lock(file=auction.asset.file)
    _require(actor, case)
    auction = Auction.objects.select_for_update(of=("self",)).select_related("asset__party__person").get(pk=auction.pk)
    current = auction.rounds.filter(outcome="").last()
    if auction.state != Auction.State.OPEN or current is None:
        raise Conflict("当前没有进行中的拍卖轮次。")
    result = PLATFORM.outcome(listing=current.listing, reserve=current.reserve)
    summary = _settle(file, case, auction, current, actor, sold=result.sold, price=result.price, bidders=result.bidders)
    case_event_append(
        case=case, type=CaseEventType.ENFORCEMENT_AUCTION, actor=actor, summary=summary,
        new={"auction": auction.pk, "round": current.kind, "outcome": current.outcome},
    )  # fmt: skip
    audit_record(
        actor=actor, action=AuditAction.ENFORCEMENT_AUCTION, target=auction, extra={"outcome": current.outcome}
    )
    return current


@transaction.atomic
def auction_round_record(
    *, auction: Auction, sold: bool, actor: Actor, price: Decimal | str | None = None, on: date | None = None
) -> AuctionRound:
    """The officer records the result the platform announced: 流拍, or 成交 at `price` (not below the round's reserve;
    the price arrives in the case account in the same write). Not before the round has opened (Art. 12)."""
    file, case = file_lock(file=auction.asset.file)
    _require(actor, case)
    auction = Auction.objects.select_for_update(of=("self",)).select_related("asset__party__person").get(pk=auction.pk)
    current = auction.rounds.filter(outcome="").last()
    if auction.state != Auction.State.OPEN or current is None:
        raise Conflict("当前没有进行中的拍卖轮次。")
    on = on or timezone.localdate()
    if on < current.starts_on:
        raise EnforcementInputError(
            f"{current.get_kind_display()}于{current.starts_on:%Y年%m月%d日}开始，公告期内不能登记结果（{R.AUCTION_NOTICE}）。"
        )
    amount = Decimal(0)
    if sold:
        amount = _amount(price, "price", "成交价")
        if amount < current.reserve:
            raise EnforcementInputError(
                f"成交价不得低于{current.get_kind_display()}的起拍价/变卖价{current.reserve}元"
                f"（{R.AUCTION_FIRST_RESERVE if current.kind == AuctionRound.Kind.FIRST else R.AUCTION_SALE}）。",
                extra={"field": "price"},
            )
    summary = _settle(file, case, auction, current, actor, sold=sold, price=amount)
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
    """After a failed round: the second round at no more than 20% below the first (its own notice), then sale by
    discount (变卖) at no less than the second's reserve."""
    file, case = file_lock(file=auction.asset.file)
    _require(actor, case)
    auction = Auction.objects.select_for_update(of=("self",)).select_related("asset__party__person").get(pk=auction.pk)
    last = auction.rounds.last()
    if auction.state != Auction.State.FAILED or last is None or last.kind not in NEXT:
        raise Conflict("只有流拍后才能进入下一轮。")
    kind = NEXT[AuctionRound.Kind(last.kind)]
    amount = _amount(reserve, "reserve", "起拍价" if kind == AuctionRound.Kind.SECOND else "变卖价")
    try:
        R.auction_reserve_check(kind=kind, reserve=amount, valuation=auction.valuation, previous=last.reserve)
    except R.RuleRefused as exc:
        raise EnforcementInputError(str(exc), extra={"field": "reserve"}) from None
    new = _publish(auction, kind, amount, on or timezone.localdate())
    _notice(file, case, auction, new, actor)
    auction.state = Auction.State.OPEN
    auction.save(update_fields=["state", "updated_at"])
    citation = R.AUCTION_SECOND_RESERVE if kind == AuctionRound.Kind.SECOND else R.AUCTION_SALE
    case_event_append(
        case=case, type=CaseEventType.ENFORCEMENT_AUCTION, actor=actor,
        summary=f"{new.get_kind_display()}：价格{amount}元，{new.starts_on:%Y-%m-%d}开始（{citation}）",
        new={"auction": auction.pk, "round": kind, "reserve": str(amount)},
    )  # fmt: skip
    audit_record(actor=actor, action=AuditAction.ENFORCEMENT_AUCTION, target=auction)
    return new

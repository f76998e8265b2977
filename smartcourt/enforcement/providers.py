"""Asset holders (协助执行单位) behind one interface: inquire about a debtor, freeze, deduct, release.

In production each holder is reached through the SPC's 总对总 network; here each kind has a test double answering
with realistic, deterministic data (derived from the debtor's identity number) after a configurable delay
(`ENFORCEMENT_PROVIDER_DELAY` seconds, near zero in tests). `provider_for(kind)` is the one way in, so a real
connector replaces a double in `PROVIDERS` without touching the services.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings


@dataclass(frozen=True)
class DebtorRef:
    name: str
    id_number: str  # 公民身份号码 or 统一社会信用代码


@dataclass(frozen=True)
class AssetFound:
    kind: str  # AssetKind value
    identifier: str
    description: str
    value: Decimal


@dataclass(frozen=True)
class Reply:
    holder_name: str
    assets: list[AssetFound] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "holder": self.holder_name,
            "assets": [
                {"kind": a.kind, "identifier": a.identifier, "description": a.description, "value": str(a.value)}
                for a in self.assets
            ],
        }


@dataclass(frozen=True)
class ControlReceipt:
    reference: str
    amount: Decimal


class HolderRefused(RuntimeError):
    """The holder refused the order (e.g. a deduction above the frozen balance)."""


class AssetHolder(Protocol):
    kind: str

    def inquire(self, debtor: DebtorRef) -> Reply: ...
    def freeze(self, *, identifier: str, amount: Decimal) -> ControlReceipt: ...
    def deduct(self, *, identifier: str, amount: Decimal) -> ControlReceipt: ...
    def release(self, *, identifier: str) -> ControlReceipt: ...


def _delay() -> None:
    seconds = float(getattr(settings, "ENFORCEMENT_PROVIDER_DELAY", 0.2))
    if seconds > 0:
        time.sleep(seconds)


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


class DoubleHolder:
    """A holder double: answers from a deterministic hash of the debtor, remembers what it froze."""

    # kind → (institutions, asset kind, description, value range in yuan, chance of holding something in 10)
    PROFILE: dict[str, tuple[tuple[str, ...], str, str, tuple[int, int], int]] = {
        "bank": (("中国工商银行", "中国建设银行", "中国农业银行", "中国银行"), "deposit", "活期存款", (800, 180000), 9),
        "real_estate": (("不动产登记中心",), "real_estate", "住宅", (600000, 3200000), 4),
        "vehicle": (("公安部交通管理局",), "vehicle", "小型轿车", (30000, 260000), 5),
        "securities": (("中国证券登记结算有限责任公司",), "securities", "A股证券账户", (0, 90000), 3),
        "payment_platform": (("支付宝", "财付通"), "payment_balance", "账户余额", (10, 25000), 8),
        "housing_fund": (("住房公积金管理中心",), "housing_fund", "公积金账户余额", (2000, 120000), 6),
        "social_insurance": (("社会保险事业管理中心",), "social_insurance", "养老保险个人账户", (1000, 60000), 7),
    }

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.frozen: dict[str, Decimal] = {}

    def inquire(self, debtor: DebtorRef) -> Reply:
        _delay()
        names, asset_kind, label, (low, high), chance = self.PROFILE[self.kind]
        seed = _seed(self.kind, debtor.id_number or debtor.name)
        holder = names[seed % len(names)]
        if seed % 10 >= chance:
            return Reply(holder_name=holder)
        value = Decimal(low + (seed // 10) % max(high - low, 1)) + Decimal(seed % 100) / 100
        identifier = f"{self.kind[:2].upper()}{seed % 10**12:012d}"
        return Reply(holder_name=holder, assets=[AssetFound(asset_kind, identifier, f"{holder}{label}", value)])

    def freeze(self, *, identifier: str, amount: Decimal) -> ControlReceipt:
        _delay()
        self.frozen[identifier] = self.frozen.get(identifier, Decimal(0)) + amount
        return ControlReceipt(reference=f"DJ{_seed('freeze', identifier, str(amount)) % 10**10:010d}", amount=amount)

    def deduct(self, *, identifier: str, amount: Decimal) -> ControlReceipt:
        _delay()
        return ControlReceipt(reference=f"KH{_seed('deduct', identifier, str(amount)) % 10**10:010d}", amount=amount)

    def release(self, *, identifier: str) -> ControlReceipt:
        _delay()
        amount = self.frozen.pop(identifier, Decimal(0))
        return ControlReceipt(reference=f"JD{_seed('release', identifier) % 10**10:010d}", amount=amount)


HOLDER_KINDS = tuple(DoubleHolder.PROFILE)
PROVIDERS: dict[str, AssetHolder] = {kind: DoubleHolder(kind) for kind in HOLDER_KINDS}


def provider_for(kind: str) -> AssetHolder:
    return PROVIDERS[kind]


# --- the external auction platform (网络司法拍卖平台) ---------------------------------------------------------------


@dataclass(frozen=True)
class AuctionOutcome:
    sold: bool
    price: Decimal
    bidders: int


class AuctionPlatform(Protocol):
    name: str

    def publish(self, *, title: str, reserve: Decimal, starts_on: str, ends_on: str) -> str: ...
    def outcome(self, *, listing: str, reserve: Decimal) -> AuctionOutcome: ...


class DoublePlatform:
    """A platform double: each auction has a market price, set at its first round between 75% and 115% of that
    round's reserve (from a hash of the listing), so a first round at the valuation often fails and a reduced
    second round often sells."""

    name = "司法拍卖平台（测试替身）"

    def __init__(self) -> None:
        self.markets: dict[str, Decimal] = {}

    def publish(self, *, title: str, reserve: Decimal, starts_on: str, ends_on: str) -> str:
        _delay()
        return f"PM{_seed('list', title, starts_on) % 10**10:010d}"

    def outcome(self, *, listing: str, reserve: Decimal) -> AuctionOutcome:
        _delay()
        seed = _seed("market", listing)
        market = self.markets.setdefault(listing.split("-")[0], reserve * Decimal(75 + seed % 40) / 100)
        if market < reserve:
            return AuctionOutcome(False, Decimal(0), 0)
        return AuctionOutcome(True, market.quantize(Decimal("0.01")), 2 + seed % 9)


PLATFORM: AuctionPlatform = DoublePlatform()

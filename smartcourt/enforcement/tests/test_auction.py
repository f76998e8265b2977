"""Online judicial auction: the first reserve at least 70% of the valuation, the second no more than 20% below,
then sale; the proceeds into the case account."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartcourt.enforcement import services_auction as A
from smartcourt.enforcement import services_control as C
from smartcourt.enforcement.models import Auction, InquiryResult
from smartcourt.enforcement.providers import PLATFORM, AuctionOutcome
from smartcourt.enforcement.services import EnforcementInputError

from .factories import account_of, build_world, filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    w = build_world()
    file = filed(w)
    with django_capture_on_commit_callbacks(execute=True):
        C.inquiry_batch_start(file=file, actor=w.officer)
    result = InquiryResult.objects.get(batch__file=file, holder_kind="real_estate")
    house = file.assets.create(
        party=result.party, result=result, holder_kind="real_estate", holder_name="不动产登记中心", kind="real_estate",
        identifier="苏(2020)姑苏区不动产权第0001号", description="住宅", value=Decimal("1000000"),
    )  # fmt: skip
    C.asset_freeze(asset=house, amount=house.value, actor=w.officer)
    return w, file, house


def test_rounds_reserves_and_proceeds(sealed, monkeypatch, client) -> None:
    w, file, house = sealed
    with pytest.raises(EnforcementInputError, match="百分之七十"):
        A.auction_start(asset=house, valuation="1000000", reserve="690000", actor=w.officer)
    auction = A.auction_start(asset=house, valuation="1000000", reserve="700000", actor=w.officer)
    first = auction.rounds.get()
    assert (first.starts_on - file.case.filed_on).days >= 0 and auction.paper is not None
    monkeypatch.setattr(PLATFORM, "outcome", lambda **kw: AuctionOutcome(False, Decimal(0), 0))
    A.auction_round_close(auction=auction, actor=w.officer)
    auction.refresh_from_db()
    assert auction.state == Auction.State.FAILED
    with pytest.raises(EnforcementInputError, match="百分之二十"):
        A.auction_next_round(auction=auction, reserve="559999.99", actor=w.officer)
    second = A.auction_next_round(auction=auction, reserve="560000", actor=w.officer)
    assert second.kind == "second"
    from smartcourt.courts.tests.factories import login_verified

    login_verified(client, w.officer)
    page = client.get(f"/enforcement/{file.pk}/").content.decode()
    assert "一拍 700000.00（流拍） → 二拍 560000.00" in page
    monkeypatch.setattr(PLATFORM, "outcome", lambda **kw: AuctionOutcome(True, Decimal("600000.00"), 3))
    A.auction_round_close(auction=auction, actor=w.officer)
    auction.refresh_from_db()
    assert auction.state == Auction.State.SOLD and account_of(file).balance == Decimal("600000.00")


def test_an_asset_not_sealed_cannot_be_auctioned(sealed) -> None:
    w, file, house = sealed
    other = file.assets.create(
        party=house.party, result=house.result, holder_kind="vehicle", holder_name="车管所", kind="vehicle",
        identifier="苏E12345", value=Decimal("50000"),
    )  # fmt: skip
    with pytest.raises(EnforcementInputError, match="须先查封"):
        A.auction_start(asset=other, valuation="50000", reserve="40000", actor=w.officer)

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


def test_the_officer_runs_the_auction_from_the_case_page(sealed, client) -> None:
    """Valuation → notice with round 1 → a failed round → round 2 at the reduced reserve → failed → sale by discount
    (变卖) → sold: each a button on the case page, each refusal a Chinese message citing its article."""
    from django.utils import timezone

    from smartcourt.cases.models import CaseEvent
    from smartcourt.courts.tests.factories import login_verified
    from smartcourt.enforcement.models import AuctionRound

    w, file, house = sealed
    login_verified(client, w.officer)
    url = f"/enforcement/{file.pk}/"

    def act(name: str, **data: str) -> str:
        return client.post(f"{url}act/{name}/", data, follow=True).content.decode()

    def opened() -> None:  # the platform's bidding has opened (the notice period is over)
        AuctionRound.objects.filter(auction__asset=house, outcome="").update(starts_on=timezone.localdate())

    page = client.get(url).content.decode()
    assert 'data-testid="auction-valuation"' in page and "第十条" in page
    assert "格式不正确" in act("valuation", asset=str(house.pk), valuation="一百万")
    assert not Auction.objects.exists()
    assert "已登记评估价" in act("valuation", asset=str(house.pk), valuation="1000000", basis="某评估公司")
    auction = Auction.objects.get()
    assert auction.state == Auction.State.VALUED
    page = act("auction_notice", auction=str(auction.pk), reserve="600000")
    assert "百分之七十" in page and "第十条" in page and not auction.rounds.exists()
    assert "一拍已上架" in act("auction_notice", auction=str(auction.pk), reserve="700000")
    first = auction.rounds.get()
    assert (first.starts_on - timezone.localdate()).days == 30  # real estate: 30 days' notice (Art. 12)
    assert file.papers.filter(document__kind="enf_auction_notice").count() == 1
    assert "公告期内不能登记结果" in act("auction_record", auction=str(auction.pk), outcome="failed")
    opened()
    assert "请选择本轮结果" in act("auction_record", auction=str(auction.pk))
    act("auction_record", auction=str(auction.pk), outcome="failed")
    auction.refresh_from_db()
    assert auction.state == Auction.State.FAILED
    page = client.get(url).content.decode()
    assert 'data-testid="auction-next"' in page and "560000.00" in page  # the lowest second reserve shown
    assert "第二十六条" in act("auction_next", auction=str(auction.pk), reserve="500000")
    act("auction_next", auction=str(auction.pk), reserve="560000")
    opened()
    act("auction_record", auction=str(auction.pk), outcome="failed")
    assert "变卖价不得低于二拍的起拍价" in act("auction_next", auction=str(auction.pk), reserve="550000")
    act("auction_next", auction=str(auction.pk), reserve="560000")
    assert [r.kind for r in auction.rounds.all()] == ["first", "second", "sale"]
    opened()
    assert "成交价不得低于" in act("auction_record", auction=str(auction.pk), outcome="sold", price="500000")
    before = CaseEvent.objects.filter(case_id=file.case_id).count()
    act("auction_record", auction=str(auction.pk), outcome="sold", price="565000")
    auction.refresh_from_db()
    assert auction.state == Auction.State.SOLD and account_of(file).balance == Decimal("565000.00")
    assert CaseEvent.objects.filter(case_id=file.case_id).count() == before + 1
    ruling = file.papers.get(document__kind="enf_auction_ruling").document
    assert "565,000.00元" in ruling.context["amount_text"] and ruling.context["round_name"] == "变卖"
    assert file.papers.filter(document__kind="enf_auction_notice").count() == 3

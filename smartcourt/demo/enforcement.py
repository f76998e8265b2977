"""Demo enforcement (执行): a handful of 执 cases in the demo court, each in a different state, all through the real
services (so timelines, documents, the case accounts and audit rows are real):

- 执行完毕: inquiry across every holder answered, a deposit frozen and deducted, paid out with a second officer's
  approval, closed;
- funds received, a payout a colleague asked for, waiting for demo_enforcement's approval as the second person
  (it shows on demo_enforcement's workbench: a printed login can finish it);
- a debtor restricted in consumption and on the dishonest-debtor list (searchable on the public page);
- 终结本次执行程序 after a complete inquiry, the found assets frozen;
- newly filed, not yet assigned.

The holders' doubles answer at once here. Idempotent: nothing is added when the demo court has enforcement cases.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smartcourt.cases.models import Case, CaseParty
from smartcourt.courts.models import Court, RoleGrant, User
from smartcourt.courts.roles import Role
from smartcourt.courts.selectors import SYSTEM
from smartcourt.enforcement import services as S
from smartcourt.enforcement import services_control as C
from smartcourt.enforcement import services_funds as F
from smartcourt.enforcement import services_measures as M
from smartcourt.enforcement.models import Asset, AssetKind, EnforcementFile, TitleKind
from smartcourt.enforcement.providers import HOLDER_KINDS
from smartcourt.enforcement.titles import Title, TitleParty

DEMO_COURT = "苏0508"
DEBTORS = (
    ("苏州恒通贸易有限公司", "legal", None, "91320508MA1XY8123L"),
    ("周建国", "natural", "32050819820315451X", None),
    ("吴海峰", "natural", "32050819791102253X", None),
    ("苏州鼎盛建材有限公司", "legal", None, "91320508MA2ABC567T"),
    ("陈晓东", "natural", "320508198806213013", None),
)


def _title(n: int, amount: Decimal) -> Title:
    name, kind, id_number, credit = DEBTORS[n]
    return Title(
        kind=TitleKind.ARBITRATION,
        reference=f"（2026）苏仲裁字第{101 + n}号",
        parties=(
            TitleParty("applicant", f"申请执行人{'甲乙丙丁戊'[n]}", amount=amount),
            TitleParty("debtor", name, kind=kind, id_number=id_number, credit_code=credit),
        ),
        amount=amount,
        file_name="仲裁裁决书.pdf",
        file_content=f"%PDF-1.4 demo award {n}".encode(),
    )


def _assign(file: EnforcementFile, officer: User) -> None:
    Case.objects.filter(pk=file.case_id).update(judge=officer, state="in_trial")
    file.refresh_from_db()


def _inquire(file: EnforcementFile, officer: User) -> None:
    batch = C.inquiry_batch_start(file=file, actor=officer)
    debtor = CaseParty.objects.get(case_id=file.case_id, role="judgment_debtor")
    for kind in HOLDER_KINDS:  # answered here, at once, instead of by the task workers
        C.inquiry_answer(batch_id=batch.pk, party_id=debtor.pk, holder_kind=kind)


def _deposit(file: EnforcementFile, need: Decimal) -> Asset:
    deposit = file.assets.filter(kind=AssetKind.DEPOSIT).order_by("-value").first()
    if deposit is None or deposit.value < need:
        result = file.inquiries.get().results.get(holder_kind="bank")
        deposit = file.assets.create(
            party=result.party, result=result, holder_kind="bank", holder_name="中国工商银行", kind="deposit",
            identifier=f"6222{file.case_id:012d}", description="活期存款", value=need + Decimal("1200"),
        )  # fmt: skip
    return deposit


def _auction(court: Court, officer: User) -> None:
    from smartcourt.enforcement import services_auction as A
    from smartcourt.enforcement.providers import PLATFORM, DoublePlatform

    title = Title(
        kind=TitleKind.NOTARISED_DEBT,
        reference="（2026）苏姑证字第318号",
        parties=(TitleParty("applicant", "苏州农商银行姑苏支行", kind="legal", amount=Decimal("1350000.00")),
                 TitleParty("debtor", "孙立明", id_number="320508197503082218")),
        amount=Decimal("1350000.00"),
        file_name="公证债权文书.pdf",
        file_content=b"%PDF-1.4 demo notarised debt",
    )  # fmt: skip
    file = S.enforcement_apply_from_title(title=title, court=court, actor=SYSTEM)
    _assign(file, officer)
    _inquire(file, officer)
    result = file.inquiries.get().results.get(holder_kind="real_estate")
    house = file.assets.create(
        party=result.party, result=result, holder_kind="real_estate", holder_name="苏州市不动产登记中心",
        kind="real_estate", identifier="苏(2019)苏州市不动产权第5012345号", description="姑苏区住宅一套",
        value=Decimal("1600000.00"),
    )  # fmt: skip
    C.asset_freeze(asset=house, amount=house.value, actor=officer)
    auction = A.auction_start(asset=house, valuation="1600000", reserve="1120000", actor=officer)
    if isinstance(PLATFORM, DoublePlatform):  # the double's market for this house: below the first reserve
        PLATFORM.markets[str(auction.pk)] = Decimal("1000000")
    A.auction_round_close(auction=auction, actor=officer)
    A.auction_next_round(auction=auction, reserve="896000", actor=officer)


def demo_seed(*, seed: int, log: Callable[[str], object]) -> int:
    court = Court.objects.filter(code=DEMO_COURT).first()
    officers = list(
        User.objects.filter(
            pk__in=RoleGrant.objects.filter(role=Role.ENFORCEMENT_OFFICER, court=court).values("user_id")
        ).order_by("username")
    )
    officer = next((u for u in officers if u.username == "demo_enforcement"), officers[0] if officers else None)
    second = next((u for u in officers if u != officer), None)
    if court is None or officer is None or second is None:
        log("    未找到演示法院或两名执行人员，跳过执行。")
        return 0
    if EnforcementFile.objects.filter(case__court=court).exists():
        log("    执行示例已存在。")
        return 0
    delay = getattr(settings, "ENFORCEMENT_PROVIDER_DELAY", 0.2)
    settings.ENFORCEMENT_PROVIDER_DELAY = 0
    today = timezone.localdate()
    try:
        with transaction.atomic():
            # 1. 执行完毕
            done = S.enforcement_apply_from_title(title=_title(0, Decimal("86000.00")), court=court, actor=SYSTEM)
            _assign(done, officer)
            _inquire(done, officer)
            deposit = _deposit(done, done.amount_due)
            C.asset_freeze(asset=deposit, amount=done.amount_due, actor=officer)
            C.asset_deduct(asset=deposit, amount=done.amount_due, actor=officer)
            applicant = CaseParty.objects.get(case_id=done.case_id, role="enforcement_applicant")
            payout = F.payout_request(account=done.case.account, party=applicant, amount=done.amount_due, actor=officer)
            F.payout_approve(payout=payout, actor=second)
            S.enforcement_close(file=done, kind="fulfilled", actor=officer)
            # 2. funds received; a colleague's payout awaits demo_enforcement as the second person
            paying = S.enforcement_apply_from_title(title=_title(1, Decimal("32000.00")), court=court, actor=SYSTEM)
            _assign(paying, second)
            F.fund_receive(account=paying.case.account, amount="12000", actor=second, reference="DEMO-B-0001",
                           counterparty="周建国")  # fmt: skip
            applicant = CaseParty.objects.get(case_id=paying.case_id, role="enforcement_applicant")
            F.payout_request(account=paying.case.account, party=applicant, amount="12000", actor=second)
            # 3. a debtor on the dishonest list
            listed = S.enforcement_apply_from_title(title=_title(2, Decimal("158000.00")), court=court, actor=SYSTEM)
            _assign(listed, officer)
            S.enforcement_notice_issue(file=listed, actor=officer, on=today - timedelta(days=40))
            debtor = CaseParty.objects.get(case_id=listed.case_id, role="judgment_debtor")
            M.measure_take(file=listed, party=debtor, kind="consumption_restriction", actor=officer)
            M.measure_take(file=listed, party=debtor, kind="dishonest_list", actor=officer, ground="able_refuses")
            # 4. 终结本次执行程序 (filed four months ago)
            final = S.enforcement_apply_from_title(
                title=_title(3, Decimal("420000.00")), court=court, actor=SYSTEM, filed_on=today - timedelta(days=125)
            )
            _assign(final, officer)
            S.enforcement_notice_issue(file=final, actor=officer, on=today - timedelta(days=110))
            debtor = CaseParty.objects.get(case_id=final.case_id, role="judgment_debtor")
            M.measure_take(file=final, party=debtor, kind="consumption_restriction", actor=officer)
            _inquire(final, officer)
            for asset in final.assets.filter(value__gt=0):
                C.asset_freeze(asset=asset, amount=asset.value, actor=officer)
            S.enforcement_close(file=final, kind="final_this_round", actor=officer, applicant_informed=True,
                                note="未发现其他可供执行的财产")  # fmt: skip
            # 5. newly filed
            S.enforcement_apply_from_title(title=_title(4, Decimal("9800.00")), court=court, actor=SYSTEM)
            # 6. a house at auction, the first round failed, the second open
            _auction(court, officer)
    finally:
        settings.ENFORCEMENT_PROVIDER_DELAY = delay
    log("  执行：6件（执行完毕、待审批发放、失信名单、终结本次执行、新立案、二拍中）")
    return 6

"""Demo cross-court enforcement and the assistance network (ADR 0043), through the real services:

- a case of the demo court (姑苏法院) pending eight months, designated by 苏州中院 to 园区法院 (指定执行): handed over
  with its balance and the frozen deposit, acknowledged by 园区法院's enforcement head (demo_enforcement_sip), whose
  officer then receives money and sends a task — one timeline with both courts;
- two entrustments to 昆山法院 (委托执行): one just sent, one not begun within the fifteen days (overdue);
- the demo grid worker's (demo_grid) tasks: one open, one overdue, one reported.

Idempotent: nothing is added when the demo court already has a designated case.
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
from smartcourt.enforcement import services_crosscourt as X
from smartcourt.enforcement import services_funds as F
from smartcourt.enforcement.models import AssetKind, CrossCourt, TitleKind
from smartcourt.enforcement.providers import HOLDER_KINDS
from smartcourt.enforcement.titles import Title, TitleParty

DEMO_COURT, RECEIVING, ENTRUSTED = "苏0508", "苏0591", "苏0583"


def _first(role: Role, court: Court, username: str = "") -> User | None:
    users = User.objects.filter(pk__in=RoleGrant.objects.filter(role=role, court=court).values("user_id"))
    return users.filter(username=username).first() if username else users.order_by("username").first()


def demo_seed(*, seed: int, log: Callable[[str], object]) -> int:
    court = Court.objects.filter(code=DEMO_COURT).select_related("parent").first()
    sip = Court.objects.filter(code=RECEIVING).first()
    kunshan = Court.objects.filter(code=ENTRUSTED).first()
    if court is None or court.parent is None or sip is None or kunshan is None:
        log("    未找到演示法院及其中院、园区法院、昆山法院，跳过异地执行。")
        return 0
    officer = _first(Role.ENFORCEMENT_OFFICER, court, "demo_enforcement")
    president = _first(Role.PRESIDENT, court.parent)
    sip_head = _first(Role.DIVISION_HEAD, sip, "demo_enforcement_sip")
    sip_officer = _first(Role.ENFORCEMENT_OFFICER, sip)
    worker = _first(Role.ASSISTANCE_WORKER, court, "demo_grid")
    if None in (officer, president, sip_head, sip_officer, worker):
        log("    缺少演示人员（执行员、中院院长、园区执行局长、园区执行员、网格员），跳过异地执行。")
        return 0
    assert officer and president and sip_head and sip_officer and worker
    if CrossCourt.objects.filter(file__case__court=court).exists():
        log("    异地执行示例已存在。")
        return 0
    delay = getattr(settings, "ENFORCEMENT_PROVIDER_DELAY", 0.2)
    settings.ENFORCEMENT_PROVIDER_DELAY = 0
    today = timezone.localdate()
    try:
        with transaction.atomic():
            title = Title(
                kind=TitleKind.ARBITRATION,
                reference="（2025）苏仲裁字第877号",
                parties=(
                    TitleParty("applicant", "苏州吴越机电有限公司", kind="legal", amount=Decimal("265000.00")),
                    TitleParty("debtor", "林国强", id_number="320508198104162274", address="苏州工业园区星港街188号"),
                ),
                amount=Decimal("265000.00"),
                file_name="仲裁裁决书.pdf",
                file_content=b"%PDF-1.4 demo award crosscourt",
            )
            file = S.enforcement_apply_from_title(
                title=title, court=court, actor=SYSTEM, filed_on=today - timedelta(days=240)
            )
            Case.objects.filter(pk=file.case_id).update(judge=officer, state="in_trial")
            file.refresh_from_db()
            debtor = CaseParty.objects.get(case_id=file.case_id, role="judgment_debtor")
            batch = C.inquiry_batch_start(file=file, actor=officer)
            for kind in HOLDER_KINDS:
                C.inquiry_answer(batch_id=batch.pk, party_id=debtor.pk, holder_kind=kind)
            deposit = file.assets.filter(kind=AssetKind.DEPOSIT, value__gt=0).order_by("-value").first()
            if deposit is not None:
                C.asset_freeze(asset=deposit, amount=deposit.value, actor=officer)
            F.fund_receive(account=file.case.account, amount="8000", actor=officer, reference="DEMO-X-0001",
                           counterparty="林国强")  # fmt: skip
            cc = X.designation_decide(
                file=file, actor=president, designating_court=court.parent, to_court=sip, kind="designated",
                ground="overdue", reason="被执行人住所地及主要财产均在苏州工业园区，原执行法院立案逾八个月未执行完结。",
            )  # fmt: skip
            X.handover_record(crosscourt=cc, actor=officer, note="电子卷宗、案款账户及冻结的存款一并移交")
            X.handover_acknowledge(
                crosscourt=cc, actor=sip_head, officer=sip_officer, note="已核对卷宗、案款和冻结财产"
            )
            F.fund_receive(account=file.case.account, amount="15000", actor=sip_officer, reference="DEMO-X-0002",
                           counterparty="林国强")  # fmt: skip
            X.assistance_assign(
                file=file, actor=sip_officer, worker=worker, party=debtor, kind="deliver_notice",
                instructions="将执行通知书送达被执行人并拍照留存", due_on=today + timedelta(days=5),
            )  # fmt: skip
            # entrustments to 昆山法院: just sent, and one not begun within fifteen days
            X.entrustment_send(
                file=file, actor=officer, to_court=kunshan, matter="seize_property", party=debtor,
                detail="查封被执行人名下位于昆山市玉山镇的住宅一套（苏(2018)昆山市不动产权第0123456号）",
            )  # fmt: skip
            other = S.enforcement_apply_from_title(
                title=Title(
                    kind=TitleKind.NOTARISED_DEBT,
                    reference="（2026）苏姑证字第204号",
                    parties=(
                        TitleParty("applicant", "苏州姑苏小额贷款有限公司", kind="legal", amount=Decimal("46000.00")),
                        TitleParty(
                            "debtor", "顾明华", id_number="32058319900215231X", address="昆山市花桥镇徐公桥路6号"
                        ),
                    ),
                    amount=Decimal("46000.00"),
                    file_name="公证债权文书.pdf",
                    file_content=b"%PDF-1.4 demo notarised crosscourt",
                ),
                court=court,
                actor=SYSTEM,
                filed_on=today - timedelta(days=40),
            )
            Case.objects.filter(pk=other.case_id).update(judge=officer, state="in_trial")
            other.refresh_from_db()
            other_debtor = CaseParty.objects.get(case_id=other.case_id, role="judgment_debtor")
            X.entrustment_send(
                file=other, actor=officer, to_court=kunshan, matter="investigate", party=other_debtor,
                detail="查找被执行人下落并调查其在花桥镇的经营场所", on=today - timedelta(days=20),
            )  # fmt: skip
            # the grid worker's tasks on the demo court's case: overdue, and reported
            X.assistance_assign(
                file=other, actor=officer, worker=worker, party=other_debtor, kind="find_debtor",
                on=today - timedelta(days=12), due_on=today - timedelta(days=5),
                instructions="被执行人已离开登记住所，请向村（社区）了解其去向",
            )  # fmt: skip
            verified = X.assistance_assign(
                file=other, actor=officer, worker=worker, party=other_debtor, kind="verify_address",
                on=today - timedelta(days=6), due_on=today + timedelta(days=1),
            )  # fmt: skip
            X.assistance_report(
                task=verified, actor=worker, outcome="done", note="经向村委会核实，被执行人户籍地址属实，平时在外务工。"
            )
    finally:
        settings.ENFORCEMENT_PROVIDER_DELAY = delay
    log("  异地执行：1件指定执行（已移交、已接收），2件委托执行，3项协助执行任务")
    return 2

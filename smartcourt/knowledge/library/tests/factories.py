"""A small world for library tests: two courts, a judge, an expert and a president in the first, a judge in the
second, a party; an open case with complaint facts; library cases; closed cases of both courts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.models import Court, User
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.tests.factories import CourtFactory, user_with_role
from smartcourt.filing.models import Filing
from smartcourt.knowledge.library.models import LibraryCase, LibraryKind
from smartcourt.knowledge.library.services import LibraryCaseData, expert_designate, library_case_add

LOAN = "被告因资金周转向原告借款人民币50000元，出具借条一张，约定一年内归还。借款到期后，被告经原告多次催告仍未还款。"
SALE = "原、被告之间签订买卖合同，约定被告购买钢材，总价款人民币120000元。原告已交付货物，被告经多次催告仍未付款。"
DIVORCE = "原、被告婚后因生活琐事经常争吵，自两年前起分居至今，夫妻感情确已破裂，原告诉请离婚并分割夫妻共同财产。"

_n = iter(range(1, 100_000))


def with_facts(case: Case, facts: str) -> Case:
    Filing.objects.create(reference=f"T{next(_n):08d}", verification_code="123456", court=case.court, case=case,
                          facts=facts, state="accepted")  # fmt: skip
    return case


@dataclass
class World:
    court: Court
    other: Court
    judge: User
    expert: User
    president: User
    other_judge: User
    party: User
    case: Case
    loan_ref: LibraryCase
    sale_ref: LibraryCase
    closed_loan: Case
    other_closed: Case


def lib(kind: str, title: str, facts: str, cause: str, court: Court | None = None, **kw: object) -> LibraryCase:
    return library_case_add(actor=SYSTEM, data=LibraryCaseData(kind=kind, title=title, facts=facts, cause=cause,
                                                                 case_type="civil", court=court, **kw))  # type: ignore[arg-type]  # fmt: skip


def build_world(tmp_path: Path, settings) -> World:  # type: ignore[no-untyped-def]
    settings.KNOWLEDGE_LIBRARY_INDEX_DIR = tmp_path / "library_index"
    court = CourtFactory(level=CourtLevel.BASIC, name="姑苏区人民法院")
    other = CourtFactory(level=CourtLevel.BASIC, name="昆山市人民法院")
    judge = user_with_role(Role.JUDGE, court, full_name="陈法官")
    expert = user_with_role(Role.JUDGE, court, full_name="郑专家")
    president = user_with_role(Role.PRESIDENT, court, full_name="王院长")
    other_judge = user_with_role(Role.JUDGE, other, full_name="李法官")
    party = user_with_role(Role.PARTY, court, full_name="当事人甲")
    expert_designate(actor=SYSTEM, court=court, user=expert, field="民商事")
    case = with_facts(make_case(court=court, judge=judge, plaintiff="张三", defendant="李四"),
                      "原告张三向被告李四出借人民币48000元，被告出具借条，约定半年后归还，到期后经多次催讨，被告仍未还款。")  # fmt: skip
    loan_ref = lib(LibraryKind.REFERENCE, "民间借贷参考案例", LOAN, "民间借贷纠纷", statutes="民法典/第六百七十五条",
                   sentence="被告归还借款本金及利息", amount=Decimal("50000"), result="被告于判决生效之日起十日内归还借款。")  # fmt: skip
    sale_ref = lib(LibraryKind.GUIDING, "买卖合同指导性案例", SALE, "买卖合同纠纷", number="指导性案例 1 号")
    lib(LibraryKind.REFERENCE, "离婚参考案例", DIVORCE, "离婚纠纷")
    lib(LibraryKind.TYPICAL, "昆山借贷典型案例", LOAN, "民间借贷纠纷", court=other, tags="民间借贷、典型")
    closed_loan = with_facts(make_case(court=court, plaintiff="王五", defendant="赵六"),
                             "被告赵六向原告王五借款人民币45000元并出具借条，到期未还，原告多次催告无果。")  # fmt: skip
    Case.objects.filter(pk=closed_loan.pk).update(closed_on=date(2024, 6, 1), state="closed")
    other_closed = with_facts(
        make_case(court=other), "被告向原告借款人民币50000元并出具借条，到期后经多次催告仍未还款。"
    )
    Case.objects.filter(pk=other_closed.pk).update(closed_on=date(2024, 6, 1), state="closed")
    return World(court, other, judge, expert, president, other_judge, party, case, loan_ref, sale_ref, closed_loan,
                 other_closed)  # fmt: skip

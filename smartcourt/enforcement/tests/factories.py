"""An enforcement world: a court with its enforcement bureau, two officers and the bureau's head, an effective
judgment whose plaintiff has an account, and the enforcement case filed from it (all through the services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from smartcourt.cases.models import Case, CaseParty, CaseState
from smartcourt.cases.services import PartyIn, case_register, case_transition
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.models import Court, Division, User
from smartcourt.courts.roles import DivisionKind, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, UserFactory, user_with_role
from smartcourt.enforcement.models import CaseAccount, EnforcementFile
from smartcourt.enforcement.services import enforcement_apply

_n = [0]


@dataclass
class World:
    court: Court
    bureau: Division
    officer: User
    officer2: User
    head: User
    applicant_user: User
    judgment: Case


def _id_number(seq: int) -> str:
    """A valid resident ID (GB 11643 check digit) for test debtors."""
    from smartcourt.cases.rules.identity import id_check_digit

    body = f"32010219{80 + seq % 10}{seq % 12 + 1:02d}{seq % 28 + 1:02d}{seq % 1000:03d}"
    return body + id_check_digit(body)


def effective_judgment(
    *, court: Court, applicant_user: User | None = None, amount: Decimal = Decimal("50000.00"), effective: bool = True
) -> Case:
    _n[0] += 1
    n = _n[0]
    case = case_register(
        court=court,
        type_code="民初",
        parties=[
            PartyIn(role="plaintiff", kind="natural", name=f"申请人{n}", user=applicant_user),
            PartyIn(role="defendant", kind="natural", name=f"被执行人{n}", id_number=_id_number(n)),
        ],
        actor=SYSTEM,
        claim_amount=amount,
        filed_on=date(2025, 1, 6),
    )
    case_transition(case=case, target=CaseState.IN_TRIAL, actor=SYSTEM, on=date(2025, 1, 10))
    case_transition(case=case, target=CaseState.CLOSED, actor=SYSTEM, closing_method="judgment", on=date(2025, 3, 3))
    if effective:
        case_transition(case=case, target=CaseState.EFFECTIVE, actor=SYSTEM, on=date(2025, 3, 20))
    case.refresh_from_db()
    return case


def build_world(*, amount: Decimal = Decimal("50000.00")) -> World:
    court = CourtFactory()
    bureau = DivisionFactory(court=court, kind=DivisionKind.ENFORCEMENT, name="执行局")
    officer = user_with_role(Role.ENFORCEMENT_OFFICER, court, bureau, full_name="执行员甲")
    officer2 = user_with_role(Role.ENFORCEMENT_OFFICER, court, bureau, full_name="执行员乙")
    head = user_with_role(Role.DIVISION_HEAD, court, bureau, full_name="执行局长")
    applicant_user = UserFactory(full_name="申请人账户")
    from smartcourt.courts.models import RoleGrant

    RoleGrant.objects.create(user=applicant_user, role=Role.PARTY, court=court)
    judgment = effective_judgment(court=court, applicant_user=applicant_user, amount=amount)
    return World(court, bureau, officer, officer2, head, applicant_user, judgment)


def filed(world: World, *, assign: bool = True) -> EnforcementFile:
    """The enforcement case of the world's judgment, assigned to the first officer."""
    from smartcourt.cases.models import Case as CaseModel

    file = enforcement_apply(title_case=world.judgment, actor=world.applicant_user)
    if assign:
        CaseModel.objects.filter(pk=file.case_id).update(judge=world.officer, state=CaseState.IN_TRIAL)
    file.refresh_from_db()
    file.case.refresh_from_db()
    return file


def account_of(file: EnforcementFile) -> CaseAccount:
    return CaseAccount.objects.get(case_id=file.case_id)


def party(file: EnforcementFile, role: str) -> CaseParty:
    return CaseParty.objects.select_related("person").get(case_id=file.case_id, role=role)

"""One small court with a person in every role, each on the case the way their role is, and an API token each;
one case with a dossier document, a paper bundle in a locker with a pending borrowing, a service task sent by post,
and a ledger with a checkpoint. Built through the services, like production (tests/contract, tests/security)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from smartcourt.cases.models import Case, CaseParty, Representation
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.models import Court, Division, User
from smartcourt.courts.roles import CourtLevel, DivisionKind, Role
from smartcourt.courts.services import api_token_create
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role

# Roles granted with the division (their scope reads it); the others court-wide.
DIVISION_ROLES = {Role.JUDGE, Role.JUDGE_ASSISTANT, Role.CLERK, Role.DIVISION_HEAD}
LABEL = "（2026）苏0508民初1号"


@dataclass
class World:
    court: Court
    division: Division
    other_court: Court
    case: Case
    users: dict[Role, User]
    tokens: dict[Role, str]
    ids: dict[str, object] = field(default_factory=dict)  # real ids for path parameters: case_id, page_id …

    def token(self, role: Role) -> str:
        return self.tokens[role]


def build_world(*, with_files: bool = True) -> World:
    high = CourtFactory(level=CourtLevel.HIGH, code="苏", name="江苏省高级人民法院")
    inter = CourtFactory(level=CourtLevel.INTERMEDIATE, parent=high, code="苏05", name="苏州市中级人民法院")
    court = CourtFactory(level=CourtLevel.BASIC, parent=inter, code="苏0508", name="苏州市姑苏区人民法院")
    other_court = CourtFactory(level=CourtLevel.BASIC, parent=inter, code="苏0583", name="昆山市人民法院")
    division = DivisionFactory(court=court, kind=DivisionKind.CIVIL, name="民事审判第一庭")
    users: dict[Role, User] = {}
    for role in Role:
        users[role] = user_with_role(
            role, court, division if role in DIVISION_ROLES else None, full_name=f"{role.label}甲"
        )
    case = make_case(
        court=court,
        division=division,
        judge=users[Role.JUDGE],
        plaintiff=users[Role.PARTY].full_name,
        plaintiff_user=users[Role.PARTY],
    )
    Case.objects.filter(pk=case.pk).update(assistant=users[Role.JUDGE_ASSISTANT], clerk=users[Role.CLERK])
    case.refresh_from_db()
    plaintiff = CaseParty.objects.get(case=case, role="plaintiff")
    Representation.objects.create(party=plaintiff, kind="lawyer", name=users[Role.LAWYER].full_name,
                                  user=users[Role.LAWYER])  # fmt: skip
    tokens = {role: api_token_create(user=user, name="contract")[1] for role, user in users.items()}
    world = World(court=court, division=division, other_court=other_court, case=case, users=users, tokens=tokens)
    world.ids["case_id"] = case.pk
    if with_files:
        _dossier(world)
        _paper(world)
        _service(world)
        _ledger(world)
    return world


def _dossier(world: World) -> None:
    from smartcourt.dossier.models import DossierPage
    from smartcourt.dossier.services import dossier_document_add
    from smartcourt.dossier.tests import samples

    content = samples.text_pdf("民事起诉状", ["诉讼请求：判令被告归还借款十万元。", "事实与理由：略。"])
    document = dossier_document_add(case=world.case, title="民事起诉状", content=content, filename="complaint.pdf",
                                    source="filing", actor=SYSTEM, category="complaint")  # fmt: skip
    world.ids["document_id"] = document.pk
    world.ids["page_id"] = DossierPage.objects.filter(document=document).values_list("pk", flat=True).first()


def _paper(world: World) -> None:
    from smartcourt.dossier.custody import services

    keeper = world.users[Role.TRIAL_MANAGEMENT]
    cells = services.locker_create(court=world.court, unit="A01", cells=3, site="诉讼服务中心一楼", actor=keeper)
    bundle = services.paper_file_register(case=world.case, kind="originals", title="原告提交的证据原件",
                                          actor=world.users[Role.CLERK], pages=12, received_from="原告")  # fmt: skip
    bundle = services.paper_file_check_in(bundle=bundle, location=cells[0], actor=world.users[Role.CLERK])
    borrowing = services.borrowing_request(bundle=bundle, borrower=world.users[Role.JUDGE], reason="阅卷",
                                           due_on=timezone.localdate() + timedelta(days=7))  # fmt: skip
    world.ids.update(label_code=bundle.label_code, bundle_id=bundle.pk, borrowing_id=borrowing.pk,
                     location_id=cells[1].pk)  # fmt: skip


def _service(world: World) -> None:
    from smartcourt.service import services
    from smartcourt.service.tests.helpers import PDF

    defendant = CaseParty.objects.select_related("person").get(case=world.case, role="defendant")
    defendant.person.address = "江苏省苏州市姑苏区干将路1号"
    defendant.person.save(update_fields=["address"])
    task = services.service_task_create(case=world.case, recipient=defendant, document=PDF, document_type="summons",
                                        title="传票", actor=world.users[Role.CLERK])  # fmt: skip
    services.service_post_register(task=task, tracking_number="EA300000001CN", actor=world.users[Role.CLERK])
    world.ids.update(task_id=task.pk, tracking_number="EA300000001CN")


def _ledger(world: World) -> None:
    from smartcourt.ledger import services
    from smartcourt.ledger.models import LedgerRecord

    for i in range(3):
        services.ledger_anchor(kind="dossier.page", subject=f"case:{world.case.pk}/contract:{i}",
                               sha256=hashlib.sha256(f"第{i}页".encode()).hexdigest())  # fmt: skip
    services.ledger_flush()
    record = LedgerRecord.objects.order_by("index").first()
    if record is not None:
        world.ids.update(hash=record.sha256, sha256=record.sha256)

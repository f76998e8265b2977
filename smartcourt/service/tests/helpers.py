"""Test helpers for service: a court with a clerk, a case with a plaintiff on the platform and a defendant."""

from __future__ import annotations

import re
from dataclasses import dataclass

from smartcourt.cases.models import Case, CaseParty
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM, Actor
from smartcourt.core.outbox.providers import ScriptedProvider
from smartcourt.core.outbox.services import Status
from smartcourt.courts.models import Court, User
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, UserFactory, user_with_role
from smartcourt.service.models import ServiceAttempt, ServiceTask
from smartcourt.service.pdf import document_pdf
from smartcourt.service.services import AddressIn, ReadEvidence, service_address_confirm, service_receipt_read

PDF = document_pdf(
    court_name="测试法院", case_number="（2026）苏0508民初1号", title="传票", recipient="张三", body="请到庭。"
)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 512


@dataclass
class World:
    court: Court
    clerk: User
    judge: User
    case: Case
    plaintiff: CaseParty
    defendant: CaseParty
    party_user: User


def world(*, procedure: str = "ordinary", type_code: str = "民初") -> World:
    n = Court.objects.count()
    court = CourtFactory(
        name="苏州市姑苏区人民法院" + (f"（{n}）" if n else ""), short_name="姑苏法院", code=f"苏{n + 10:02d}08"
    )
    division = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    clerk = user_with_role(Role.CLERK, court, division, full_name="吴佳怡")
    party_user = UserFactory(full_name="刘小红")
    user_with_role(Role.PARTY, court)  # someone else with a party grant
    from smartcourt.courts.models import RoleGrant

    RoleGrant.objects.create(user=party_user, role=Role.PARTY, court=court)
    case = make_case(court=court, division=division, judge=judge, plaintiff="刘小红", defendant="苏州恒信贸易有限公司",
                     plaintiff_user=party_user, type_code=type_code, procedure=procedure)  # fmt: skip
    parties = {p.role: p for p in case.parties.select_related("person")}
    for p in parties.values():  # the address the complaint gives (民诉法 Art. 124): not confirmed by the party
        p.person.address = f"江苏省苏州市姑苏区干将路{p.pk}号"
        p.person.save(update_fields=["address"])
    return World(court, clerk, judge, case, parties["plaintiff"], parties["defendant"], party_user)


def confirm(party: CaseParty, *, actor: Actor = SYSTEM, **kwargs: object) -> object:
    data = AddressIn(
        signed_via=str(kwargs.pop("signed_via", "paper")),
        postal_address=str(kwargs.pop("postal_address", "江苏省苏州市姑苏区人民路100号")),
        paper_scan=JPEG,
        **kwargs,  # type: ignore[arg-type]
    )
    return service_address_confirm(person=party.person, data=data, actor=actor, case=party.case)


LINK_RE = re.compile(r"(/service/s/[A-Za-z0-9_-]+/)")
CODE_RE = re.compile(r"验证码(\d{6})")
EVIDENCE = ReadEvidence(auth="code", ip="203.0.113.7", user_agent="Mozilla/5.0 (iPhone) 测试浏览器")


class Phone(ScriptedProvider):
    """The recipient's phone behind an SMS gateway without delivery reports: keeps each text it was sent, with the
    one-time link and code the outbox itself never stores."""

    def __init__(self) -> None:
        super().__init__(Status.OUTBOX)

    def link(self, index: int = -1) -> tuple[str, str]:
        """(path of the one-time link, code) of the `index`-th text received."""
        body = self.sent[index][1]
        return LINK_RE.search(body).group(1), CODE_RE.search(body).group(1)  # type: ignore[union-attr]


def read_by_link(attempt: ServiceAttempt, evidence: ReadEvidence = EVIDENCE) -> ServiceTask:
    """The recipient signs for `attempt` on its one-time page, the second factor checked (as the page does)."""
    return service_receipt_read(attempt=attempt, actor=SYSTEM, via="link", evidence=evidence)

"""A small world for hearing tests: two courts with rooms and staff, a lawyer who represents parties in both, cases
registered through the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from smartcourt.cases.models import Case, CaseParty, Representation
from smartcourt.cases.services import PartyIn, case_register
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.models import Court, Room, User
from smartcourt.courts.roles import CourtLevel, Role, RoomKind
from smartcourt.courts.tests.factories import CourtFactory, user_with_role
from smartcourt.hearings.models import RemoteSite, RemoteSiteKind
from smartcourt.hearings.services import HearingIn

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class CourtSide:
    court: Court
    room: Room
    room2: Room
    online: Room
    judge: User
    judge2: User
    clerk: User
    site: RemoteSite
    police: User


@dataclass
class HearingWorld:
    a: CourtSide
    b: CourtSide
    lawyer: User
    cases: dict[str, Case] = field(default_factory=dict)


_n = iter(range(1, 10_000))


def court_side(code: str, name: str, parent: Court | None = None) -> CourtSide:
    court = CourtFactory(level=CourtLevel.BASIC, code=code, name=name, parent=parent)
    return CourtSide(
        court=court,
        room=Room.objects.create(court=court, name="第一法庭", kind=RoomKind.COURTROOM),
        room2=Room.objects.create(court=court, name="第二法庭", kind=RoomKind.COURTROOM),
        online=Room.objects.create(court=court, name="互联网法庭", kind=RoomKind.ONLINE),
        judge=user_with_role(Role.JUDGE, court, full_name=f"{name}法官甲"),
        judge2=user_with_role(Role.JUDGE, court, full_name=f"{name}法官乙"),
        clerk=user_with_role(Role.CLERK, court, full_name=f"{name}书记员"),
        site=RemoteSite.objects.create(
            court=court, kind=RemoteSiteKind.DETENTION_CENTRE, name=f"{name}驻所科技法庭", host="第一看守所"
        ),
        police=user_with_role(Role.COURT_POLICE, court, full_name=f"{name}法警"),
    )


def represent(case: Case, lawyer: User, *, role: str = "plaintiff", licence: str = "13205200010001") -> Representation:
    party = CaseParty.objects.filter(case=case, role=role).first()
    assert party is not None
    return Representation.objects.create(
        party=party, kind=Representation.Kind.LAWYER, name=lawyer.full_name, user=lawyer, licence_no=licence,
        law_firm="江苏某律师事务所", starts_on=date(2020, 1, 1),
    )  # fmt: skip


def build_world() -> HearingWorld:
    high = CourtFactory(level=CourtLevel.INTERMEDIATE, code="苏05", name="苏州市中级人民法院")
    a = court_side("苏0508", "姑苏区人民法院", high)
    b = court_side("苏0583", "昆山市人民法院", high)
    lawyer = user_with_role(Role.LAWYER, a.court, full_name="杨律明", lawyer_licence_no="13205200010001")
    world = HearingWorld(a=a, b=b, lawyer=lawyer)
    world.cases["a"] = make_case(court=a.court, judge=a.judge, filed_on=date(2025, 9, 1))
    world.cases["b"] = make_case(court=b.court, judge=b.judge, filed_on=date(2025, 9, 1))
    for c, side in (("a", a), ("b", b)):
        Case.objects.filter(pk=world.cases[c].pk).update(clerk=side.clerk)
        world.cases[c].refresh_from_db()
        represent(world.cases[c], lawyer)
    return world


def criminal_case(side: CourtSide) -> Case:
    case = case_register(
        court=side.court, type_code="刑初", actor=SYSTEM, filed_on=date(2025, 9, 1),
        parties=[PartyIn(role="accused", kind="natural", name=f"张{next(_n)}")],
    )  # fmt: skip
    Case.objects.filter(pk=case.pk).update(judge=side.judge, clerk=side.clerk, state="in_trial")
    case.refresh_from_db()
    return case


def booking(side: CourtSide, starts: datetime, ends: datetime, **kw: object) -> HearingIn:
    base: dict[str, object] = {"kind": "trial", "mode": "in_person", "starts_at": starts, "ends_at": ends,
                               "presiding_id": side.judge.pk, "room_id": side.room.pk, "clerk_id": side.clerk.pk}  # fmt: skip
    base.update(kw)
    return HearingIn(**base)  # type: ignore[arg-type]


# --- asynchronous cross-examination -----------------------------------------------------------------------------


@dataclass
class AsyncWorld:
    world: HearingWorld
    case: Case
    plaintiff: CaseParty
    defendant: CaseParty
    lawyer_p: User  # the plaintiff's lawyer (world.lawyer)
    lawyer_d: User  # the defendant's lawyer
    evidence: dict[
        str, int
    ]  # title → dossier document id; 原告证据… submitted by the plaintiff, 被告证据… by the defendant


def evidence_pdf(title: str, text: str) -> bytes:
    from smartcourt.dossier.tests.samples import text_pdf

    return text_pdf(title, [text, "以上证据复印件与原件核对无异。甲方：张某 乙方：李某"])


def build_async_world(*, procedure: str = "", consent: bool = True, world: HearingWorld | None = None) -> AsyncWorld:
    """Case "a" of the hearing world with a lawyer on each side, two pieces of evidence from each side in the dossier
    (uploaded by their lawyers) and, when `consent`, both parties' consent to asynchronous cross-examination."""
    from smartcourt.dossier.services import dossier_document_add
    from smartcourt.hearings.services_async import async_consent_record

    world = world or build_world()
    case = world.cases["a"]
    if procedure:
        Case.objects.filter(pk=case.pk).update(procedure=procedure)
        case.refresh_from_db()
    lawyer_d = user_with_role(Role.LAWYER, world.a.court, full_name="周律辩", lawyer_licence_no="13205200020002")
    represent(case, lawyer_d, role="defendant", licence="13205200020002")
    plaintiff = CaseParty.objects.get(case=case, role="plaintiff")
    defendant = CaseParty.objects.get(case=case, role="defendant")
    evidence: dict[str, int] = {}
    for title, text, who in (
        ("原告证据1 借条", "借条：今借到张某人民币五万元整，借款人李某。", world.lawyer),
        ("原告证据2 转账记录", "转账记录：张某向李某转账50000元。", world.lawyer),
        ("被告证据1 还款收据", "收据：今收到李某还款人民币两万元。", lawyer_d),
        ("被告证据2 聊天记录", "聊天记录：双方确认剩余借款三万元。", lawyer_d),
    ):
        doc = dossier_document_add(
            case=case, title=title, content=evidence_pdf(title, text), filename=f"{title}.pdf", source="upload",
            actor=who, category="evidence",
        )  # fmt: skip
        evidence[title] = doc.pk
    if consent:
        async_consent_record(case=case, party_id=plaintiff.pk, kind="evidence", consented=True, actor=world.lawyer)
        async_consent_record(case=case, party_id=defendant.pk, kind="evidence", consented=True, actor=lawyer_d)
    return AsyncWorld(world, case, plaintiff, defendant, world.lawyer, lawyer_d, evidence)


def async_items(aw: AsyncWorld) -> list:  # type: ignore[type-arg]
    from smartcourt.hearings.services_async import ItemIn

    return [
        ItemIn(doc_id, aw.plaintiff.pk if title.startswith("原告") else aw.defendant.pk)
        for title, doc_id in aw.evidence.items()
    ]

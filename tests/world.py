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
from smartcourt.courts.models import Court, Division, RoleGrant, User
from smartcourt.courts.roles import CourtLevel, DivisionKind, Role
from smartcourt.courts.services import api_token_create
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, UserFactory, user_with_role

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
    everyone: User  # holds every role in the court (for tests that must pass every role's first gate)
    everyone_token: str
    sample_pdf: bytes = b""
    ids: dict[str, object] = field(default_factory=dict)  # real ids for path parameters: case_id, page_id …

    def token(self, role: Role) -> str:
        return self.tokens[role]


def build_world(*, with_files: bool = True) -> World:
    high = CourtFactory(level=CourtLevel.HIGH, code="苏", name="江苏省高级人民法院")
    inter = CourtFactory(level=CourtLevel.INTERMEDIATE, parent=high, code="苏05", name="苏州市中级人民法院",
                          region="苏州市")  # fmt: skip
    court = CourtFactory(level=CourtLevel.BASIC, parent=inter, code="苏0508", name="苏州市姑苏区人民法院",
                          region="苏州市姑苏区")  # fmt: skip
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
    representation = Representation.objects.create(party=plaintiff, kind="lawyer", name=users[Role.LAWYER].full_name,
                                                   user=users[Role.LAWYER])  # fmt: skip
    tokens = {role: api_token_create(user=user, name="contract")[1] for role, user in users.items()}
    everyone = UserFactory(username="everyone", full_name="全角色")
    for role in Role:
        RoleGrant.objects.create(user=everyone, role=role, court=court, division=division)
    world = World(court=court, division=division, other_court=other_court, case=case, users=users, tokens=tokens,
                  everyone=everyone, everyone_token=api_token_create(user=everyone, name="contract")[1])  # fmt: skip
    world.ids.update(case_id=case.pk, representation_id=representation.pk, party_id=plaintiff.pk)
    if with_files:
        _dossier(world)
        _paper(world)
        _service(world)
        _ledger(world)
        _filings(world)
        _hearings(world)
        _publication(world)
        _enforcement(world)
    return world


def _publication(world: World) -> None:
    """Two publication tasks of the case's judgments (裁判文书公开): one waiting for review (publication_id), one
    reviewed and published on the portal (judgment_id)."""
    from smartcourt.portal.publication.services import (
        PublicationSource,
        RegistryParty,
        publication_open,
        publication_publish,
        publication_review,
    )

    def source(title: str, text: str) -> PublicationSource:
        return PublicationSource(
            case_id=world.case.pk, court_id=world.court.pk, kind="judgment", title=title, full_text=text,
            effective_on=timezone.localdate(), parties=(RegistryParty(name="王证明", role="证人", phone="13912345678"),),
        )  # fmt: skip

    pending = publication_open(
        source("民事判决书", "证人王证明（联系电话13912345678）的证言。判决如下：驳回。"), actor=SYSTEM
    )
    published = publication_open(source("民事裁定书", "原告撤回起诉。裁定如下：准许撤诉。"), actor=SYSTEM)
    publication_review(published, actor=SYSTEM)
    publication_publish(published, actor=SYSTEM)
    world.ids.update(publication_id=pending.pk, judgment_id=published.pk)


def _dossier(world: World) -> None:
    from smartcourt.dossier.models import DossierPage
    from smartcourt.dossier.services import dossier_document_add
    from smartcourt.dossier.tests import samples

    content = samples.text_pdf("民事起诉状", ["诉讼请求：判令被告归还借款十万元。", "事实与理由：略。"])
    world.sample_pdf = samples.text_pdf("证据目录", ["借条一份。"])
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


def _filings(world: World) -> None:
    """The party's filings at the court: one submitted (under review, with evidence and a fee-relief request) and
    one accepted (a case, its fee notice and a reported payment)."""
    from smartcourt.cases.models import CauseOfAction
    from smartcourt.filing import services
    from smartcourt.filing.models import FeeNotice, Filing
    from smartcourt.filing.tests.online.helpers import FACTS, PDF, defendant, plaintiff, upload
    from smartcourt.portal.models import LitigantAccount

    party = world.users[Role.PARTY]
    LitigantAccount.objects.create(user=party, kind="party", id_number=plaintiff().id_number, state="verified")
    cause = CauseOfAction.objects.create(kind="civil", code="W-1", name="民间借贷纠纷", level=1)

    def submitted(key: str) -> Filing:
        filing = services.filing_draft_create(filer=party)
        services.filing_basics_set(filing=filing, actor=party, type_code="民初", cause=cause)
        services.filing_parties_set(filing=filing, actor=party, parties=[plaintiff(name=party.full_name), defendant()],
                                    filer_index=0)  # fmt: skip
        services.filing_claims_set(filing=filing, actor=party, claims=[services.ClaimIn("判令被告归还借款", "50000")])
        services.filing_court_set(filing=filing, actor=party, court=world.court)
        services.filing_facts_set(filing=filing, actor=party, facts=FACTS)
        evidence = services.evidence_add(filing=filing, actor=party, upload=upload("借条.pdf", PDF), title="借条")
        world.ids.setdefault("evidence_id", evidence.pk)
        return services.filing_submit(filing=filing, actor=party, signature_name=party.full_name, confirm=True,
                                      submission_key=key)  # fmt: skip

    under_review = submitted("contract-1")
    relief = services.fee_relief_apply(filing=under_review, actor=party, ground=_relief_ground(),
                                       statement="本人失业一年，无固定收入，无力交纳诉讼费用。")  # fmt: skip
    accepted = submitted("contract-2")
    officer = world.users[Role.FILING_OFFICER]
    services.filing_accept(filing=accepted, actor=officer, track=accepted.triage_suggested or "ordinary",
                           override_reason="", division=world.division)  # fmt: skip
    notice = FeeNotice.objects.filter(filing=accepted).first()
    world.ids.update(filing_id=under_review.pk, relief_id=relief.pk, accepted_filing_id=accepted.pk,
                     case_number=world.case.number, code=world.ids.get("label_code", ""))  # fmt: skip
    if notice is not None:
        world.ids["notice_id"] = notice.pk
        payment = services.payment_report(notice=notice, actor=party, provider=_provider(), reference="20261201000123",
                                          amount=str(notice.amount))  # fmt: skip
        world.ids["payment_id"] = payment.pk


def _relief_ground() -> str:
    from smartcourt.filing.rules import relief as relief_rules

    return next(g.key for g in relief_rules.GROUNDS_BY_KEY.values() if g.kind != "waive")


def _provider() -> str:
    from smartcourt.filing.payments import PROVIDERS

    return next(iter(PROVIDERS))


def _hearings(world: World) -> None:
    """A courtroom, a remote site, a hearing of the case on the next working day at least a week ahead (booked through
    the service, so its summonses are real) and an escort request on it."""
    from smartcourt.core.intake.store import blob_store
    from smartcourt.courts.models import Room
    from smartcourt.hearings.models import EscortRequest, RemoteSite
    from smartcourt.hearings.services import HearingIn, hearing_schedule
    from smartcourt.legaltime.selectors import calendar_load

    calendar = calendar_load()
    day = timezone.localdate() + timedelta(days=7)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    tz = timezone.get_current_timezone()
    room = Room.objects.create(court=world.court, name="第一法庭")
    site = RemoteSite.objects.create(court=world.court, kind="detention_centre", name="驻所科技法庭", host="看守所")
    from datetime import datetime, time

    hearing = hearing_schedule(case=world.case, actor=SYSTEM, data=HearingIn(
        kind="trial", mode="in_person", starts_at=datetime.combine(day, time(9), tzinfo=tz),
        ends_at=datetime.combine(day, time(11), tzinfo=tz), presiding_id=world.users[Role.JUDGE].pk,
        room_id=room.pk, clerk_id=world.users[Role.CLERK].pk,
    )).hearing  # fmt: skip
    party = hearing.participants.filter(kind="party").first()
    escort = EscortRequest.objects.create(hearing=hearing, participant=party, court=world.court, note="矩阵测试")
    world.ids.update(hearing_id=hearing.pk, site_id=site.pk, room_id=room.pk, escort_id=escort.pk)
    # its online room, with a filed recording (the room's pages take the room's and the recording's keys)
    import hashlib

    from smartcourt.hearings.room.models import Recording
    from smartcourt.hearings.room.services import room_for_hearing

    video_room = room_for_hearing(hearing)
    clip = b"\x1a\x45\xdf\xa3 matrix"
    recording = Recording.objects.create(
        room=video_room, started_by=world.users[Role.JUDGE], started_at=timezone.now(), ended_at=timezone.now(),
        state="filed", sha256=hashlib.sha256(clip).hexdigest(), size=len(clip),
        storage_name=blob_store(content=clip, ext="webm").name,
    )  # fmt: skip
    world.ids.update(
        key=str(video_room.key), recording_key=str(recording.key),
        participant_id=video_room.participants.order_by("pk").values_list("pk", flat=True).first(),
    )  # fmt: skip


def _enforcement(world: World) -> None:
    """An enforcement case filed from an effective judgment of the court (the world's party applying), in the
    world's division with the world's enforcement officer in charge, with its execution notice (a document)."""
    from smartcourt.enforcement.services import enforcement_apply_from_title, enforcement_notice_issue
    from smartcourt.enforcement.tests.factories import effective_judgment
    from smartcourt.enforcement.titles import title_from_case

    judgment = effective_judgment(court=world.court, applicant_user=world.users[Role.PARTY])
    file = enforcement_apply_from_title(title=title_from_case(case=judgment), court=world.court, actor=SYSTEM)
    Case.objects.filter(pk=file.case_id).update(
        division=world.division, judge=world.users[Role.ENFORCEMENT_OFFICER], state="in_trial"
    )
    enforcement_notice_issue(file=file, actor=SYSTEM)
    world.ids.update(file_id=file.pk, paper_id=file.papers.first().pk)

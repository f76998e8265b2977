"""Fixtures for online filing tests: a basic court with a civil division and a judge, a verified party, causes."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from smartcourt.cases.models import CauseOfAction
from smartcourt.courts.models import Court, Division, User
from smartcourt.courts.roles import CourtLevel, DivisionKind, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.filing import services
from smartcourt.filing.models import Filing
from smartcourt.filing.rules.filing_input import PartyData
from smartcourt.portal.models import LitigantAccount

PLAINTIFF_ID = "320508198806150024"  # GB 11643 checksum valid
DEFENDANT_ID = "320508199001010010"


def _one_page_pdf() -> bytes:
    """A real one-page PDF: the filing refuses PDFs it cannot open (a dossier must be able to file them)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "evidence copy")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


PDF = _one_page_pdf()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@dataclass
class World:
    court: Court
    other: Court
    intermediate: Court
    division: Division
    judge: User
    officer: User
    other_officer: User
    party: User
    cause: CauseOfAction
    divorce: CauseOfAction


def world() -> World:
    parent = CourtFactory(name="苏州市中级人民法院", code="苏05", level=CourtLevel.INTERMEDIATE, region="苏州市")
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508", parent=parent, region="苏州市姑苏区")
    other = CourtFactory(name="昆山市人民法院", code="苏0583", parent=parent, region="昆山市")
    division = DivisionFactory(court=court, name="民事审判第一庭", kind=DivisionKind.CIVIL)
    DivisionFactory(court=court, name="立案庭", kind=DivisionKind.FILING)
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    officer = user_with_role(Role.FILING_OFFICER, court, full_name="孙立平")
    other_officer = user_with_role(Role.FILING_OFFICER, other, full_name="昆山立案")
    party = user_with_role(Role.PARTY, court, full_name="刘小红", phone="13800138000")
    LitigantAccount.objects.create(user=party, kind="party", id_number=PLAINTIFF_ID, state="verified")
    root = CauseOfAction.objects.create(kind="civil", code="T-9", name="合同纠纷", level=1, selectable=False)
    cause = CauseOfAction.objects.create(kind="civil", code="T-9-1", name="民间借贷纠纷", level=2, parent=root)
    divorce = CauseOfAction.objects.create(kind="civil", code="T-1-1", name="离婚纠纷", level=2)
    return World(court, other, parent, division, judge, officer, other_officer, party, cause, divorce)


def plaintiff(**kw: str) -> PartyData:
    data = {
        "role": "plaintiff",
        "kind": "natural",
        "name": "刘小红",
        "id_number": PLAINTIFF_ID,
        "phone": "13800138000",
        "address": "苏州市姑苏区人民路1188号",
    } | kw
    return PartyData(**data)


def defendant(**kw: str) -> PartyData:
    data = {
        "role": "defendant",
        "kind": "natural",
        "name": "王大明",
        "id_number": DEFENDANT_ID,
        "address": "苏州市姑苏区干将路8号",
    } | kw
    return PartyData(**data)


FACTS = "2024年3月1日，被告因资金周转向原告借款50000元，约定同年9月1日前归还，到期后经多次催要仍未归还。"


def complete_draft(w: World, *, amount: str = "50000", evidence: int = 2) -> Filing:
    filing = services.filing_draft_create(filer=w.party)
    services.filing_basics_set(filing=filing, actor=w.party, type_code="民初", cause=w.cause)
    services.filing_parties_set(filing=filing, actor=w.party, parties=[plaintiff(), defendant()], filer_index=0)
    services.filing_claims_set(
        filing=filing,
        actor=w.party,
        claims=[services.ClaimIn("判令被告归还借款本金", amount), services.ClaimIn("判令被告承担本案诉讼费用", "")],
    )
    services.filing_court_set(filing=filing, actor=w.party, court=w.court)
    services.filing_facts_set(filing=filing, actor=w.party, facts=FACTS)
    for n in range(evidence):
        services.evidence_add(
            filing=filing, actor=w.party, upload=upload(f"证据{n}.pdf", PDF + bytes([n])), title=f"证据{n}"
        )
    filing.refresh_from_db()
    return filing


def submitted(w: World, key: str = "k1", **kw: object) -> Filing:
    filing = complete_draft(w, **kw)  # type: ignore[arg-type]
    return services.filing_submit(
        filing=filing, actor=w.party, signature_name="刘小红", confirm=True, submission_key=key
    )

"""Filing wizard services: every bad input of issue 7 is refused with a Chinese message on its field, and nothing is
stored half-way; a complete complaint is submitted once, whatever the number of clicks."""

from __future__ import annotations

import pytest

from smartcourt.core.models import AuditLog
from smartcourt.filing import services
from smartcourt.filing.models import Evidence, Filing, FilingEvent, FilingParty, FilingState, OnlineConsent
from smartcourt.filing.rules.filing_input import FilingInputError
from smartcourt.filing.services.filing import FilingProblems, FilingStateError

from .helpers import (
    ELF,
    EXE,
    FACTS,
    PDF,
    PNG,
    complete_draft,
    defendant,
    docx_bytes,
    plaintiff,
    submitted,
    upload,
    world,
)

pytestmark = pytest.mark.django_db


def _draft_with_basics(w):  # type: ignore[no-untyped-def]
    filing = services.filing_draft_create(filer=w.party)
    services.filing_basics_set(filing=filing, actor=w.party, type_code="民初", cause=w.cause)
    return filing


def test_wrong_id_checksum_is_refused_on_the_field_and_nothing_stored() -> None:
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingProblems) as exc:
        services.filing_parties_set(
            filing=filing,
            actor=w.party,
            parties=[plaintiff(id_number="320508198806150023"), defendant()],
            filer_index=0,
        )
    fields = {p.field: p.message for p in exc.value.problems}
    assert "校验码不正确（应为 4）" in fields["parties.0.id_number"]
    assert not FilingParty.objects.filter(filing=filing).exists()


def test_complaint_without_defendant_is_refused() -> None:
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingProblems) as exc:
        services.filing_parties_set(filing=filing, actor=w.party, parties=[plaintiff()], filer_index=0)
    assert exc.value.extra["field"] == "parties"
    assert "起诉须有明确的被告" in exc.value.problems[0].message and "第一百二十二条" in exc.value.problems[0].message
    assert not FilingParty.objects.filter(filing=filing).exists()


def test_invalid_credit_code_of_a_company_defendant() -> None:
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingProblems) as exc:
        services.filing_parties_set(
            filing=filing,
            actor=w.party,
            parties=[
                plaintiff(),
                defendant(kind="legal", id_number="", credit_code="91320500MA1X2Y3Z4A", name="某公司"),
            ],
            filer_index=0,
        )
    assert "统一社会信用代码" in exc.value.problems[0].message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1e9", "不接受科学计数法"),
        ("-5", "不能为负数"),
        ("一百万", "请用阿拉伯数字填写"),
        ("12.345", "最多保留两位小数"),
        ("1,000", "千分位"),
        ("abc", "须为以元为单位的数字"),
    ],
)
def test_bad_amounts_are_refused_on_the_amount_field(raw: str, expected: str) -> None:
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingProblems) as exc:
        services.filing_claims_set(filing=filing, actor=w.party, claims=[services.ClaimIn("判令被告还款", raw)])
    assert exc.value.problems[0].field == "claims.0.amount"
    assert expected in exc.value.problems[0].message
    filing.refresh_from_db()
    assert filing.claims == [] and filing.claim_amount is None


def test_claims_total_is_the_amount_in_dispute() -> None:
    w = world()
    filing = _draft_with_basics(w)
    services.filing_claims_set(
        filing=filing,
        actor=w.party,
        claims=[
            services.ClaimIn("本金", "50000"),
            services.ClaimIn("利息", "1234.56"),
            services.ClaimIn("诉讼费由被告负担", ""),
        ],
    )
    filing.refresh_from_db()
    assert str(filing.claim_amount) == "51234.56" and len(filing.claims) == 3


def test_a_court_without_jurisdiction_is_refused_citing_articles() -> None:
    w = world()
    filing = _draft_with_basics(w)
    services.filing_parties_set(filing=filing, actor=w.party, parties=[plaintiff(), defendant()], filer_index=0)
    services.filing_claims_set(filing=filing, actor=w.party, claims=[services.ClaimIn("还款", "50000")])
    with pytest.raises(FilingInputError) as exc:
        services.filing_court_set(filing=filing, actor=w.party, court=w.other)
    assert exc.value.field == "court" and exc.value.code == "filing.no_jurisdiction"
    assert "昆山市人民法院对本案没有管辖权" in str(exc.value.message) and "苏州市姑苏区人民法院" in str(
        exc.value.message
    )
    assert "第二十二条" in str(exc.value.message)
    with pytest.raises(FilingInputError) as level:
        services.filing_court_set(filing=filing, actor=w.party, court=w.intermediate)
    assert "级别管辖" in str(level.value.message)
    filing.refresh_from_db()
    assert filing.court_id is None


def test_place_of_performance_founds_jurisdiction_for_a_contract() -> None:
    w = world()
    filing = _draft_with_basics(w)
    services.filing_parties_set(filing=filing, actor=w.party, parties=[plaintiff(), defendant()], filer_index=0)
    services.filing_claims_set(
        filing=filing, actor=w.party, claims=[services.ClaimIn("还款", "50000")], performance_place="昆山市玉山镇"
    )
    services.filing_court_set(filing=filing, actor=w.party, court=w.other)
    filing.refresh_from_db()
    assert filing.court == w.other and filing.jurisdiction_basis == "performance_place"


@pytest.mark.parametrize(("name", "data"), [("起诉状.pdf", EXE), ("证据.pdf", ELF)])
def test_an_executable_renamed_pdf_is_refused(name: str, data: bytes) -> None:
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingInputError) as exc:
        services.evidence_add(filing=filing, actor=w.party, upload=upload(name, data, "application/pdf"), title="证据")
    assert (
        exc.value.field == "evidence.file"
        and "可执行程序" in str(exc.value.message)
        and "已拒收" in str(exc.value.message)
    )
    assert not Evidence.objects.exists()


def test_an_oversized_upload_is_refused_before_reading(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FILING_UPLOAD_MAX_BYTES = 1024
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingInputError) as exc:
        services.evidence_add(
            filing=filing, actor=w.party, upload=upload("大文件.pdf", PDF + b"0" * 2048), title="大文件"
        )
    assert exc.value.code == "filing.upload_too_large" and "超过单个文件" in str(exc.value.message)
    assert not Evidence.objects.exists()


def test_a_png_named_pdf_and_an_unknown_format_are_refused() -> None:
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingInputError, match=r"与扩展名“\.pdf”不符"):
        services.evidence_add(filing=filing, actor=w.party, upload=upload("x.pdf", PNG), title="x")
    with pytest.raises(FilingInputError, match="无法识别文件"):
        services.evidence_add(filing=filing, actor=w.party, upload=upload("x.txt", b"hello world"), title="x")


def test_accepted_uploads_are_stored_by_content_with_scan_note() -> None:
    w = world()
    filing = _draft_with_basics(w)
    a = services.evidence_add(filing=filing, actor=w.party, upload=upload("借条.pdf", PDF), title="借条")
    b = services.evidence_add(filing=filing, actor=w.party, upload=upload("合同.docx", docx_bytes()), title="合同")
    assert a.content_type == "application/pdf" and a.file.name == f"blobs/{a.sha256[:2]}/{a.sha256[2:4]}/{a.sha256}.pdf"
    assert a.file.read() == PDF and a.size == len(PDF)
    again = services.evidence_add(filing=filing, actor=w.party, upload=upload("借条副本.pdf", PDF), title="借条副本")
    assert again.file.name == a.file.name  # the same bytes are stored once
    assert b.content_type.endswith("wordprocessingml.document")
    assert a.scan_status in ("skipped", "clean") and a.scan_note


def test_an_infected_upload_is_refused_and_nothing_stored(settings) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.core.intake.models import StoredBlob

    settings.INTAKE_VIRUS_SCANNER = "smartcourt.core.tests.intake.conftest.infected_scanner"
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingInputError) as exc:
        services.evidence_add(filing=filing, actor=w.party, upload=upload("借条.pdf", PDF), title="借条")
    assert exc.value.field == "evidence.file" and "未通过病毒扫描" in str(exc.value.message)
    assert not Evidence.objects.exists() and not StoredBlob.objects.exists()


def test_a_word_document_that_would_unpack_to_gigabytes_is_refused_at_upload(settings) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.core.tests.intake.samples import zip_bomb_docx

    settings.INTAKE_MAX_UNZIPPED_BYTES = 8 * 1024 * 1024
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingInputError) as exc:
        services.evidence_add(filing=filing, actor=w.party, upload=upload("合同.docx", zip_bomb_docx(16)), title="合同")
    assert exc.value.code == "filing.upload_refused" and "压缩炸弹" in str(exc.value.message)
    assert not Evidence.objects.exists()


def test_submission_is_idempotent_and_starts_the_seven_day_clock() -> None:
    w = world()
    filing = complete_draft(w)
    first = services.filing_submit(
        filing=filing, actor=w.party, signature_name="刘小红", confirm=True, submission_key="abc"
    )
    again = services.filing_submit(
        filing=filing, actor=w.party, signature_name="刘小红", confirm=True, submission_key="abc"
    )
    assert first.pk == again.pk and again.state == FilingState.SUBMITTED
    assert FilingEvent.objects.filter(filing=filing, type="filing.submitted").count() == 1
    assert AuditLog.objects.filter(action="filing.submit", target_id=str(filing.pk)).count() == 1
    assert (first.review_due_on - first.clock_started_on).days >= 7
    with pytest.raises(FilingStateError, match="请勿重复提交"):
        services.filing_submit(
            filing=filing, actor=w.party, signature_name="刘小红", confirm=True, submission_key="other"
        )
    assert OnlineConsent.objects.filter(filing=filing, step="filing", agreed=True).exists()
    assert first.triage_suggested == "small_claims"


def test_submission_needs_a_matching_signature_and_confirmation() -> None:
    w = world()
    filing = complete_draft(w)
    with pytest.raises(FilingProblems) as exc:
        services.filing_submit(filing=filing, actor=w.party, signature_name="李四", confirm=False, submission_key="k")
    fields = {p.field for p in exc.value.problems}
    assert {"signature_name", "confirm"} <= fields
    assert Filing.objects.get(pk=filing.pk).state == FilingState.DRAFT


def test_submission_needs_verified_identity() -> None:
    w = world()
    filing = complete_draft(w)
    w.party.litigant_account.state = "pending"
    w.party.litigant_account.save()
    with pytest.raises(FilingInputError, match="实名认证"):
        services.filing_submit(filing=filing, actor=w.party, signature_name="刘小红", confirm=True, submission_key="k")


def test_an_incomplete_complaint_lists_every_missing_part() -> None:
    w = world()
    filing = _draft_with_basics(w)
    with pytest.raises(FilingProblems) as exc:
        services.filing_submit(filing=filing, actor=w.party, signature_name="刘小红", confirm=True, submission_key="k")
    fields = {p.field for p in exc.value.problems}
    assert {"parties", "claims", "facts", "court", "evidence"} <= fields


def test_another_user_cannot_edit_a_draft() -> None:
    from smartcourt.core.errors import Forbidden
    from smartcourt.courts.tests.factories import user_with_role

    w = world()
    filing = _draft_with_basics(w)
    stranger = user_with_role("party", w.court)
    with pytest.raises(Forbidden):
        services.filing_facts_set(filing=filing, actor=stranger, facts=FACTS)


def test_lawyer_authorised_by_the_party_sees_the_filing() -> None:
    from smartcourt.courts.tests.factories import user_with_role
    from smartcourt.filing.selectors import filing_list_for_filer

    w = world()
    filing = submitted(w)
    lawyer = user_with_role(
        "lawyer", w.court, full_name="杨律明", lawyer_licence_no="13205201910123456", law_firm="姑苏律所"
    )
    services.authorisation_grant(filing=filing, party_user=w.party, lawyer=lawyer)
    assert list(filing_list_for_filer(user=lawyer)) == [filing]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (PDF[: len(PDF) // 3], "已损坏"),  # a transfer cut short
        (b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "已损坏"),  # a PDF header with no document
        ("encrypted", "已加密"),
    ],
)
def test_a_pdf_the_dossier_could_not_file_is_refused_at_upload(data, words) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.core.tests.intake.samples import encrypted_pdf

    w = world()
    filing = _draft_with_basics(w)
    content = encrypted_pdf() if data == "encrypted" else data
    with pytest.raises(FilingInputError) as exc:
        services.evidence_add(filing=filing, actor=w.party, upload=upload("借条.pdf", content), title="借条")
    assert exc.value.field == "evidence.file" and exc.value.code == "filing.upload_refused"
    assert words in str(exc.value.message) and "借条.pdf" in str(exc.value.message)
    assert not Evidence.objects.exists()

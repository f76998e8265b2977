"""Generation, drafting, review (阅核), seal, service and effect at the service level, and the golden checks: the text
of each generated PDF carries the case data; pyHanko accepts the signature; one changed byte fails the signature and
the ledger check."""

from __future__ import annotations

import io
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from smartcourt.cases.models import CaseEvent, SupervisionTag
from smartcourt.core.errors import Forbidden
from smartcourt.core.intake.store import blob_read
from smartcourt.core.statutes import StatutesUnavailable
from smartcourt.documents import render, services, signing
from smartcourt.documents.kinds import KINDS
from smartcourt.documents.models import DocumentState, SignoffStepState
from smartcourt.documents.services import CommentIn

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(render.soffice_path() is None, reason="LibreOffice not installed")


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return "".join(out.split())


EXTRA = {
    "summons": {"summons_reason": "开庭审理", "hearing_time": "2026年1月5日9时", "hearing_place": "第一法庭"},
    "fee_notice": {"fee_amount": "50"},
    # letters to a court and notices to a grid worker name the parties in their text, not in a parties block
    "enforcement_entrustment_letter": {
        "to_court": "昆山市人民法院",
        "applicant_names": "张三",
        "debtor_names": "甲有限公司",
    },
    "enforcement_assistance_notice": {"worker_name": "李网格", "debtor_name": "甲有限公司", "task": "核实住址"},
}


@needs_soffice
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_template_renders_the_case_data_into_its_pdf(world, kind) -> None:
    spec = KINDS[kind]
    recipient = world.case.parties.get(role="plaintiff") if spec.to_party else None
    extra = dict(EXTRA.get(kind, {}))
    doc = services.document_generate(actor=world.judge, case=world.case, kind=kind, extra=extra, recipient=recipient)
    if spec.drafted:
        services.draft_autosave(actor=world.judge, document=doc, body="本院认为，原告的诉讼请求成立。")
        services._docx_store(doc)
    pdf = services._pdf_store(doc) if spec.drafted else blob_read(doc.pdf_storage_name)
    text = pdf_text(pdf)
    for value in (world.court.name, spec.title, world.case.number):
        assert "".join(value.split()) in text, (kind, value)
    if spec.to_party:
        assert "张三" in text
    elif any("parties_block" in line for line in spec.body):
        assert "张三" in text and "甲有限公司" in text  # the parties block
    for value in extra.values():
        assert value in text


def test_an_unknown_extra_field_is_refused(world) -> None:
    with pytest.raises(services.DocumentInputError, match="没有这些字段"):
        services.document_generate(actor=world.judge, case=world.case, kind="fee_notice", extra={"bogus": 1})


def test_another_courts_judge_cannot_generate(world) -> None:
    from smartcourt.documents.tests.factories import make_world

    other = make_world("D2")
    with pytest.raises(Forbidden):
        services.document_generate(actor=other.judge, case=world.case, kind="judgment_civil")


def test_a_template_version_with_an_unknown_field_is_refused_with_the_list(world) -> None:
    from docx import Document as Docx

    d = Docx()
    d.add_paragraph("{{ court_name }} {{ secret_field }} {{ other }}")
    out = io.BytesIO()
    d.save(out)
    with pytest.raises(render.TemplateFieldsError) as exc:
        services.template_upload(actor=world.head, court=world.court, kind="fee_notice", content=out.getvalue())
    assert "other" in str(exc.value.message) and "secret_field" in str(exc.value.message)
    d = Docx()
    d.add_paragraph("{{ court_name }}：{{ recipient_name }} 交 {{ fee_amount }} 元")
    out = io.BytesIO()
    d.save(out)
    tpl = services.template_upload(actor=world.head, court=world.court, kind="fee_notice", content=out.getvalue())
    assert tpl.version == 2 and services.template_current(court=world.court, kind="fee_notice") == tpl
    with pytest.raises(Forbidden):
        services.template_upload(actor=world.judge, court=world.court, kind="fee_notice", content=out.getvalue())
    with pytest.raises(render.TemplateFieldsError):
        services.template_upload(actor=world.head, court=world.court, kind="fee_notice", content=b"not a docx")


def test_citations_are_checked_and_refused_without_a_store(world, fake_statutes) -> None:
    assert services.citation_insert_text("民法典/第五百七十七条") == "《中华人民共和国民法典》第五百七十七条"
    with pytest.raises(services.CitationError, match="不存在"):
        services.citation_insert_text("民法典/第九千条")
    issues = services.citations_check("依照《中华人民共和国民法典》第九千条、《中华人民共和国民法典》第五百七十七条")
    assert [i.text for i in issues] == ["《中华人民共和国民法典》第九千条"]


def test_without_a_statute_store_the_check_says_so(world) -> None:
    from smartcourt.core import statutes

    before = statutes._provider
    statutes._provider = None  # an app set without the knowledge app
    try:
        with pytest.raises(StatutesUnavailable):
            services.citation_insert_text("民法典/第五百七十七条")
    finally:
        statutes._provider = before


def test_with_the_statute_store_an_article_it_lacks_is_refused(world) -> None:
    with pytest.raises(services.CitationError, match="不存在"):
        services.citation_insert_text("民法典/第九千条")


def _draft_to_review(world, body: str):  # type: ignore[no-untyped-def]
    doc = services.document_generate(actor=world.judge, case=world.case, kind="judgment_civil")
    services.draft_autosave(actor=world.judge, document=doc, body=body)
    return services.signoff_submit(actor=world.judge, document=doc)


def test_review_chain_return_fix_approve_sign_serve_effect(world, fake_statutes, certs) -> None:
    body = "本院认为，被告未付货款，依照《中华人民共和国民法典》第五百七十七条，判决如下：被告支付原告货款一万元。"
    doc = _draft_to_review(world, body)
    assert doc.state == DocumentState.IN_REVIEW
    step = services.signoff_current_step(doc)
    assert step.reviewer == world.head and step.capacity == "division_head"
    with pytest.raises(Forbidden):
        services.signoff_decide(actor=world.president, document=doc, approve=True)
    with pytest.raises(services.DocumentInputError):
        services.signoff_decide(actor=world.head, document=doc, approve=False)
    services.signoff_decide(
        actor=world.head, document=doc, approve=False, opinion="金额表述不清",
        comments=[CommentIn(passage="被告支付原告货款一万元", text="写明币种和期限")],
    )  # fmt: skip
    doc.refresh_from_db()
    assert doc.state == DocumentState.RETURNED
    with pytest.raises(services.DocumentStateError):
        services.document_sign(actor=world.judge, document=doc)
    fixed = body.replace("一万元。", "人民币一万元，于本判决生效之日起十日内付清。")
    services.draft_autosave(actor=world.judge, document=doc, body=fixed)
    services.signoff_submit(actor=world.judge, document=doc)
    services.signoff_decide(actor=world.head, document=doc, approve=True, opinion="同意")
    doc.refresh_from_db()
    assert doc.state == DocumentState.APPROVED
    assert [s.state for s in doc.signoff_steps.order_by("round")] == [
        SignoffStepState.RETURNED,
        SignoffStepState.APPROVED,
    ]
    doc = services.document_sign(actor=world.judge, document=doc)
    signed = blob_read(doc.signed_storage_name)
    check = signing.pdf_validate(signed)
    assert check.ok, check.problems
    assert "人民币一万元" in pdf_text(signed)
    from smartcourt.ledger.selectors import ledger_records_for_sha256
    from smartcourt.ledger.services import ledger_flush

    ledger_flush()
    assert ledger_records_for_sha256(sha256=doc.signed_sha256)
    tasks = services.document_serve(actor=world.judge, document=doc)
    assert len(tasks) == 2
    with pytest.raises(services.DocumentStateError, match="上诉期尚未届满"):
        services.document_take_effect(actor=world.judge, document=doc)
    with pytest.raises(services.DocumentStateError):
        services.document_take_effect(actor=world.judge, document=doc, on=timezone.localdate() + timedelta(days=15))
    import time_machine

    from smartcourt.portal.models import PublicationTask

    with time_machine.travel(timezone.now() + timedelta(days=16)), django_capture_on_commit():
        services.document_take_effect(actor=world.judge, document=doc)
    from smartcourt.jobs.models import Handoff

    handoff = Handoff.objects.get(event="documents.took_effect")
    assert handoff.payload == {"document_id": doc.pk} and handoff.state == Handoff.State.DONE
    # the portal receives the hand-off: the effective judgment has its publication task, with the signed PDF and
    # the full text
    task = PublicationTask.objects.get(case=world.case)
    assert task.kind == "judgment" and "人民币一万元" in task.full_text and task.signed_pdf_sha256 == doc.signed_sha256
    # the public judgment page checks that original with pyHanko and the ledger; one changed byte fails it
    from smartcourt.portal.publication.selectors import signed_original_check

    assert signed_original_check(task)["ok"]  # type: ignore[index]
    tampered = bytearray(blob_read(task.signed_pdf_name))
    tampered[len(tampered) // 2] ^= 1
    from smartcourt.documents.selectors import verify_pdf

    assert not verify_pdf(bytes(tampered)).ok
    types = list(CaseEvent.objects.filter(case=world.case, type__startswith="document.").values_list("type", flat=True))
    for t in ("document.submitted", "document.review_returned", "document.review_approved", "document.signed",
              "document.served", "document.effective"):  # fmt: skip
        assert t in types


def django_capture_on_commit():  # type: ignore[no-untyped-def]
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_a_wrong_citation_blocks_submission(world, fake_statutes) -> None:
    with pytest.raises(services.CitationError, match="第九千条"):
        _draft_to_review(world, "依照《中华人民共和国民法典》第九千条，判决如下：驳回。")


def test_a_supervised_case_passes_the_supervision_chain(world, fake_statutes) -> None:
    SupervisionTag.objects.create(
        case=world.case, kind="major_sensitive", reason="重大敏感", supervisor=world.president
    )
    doc = _draft_to_review(world, "本院认为，判决如下：驳回原告的诉讼请求。")
    steps = list(doc.signoff_steps.order_by("position").values_list("capacity", "reviewer_id"))
    assert steps == [("division_head", world.head.pk), ("vice_president", world.president.pk)]
    services.signoff_decide(actor=world.head, document=doc, approve=True)
    doc.refresh_from_db()
    assert doc.state == DocumentState.IN_REVIEW
    services.signoff_decide(actor=world.president, document=doc, approve=True)
    doc.refresh_from_db()
    assert doc.state == DocumentState.APPROVED


def test_a_missing_or_expired_key_signs_nothing(world, fake_statutes, settings, tmp_path) -> None:
    doc = _draft_to_review(world, "本院认为，判决如下：驳回原告的诉讼请求。")
    services.signoff_decide(actor=world.head, document=doc, approve=True)
    settings.DOCUMENTS_CERT_DIR = str(tmp_path / "none")
    with pytest.raises(signing.SigningKeyError, match="未找到法院签章证书"):
        services.document_sign(actor=world.judge, document=doc)
    old = signing.certificates_make(
        court_name="D1区人民法院", directory=tmp_path / "old", days=10, now=timezone.now() - timedelta(days=30)
    )
    settings.DOCUMENTS_CERT_DIR = str(old)
    with pytest.raises(signing.SigningKeyError, match="过期"):
        services.document_sign(actor=world.judge, document=doc)
    doc.refresh_from_db()
    assert doc.state == DocumentState.APPROVED and not doc.signed_storage_name


@needs_soffice
def test_one_changed_byte_fails_the_signature_and_the_ledger(world, certs) -> None:
    from smartcourt.documents.selectors import verify_pdf

    doc = services.document_generate(
        actor=world.judge, case=world.case, kind="fee_notice", extra={"fee_amount": "50"},
        recipient=world.case.parties.get(role="plaintiff"),
    )  # fmt: skip
    doc = services.document_sign(actor=world.judge, document=doc)
    signed = blob_read(doc.signed_storage_name)
    from smartcourt.ledger.services import ledger_flush

    ledger_flush()
    good = verify_pdf(signed)
    assert good.signature.ok and good.ledger_found and good.document == doc
    changed = bytearray(signed)
    changed[len(changed) // 2] ^= 0x01
    bad = verify_pdf(bytes(changed))
    assert not bad.signature.ok and not bad.ledger_found

"""Inquiry across every holder for every debtor (tasks, progress, evidence), freeze with its statutory term and
renewal reminder, deduction into the case account, release; measures with their conditions, reversal, the public
list's masked query."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from smartcourt.cases.models import CaseEvent
from smartcourt.enforcement import rules as R
from smartcourt.enforcement import services as S
from smartcourt.enforcement import services_control as C
from smartcourt.enforcement import services_measures as M
from smartcourt.enforcement.models import AssetControl, AssetKind, InquiryBatch, InquiryResult, MeasureKind
from smartcourt.enforcement.providers import HOLDER_KINDS
from smartcourt.enforcement.selectors import dishonest_public_query

from .factories import account_of, build_world, filed, party

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def file(w):  # type: ignore[no-untyped-def]
    return filed(w)


def _inquire(file, actor, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        batch = C.inquiry_batch_start(file=file, actor=actor)
    batch.refresh_from_db()
    return batch


def test_batch_inquiry_asks_every_holder_and_records_evidence(w, file, django_capture_on_commit_callbacks) -> None:
    batch = _inquire(file, w.officer, django_capture_on_commit_callbacks)
    assert batch.total == len(HOLDER_KINDS) == batch.done and batch.state == InquiryBatch.State.DONE
    results = InquiryResult.objects.filter(batch=batch)
    assert {r.holder_kind for r in results} == set(HOLDER_KINDS)
    assert all(len(r.reply_sha256) == 64 for r in results)
    assert CaseEvent.objects.filter(case_id=file.case_id, type="enforcement.inquiry_done").count() == 1
    assert C.inquiry_batch_resume(batch=batch) == 0  # nothing missing; a retried answer is recorded once


def _deposit(file, w, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    _inquire(file, w.officer, django_capture_on_commit_callbacks)
    deposit = file.assets.filter(kind=AssetKind.DEPOSIT).first()
    if deposit is None:  # the double's data depends on the debtor; make sure this test has a deposit
        result = InquiryResult.objects.filter(batch__file=file, holder_kind="bank").get()
        deposit = file.assets.create(
            party=result.party, result=result, holder_kind="bank", holder_name="中国银行", kind="deposit",
            identifier="BA1", value=Decimal("80000"),
        )  # fmt: skip
    return deposit


def test_freeze_term_deduction_into_the_account_and_release(w, file, django_capture_on_commit_callbacks) -> None:
    deposit = _deposit(file, w, django_capture_on_commit_callbacks)
    today = timezone.localdate()
    with pytest.raises(S.EnforcementInputError, match="超过法定期限"):
        C.asset_freeze(asset=deposit, amount="100", actor=w.officer, expires_on=today + timedelta(days=400))
    freeze = C.asset_freeze(asset=deposit, amount="100", actor=w.officer)
    assert freeze.expires_on == R.freeze_term_end(asset_kind="deposit", starts_on=today)
    assert freeze.paper is not None and freeze.paper.document.kind == "enf_freeze_ruling"
    with pytest.raises(S.EnforcementInputError, match="须先冻结再扣划"):
        C.asset_deduct(asset=deposit, amount="100.01", actor=w.officer)
    C.asset_deduct(asset=deposit, amount="60", actor=w.officer)
    assert account_of(file).balance == Decimal("60.00")
    with time_machine.travel(freeze.expires_on - timedelta(days=10)):
        assert C.freeze_renewal_reminders() == 1
        assert C.freeze_renewal_reminders() == 0  # once
    C.asset_release(asset=deposit, actor=w.officer, reason="被执行人提供担保")
    assert not AssetControl.objects.filter(asset=deposit, kind="freeze", state="active").exists()


def test_measures_conditions_documents_and_reversal(w, file) -> None:
    debtor = party(file, "judgment_debtor")
    with pytest.raises(S.EnforcementInputError, match="履行期间"):
        M.measure_take(file=file, party=debtor, kind=MeasureKind.CONSUMPTION_RESTRICTION, actor=w.officer)
    S.enforcement_notice_issue(file=file, actor=w.officer, on=timezone.localdate() - timedelta(days=30))
    M.measure_take(file=file, party=debtor, kind=MeasureKind.CONSUMPTION_RESTRICTION, actor=w.officer)
    with pytest.raises(S.EnforcementInputError, match="法定情形"):
        M.measure_take(file=file, party=debtor, kind=MeasureKind.DISHONEST_LIST, actor=w.officer, ground="nothing")
    with pytest.raises(S.EnforcementInputError, match="期限为二年"):
        M.measure_take(
            file=file, party=debtor, kind=MeasureKind.DISHONEST_LIST, actor=w.officer, ground="able_refuses", years=3
        )
    listed = M.measure_take(
        file=file, party=debtor, kind=MeasureKind.DISHONEST_LIST, actor=w.officer, ground="able_refuses"
    )
    assert listed.ends_on == R.add_months(timezone.localdate(), 24)
    entries = dishonest_public_query(name=debtor.person.name)
    assert len(entries) == 1 and "*" in entries[0].id_masked and debtor.person.id_number not in entries[0].id_masked
    assert dishonest_public_query(id_number=debtor.person.id_number)[0].case_number == file.case.number
    with pytest.raises(S.EnforcementInputError, match="十五日"):
        M.measure_take(file=file, party=debtor, kind=MeasureKind.DETENTION, actor=w.officer, days=16)
    M.measure_take(file=file, party=debtor, kind=MeasureKind.EXIT_BAN, actor=w.officer)
    with pytest.raises(S.EnforcementInputError, match="理由"):
        M.measure_revoke(measure=listed, actor=w.officer, reason="")
    M.measure_revoke(measure=listed, actor=w.officer, reason="被执行人已履行全部义务")
    assert dishonest_public_query(name=debtor.person.name) == []
    assert CaseEvent.objects.filter(case_id=file.case_id, type="enforcement.measure_revoked").count() == 1


def test_a_debtor_whose_frozen_assets_cover_the_debt_is_not_listed(w, file, django_capture_on_commit_callbacks) -> None:
    deposit = _deposit(file, w, django_capture_on_commit_callbacks)
    if deposit.value < file.amount_due:
        type(deposit).objects.filter(pk=deposit.pk).update(value=file.amount_due)
        deposit.refresh_from_db()
    C.asset_freeze(asset=deposit, amount=file.amount_due, actor=w.officer)
    S.enforcement_notice_issue(file=file, actor=w.officer, on=timezone.localdate() - timedelta(days=30))
    with pytest.raises(S.EnforcementInputError, match="足以清偿"):
        M.measure_take(
            file=file, party=party(file, "judgment_debtor"), kind=MeasureKind.DISHONEST_LIST, actor=w.officer,
            ground="able_refuses",
        )  # fmt: skip


def test_papers_are_documents_generated_for_the_case(w, file, django_capture_on_commit_callbacks) -> None:
    """Every paper is a documents-app Document of an enforcement kind, generated for the 执 case with its facts; the
    freeze issues its ruling and the holder's assistance notice; no extra timeline event beside the freeze's."""
    from smartcourt.cases.models import CaseEvent
    from smartcourt.documents.models import Document

    S.enforcement_notice_issue(file=file, actor=w.officer)
    deposit = _deposit(file, w, django_capture_on_commit_callbacks)
    before = CaseEvent.objects.filter(case=file.case).count()
    control = C.asset_freeze(asset=deposit, amount="100", actor=w.officer)
    assert CaseEvent.objects.filter(case=file.case).count() == before + 1
    docs = Document.objects.filter(case=file.case).order_by("id")
    kinds = [d.kind for d in docs]
    assert kinds[:2] == ["enf_notice", "enf_report_property"] and kinds[-2:] == [
        "enf_freeze_ruling",
        "enf_assist_freeze",
    ]
    ruling = control.paper.document
    assert ruling.kind == "enf_freeze_ruling" and ruling.docx_storage_name and ruling.state == "ready"
    assert ruling.context["holder_name"] == deposit.holder_name and "100.00元" in ruling.context["amount_text"]
    assert "第二百五十三条" in ruling.context["basis"] and "第四百八十五条" in ruling.context["basis"]
    notice = docs.filter(kind="enf_notice").get()
    assert notice.recipient.role == "judgment_debtor" and notice.context["case_number"] == file.case.number
    assert not CaseEvent.objects.filter(case=file.case, type="document.generated").exists()

"""Asynchronous cross-examination (异步质证) at the service level: the rule (在线诉讼规则 Art. 20–21: every party's
consent, procedures that allow it), the deadline counted with holidays, opinions per item and aspect, reply rounds,
the report PDF filed in the dossier and anchored in the ledger, switching to a live hearing — and every refusal in
Chinese with nothing half-written."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
import time_machine
from pypdf import PdfReader

from smartcourt.cases.models import CaseEvent
from smartcourt.core.errors import ApplicationError, Forbidden
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import user_with_role
from smartcourt.dossier.models import DossierDocument
from smartcourt.dossier.tests.samples import text_pdf
from smartcourt.hearings import selectors, selectors_async
from smartcourt.hearings.models import AsyncConsent, AsyncOpinion, AsyncRound, AsyncRoundState
from smartcourt.hearings.rules import asynchronous as A
from smartcourt.hearings.services_async import (
    AsyncRefused,
    AttachmentIn,
    OpinionIn,
    async_consent_record,
    async_opinion_submit,
    async_reply_round_open,
    async_round_close,
    async_round_open,
    async_switch_to_hearing,
)
from smartcourt.ledger.models import LedgerRecord

from .factories import SHANGHAI, async_items, build_async_world

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)  # a Friday before the National Day holiday (Oct 1–8, 2025)
ACCEPT = OpinionIn("accept", "accept", "accept")
DISPUTE = OpinionIn("dispute", "accept", "dispute", authenticity_reason="借条系事后补写", relevance_reason="与本案无关")


@pytest.fixture
def aw():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield build_async_world()


def _pdf_text(document_id: int) -> str:
    from smartcourt.dossier.selectors import document_content

    content = document_content(document_id=document_id).content
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- the rule ------------------------------------------------------------------------------------------------------


def test_the_rule_refuses_without_every_partys_consent_and_names_who() -> None:
    check = A.async_allowed(
        kind="evidence", case_kind="civil", procedure="ordinary", consents={1: True, 2: None},
        party_names={1: "原告 张三", 2: "被告 李四"},
    )  # fmt: skip
    assert not check.ok and "被告 李四" in check.message and "第二十条" in check.message


def test_the_rule_refuses_an_async_trial_outside_small_claims_and_simple_procedure() -> None:
    check = A.async_allowed(kind="trial", case_kind="civil", procedure="ordinary", consents={1: True}, party_names={})
    assert not check.ok and "第二十一条" in check.message and "普通程序" in check.message
    ok = A.async_allowed(kind="trial", case_kind="civil", procedure="small_claims", consents={1: True}, party_names={})
    assert ok.ok


def test_the_rule_refuses_a_criminal_case() -> None:
    check = A.async_allowed(
        kind="evidence", case_kind="criminal", procedure="ordinary", consents={1: True}, party_names={}
    )
    assert not check.ok and "刑事" in check.message


@time_machine.travel(NOW, tick=False)
def test_opening_is_refused_when_one_party_has_not_consented_and_nothing_is_written() -> None:
    aw = build_async_world(consent=False)
    async_consent_record(case=aw.case, party_id=aw.plaintiff.pk, kind="evidence", consented=True, actor=aw.lawyer_p)
    events = CaseEvent.objects.count()
    with pytest.raises(AsyncRefused) as exc:
        async_round_open(case=aw.case, items=async_items(aw), days=7, actor=aw.world.a.judge)
    assert "尚未同意" in str(exc.value.message) and aw.defendant.person.name in str(exc.value.message)
    assert not AsyncRound.objects.exists() and CaseEvent.objects.count() == events


@time_machine.travel(NOW, tick=False)
def test_a_withdrawn_consent_blocks_the_next_round(aw) -> None:  # type: ignore[no-untyped-def]
    async_consent_record(case=aw.case, party_id=aw.defendant.pk, kind="evidence", consented=False, actor=aw.lawyer_d)
    with pytest.raises(AsyncRefused):
        async_round_open(case=aw.case, items=async_items(aw), days=7, actor=aw.world.a.judge)
    assert AsyncConsent.objects.filter(party=aw.defendant).count() == 2  # who said what when: both rows kept


@time_machine.travel(NOW, tick=False)
def test_an_async_trial_on_the_ordinary_procedure_is_refused(aw) -> None:  # type: ignore[no-untyped-def]
    for party, who in ((aw.plaintiff, aw.lawyer_p), (aw.defendant, aw.lawyer_d)):
        async_consent_record(case=aw.case, party_id=party.pk, kind="trial", consented=True, actor=who)
    with pytest.raises(AsyncRefused) as exc:
        async_round_open(case=aw.case, items=[], days=7, actor=aw.world.a.judge, kind="trial")
    assert "第二十一条" in str(exc.value.message)


@time_machine.travel(NOW, tick=False)
def test_only_the_party_or_its_lawyer_consents_for_it(aw) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Forbidden):
        async_consent_record(case=aw.case, party_id=aw.defendant.pk, kind="evidence", consented=True, actor=aw.lawyer_p)


# --- a round -----------------------------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_deadline_is_counted_by_legaltime_over_the_national_day_holiday(aw) -> None:  # type: ignore[no-untyped-def]
    rnd = async_round_open(case=aw.case, items=async_items(aw), days=7, actor=aw.world.a.judge)
    # 7 days from Sep 26 end on Oct 3, inside the holiday: moved to the first working day after it
    assert rnd.deadline == date(2025, 10, 9)
    assert "第二十条" in rnd.deadline_basis and rnd.items.count() == 4


@time_machine.travel(NOW, tick=False)
def test_a_full_round_opinions_report_in_the_dossier_and_the_ledger(aw) -> None:  # type: ignore[no-untyped-def]
    judge = aw.world.a.judge
    rnd = async_round_open(case=aw.case, items=async_items(aw), days=7, actor=judge)
    items = {it.title: it for it in rnd.items.all()}
    # the defendant's lawyer on the plaintiff's evidence, the plaintiff's lawyer on the defendant's
    async_opinion_submit(round=rnd, item_id=items["原告证据1 借条"].pk, party_id=aw.defendant.pk, opinion=DISPUTE,
                         actor=aw.lawyer_d,
                         attachment=AttachmentIn(text_pdf("笔迹说明", ["借条笔迹与李某笔迹明显不同。"]), "笔迹说明.pdf"))  # fmt: skip
    async_opinion_submit(round=rnd, item_id=items["原告证据2 转账记录"].pk, party_id=aw.defendant.pk, opinion=ACCEPT,
                         actor=aw.lawyer_d)  # fmt: skip
    async_opinion_submit(round=rnd, item_id=items["被告证据1 还款收据"].pk, party_id=aw.plaintiff.pk, opinion=ACCEPT,
                         actor=aw.lawyer_p)  # fmt: skip
    with pytest.raises(ApplicationError) as own:  # a party does not cross-examine its own evidence in a first round
        async_opinion_submit(round=rnd, item_id=items["原告证据1 借条"].pk, party_id=aw.plaintiff.pk, opinion=ACCEPT,
                             actor=aw.lawyer_p)  # fmt: skip
    assert "对方" in str(own.value.message)
    rows = {v.title: v for v in selectors.evidence_with_opinions(aw.case)}
    assert rows["原告证据1 借条"].disputed and not rows["原告证据2 转账记录"].disputed
    assert rows["原告证据1 借条"].opinions[0].attachment_title.startswith("质证意见附件")
    # the drafting page of a judgment offers the same results as its evidence section (documents' draft sources)
    from smartcourt.documents.sources import draft_source_text

    section = draft_source_text("evidence_cross_examination", aw.case) or ""
    assert "原告证据1 借条" in section and "借条系事后补写" in section and "需当庭质证" in section
    closed = async_round_close(round=rnd, actor=judge)
    assert closed.state == AsyncRoundState.CLOSED and closed.report_id
    report = DossierDocument.objects.get(pk=closed.report_id)
    assert report.category == "hearing_record" and report.source == "generated"
    text = _pdf_text(report.pk)
    for needle in ("质 证 报 告", "借条系事后补写", "与本案无关", aw.defendant.person.name, "争议，提交庭审", "无争议"):
        assert needle in text.replace("\n", ""), needle
    assert LedgerRecord.objects.filter(sha256=report.sha256).exists()
    # a reply round: the plaintiff answers the defendant's opinion on its own evidence
    reply = async_reply_round_open(round=closed, days=5, actor=judge)
    item = reply.items.get(number=items["原告证据1 借条"].number)
    async_opinion_submit(round=reply, item_id=item.pk, party_id=aw.plaintiff.pk, actor=aw.lawyer_p,
                         opinion=OpinionIn("accept", "accept", "accept", authenticity_reason="借条系李某亲笔书写"))  # fmt: skip
    second = async_round_close(round=reply, actor=judge)
    text = _pdf_text(second.report_id)
    assert "借条系李某亲笔书写" in text.replace("\n", "") and "借条系事后补写" in text.replace("\n", "")


@time_machine.travel(NOW, tick=False)
def test_an_opinion_after_the_deadline_is_refused_with_the_date(aw) -> None:  # type: ignore[no-untyped-def]
    rnd = async_round_open(case=aw.case, items=async_items(aw), days=3, actor=aw.world.a.judge)
    item = rnd.items.get(number=1)
    late = time_machine.travel(datetime(2025, 10, 10, 9, tzinfo=SHANGHAI), tick=False)
    with late, pytest.raises(AsyncRefused) as exc:
        async_opinion_submit(round=rnd, item_id=item.pk, party_id=aw.defendant.pk, opinion=ACCEPT, actor=aw.lawyer_d)
    assert rnd.deadline.isoformat() in str(exc.value.message) and "逾期" in str(exc.value.message)
    assert not AsyncOpinion.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_bad_opinions_are_refused_in_chinese(aw) -> None:  # type: ignore[no-untyped-def]
    rnd = async_round_open(case=aw.case, items=async_items(aw), days=7, actor=aw.world.a.judge)
    item = rnd.items.get(number=1)
    with pytest.raises(ApplicationError) as exc:
        async_opinion_submit(round=rnd, item_id=item.pk, party_id=aw.defendant.pk, actor=aw.lawyer_d,
                             opinion=OpinionIn("dispute", "accept", "accept"))  # fmt: skip
    assert "理由" in str(exc.value.message)
    with pytest.raises(ApplicationError):
        async_opinion_submit(round=rnd, item_id=item.pk, party_id=aw.defendant.pk, actor=aw.lawyer_d,
                             opinion=OpinionIn("maybe", "accept", "accept"))  # fmt: skip
    stranger = user_with_role(Role.LAWYER, aw.world.b.court, full_name="无关律师")
    with pytest.raises(Forbidden):
        async_opinion_submit(round=rnd, item_id=item.pk, party_id=aw.defendant.pk, opinion=ACCEPT, actor=stranger)
    with pytest.raises(ApplicationError):  # a corrupt attachment: refused by the intake, nothing written
        async_opinion_submit(round=rnd, item_id=item.pk, party_id=aw.defendant.pk, opinion=ACCEPT, actor=aw.lawyer_d,
                             attachment=AttachmentIn(b"%PDF-1.7 broken", "坏文件.pdf"))  # fmt: skip
    assert not AsyncOpinion.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_judge_switches_to_a_live_hearing_at_any_time(aw) -> None:  # type: ignore[no-untyped-def]
    rnd = async_round_open(case=aw.case, items=async_items(aw), days=7, actor=aw.world.a.judge)
    item = rnd.items.get(number=1)
    async_opinion_submit(round=rnd, item_id=item.pk, party_id=aw.defendant.pk, opinion=DISPUTE, actor=aw.lawyer_d)
    with pytest.raises(Forbidden):
        async_switch_to_hearing(case=aw.case, actor=aw.lawyer_p, reason="想开庭")
    switched = async_switch_to_hearing(case=aw.case, actor=aw.world.a.judge, reason="争议较大，需当庭质证")
    assert switched is not None and switched.state == AsyncRoundState.SWITCHED and switched.report_id
    assert "需当庭质证" in _pdf_text(switched.report_id).replace("\n", "")
    with pytest.raises(AsyncRefused):
        async_opinion_submit(round=rnd, item_id=item.pk, party_id=aw.defendant.pk, opinion=ACCEPT, actor=aw.lawyer_d)
    assert selectors_async.round_open_for_case(case=aw.case) is None


@time_machine.travel(NOW, tick=False)
def test_evidence_with_opinions_reads_in_fixed_queries(aw, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    rnd = async_round_open(case=aw.case, items=async_items(aw), days=7, actor=aw.world.a.judge)
    for it in rnd.items.all():
        party, who = (aw.defendant, aw.lawyer_d) if it.title.startswith("原告") else (aw.plaintiff, aw.lawyer_p)
        async_opinion_submit(round=rnd, item_id=it.pk, party_id=party.pk, opinion=DISPUTE, actor=who)
    with django_assert_max_num_queries(4):
        rows = selectors.evidence_with_opinions(aw.case)
    assert len(rows) == 4 and all(r.disputed for r in rows)

"""Enforcement cases: filed from an effective judgment with nothing typed twice, refused for one not yet effective,
from an outside title with its file; officer assignment; the six-month period; closing methods; 执恢."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from smartcourt.cases.models import Case, CaseEvent, CaseParty, CaseState
from smartcourt.cases.selectors import case_trial_period
from smartcourt.core.actors import SYSTEM
from smartcourt.core.errors import Forbidden
from smartcourt.enforcement import services as S
from smartcourt.enforcement.models import ClosingKind, EnforcementFile, Measure, MeasureKind, TitleKind
from smartcourt.enforcement.titles import Title, TitleParty, TitleRefused

from .factories import account_of, build_world, effective_judgment, filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():  # type: ignore[no-untyped-def]
    return build_world()


def test_filed_from_an_effective_judgment_carries_parties_and_amount(w) -> None:
    file = filed(w, assign=False)
    case = file.case
    assert case.type_code == "执" and case.kind == "enforcement" and "执" in case.number
    assert case.origin_id == w.judgment.pk and case.division_id == w.bureau.pk
    assert file.amount_due == Decimal("50000.00") and file.title_kind == TitleKind.JUDGMENT
    roles = dict(CaseParty.objects.filter(case=case).values_list("role", "person__name"))
    orig = dict(CaseParty.objects.filter(case=w.judgment).values_list("role", "person__name"))
    assert roles["enforcement_applicant"] == orig["plaintiff"] and roles["judgment_debtor"] == orig["defendant"]
    assert file.claims.get().amount == Decimal("50000.00")
    assert account_of(file).number.startswith(f"{case.court_id:05d}")
    assert CaseEvent.objects.filter(case=case, type="enforcement.filed").count() == 1


def test_a_judgment_not_yet_effective_is_refused(w) -> None:
    pending = effective_judgment(court=w.court, applicant_user=w.applicant_user, effective=False)
    with pytest.raises(TitleRefused, match="尚未发生法律效力"):
        S.enforcement_apply(title_case=pending, actor=w.applicant_user)
    assert not EnforcementFile.objects.exists()


def test_a_stranger_cannot_apply_and_twice_is_refused(w, django_user_model) -> None:
    stranger = django_user_model.objects.create(username="x", full_name="路人")
    with pytest.raises(Forbidden):
        S.enforcement_apply(title_case=w.judgment, actor=stranger)
    S.enforcement_apply(title_case=w.judgment, actor=w.applicant_user)
    with pytest.raises(TitleRefused, match="重复申请"):
        S.enforcement_apply(title_case=w.judgment, actor=w.applicant_user)


def test_outside_title_needs_its_file(w) -> None:
    title = Title(
        kind=TitleKind.ARBITRATION,
        reference="（2025）苏仲裁字第88号",
        parties=(TitleParty("applicant", "甲公司", kind="legal", amount=Decimal(1000)), TitleParty("debtor", "乙")),
        amount=Decimal(1000),
    )
    with pytest.raises(S.EnforcementInputError, match="须上传执行依据文书"):
        S.enforcement_apply_from_title(title=title, court=w.court, actor=SYSTEM)
    file = S.enforcement_apply_from_title(
        title=Title(**{**title.__dict__, "file_content": b"%PDF-1.4 award", "file_name": "award.pdf"}),
        court=w.court,
        actor=SYSTEM,
    )
    assert file.title_file_sha256 and file.papers.get().title == "执行依据"


def test_shares_must_add_up(w) -> None:
    title = Title(
        kind=TitleKind.NOTARISED_DEBT,
        reference="（2025）苏宁证字第1号",
        parties=(TitleParty("applicant", "甲", amount=Decimal(10)), TitleParty("debtor", "乙")),
        amount=Decimal(20),
        file_content=b"x",
    )
    with pytest.raises(S.EnforcementInputError, match="不一致"):
        S.enforcement_apply_from_title(title=title, court=w.court, actor=SYSTEM)


def test_assignment_goes_to_an_enforcement_officer_and_the_period_is_six_months(w) -> None:
    file = filed(w, assign=False)
    draw = S.enforcement_assign(file=file, actor=SYSTEM, seed="fixed")
    assert draw.judge_id in (w.officer.pk, w.officer2.pk)
    case = Case.objects.get(pk=file.case_id)
    period = case_trial_period(case=case, today=case.filed_on)
    assert period is not None
    assert (period.due.year * 12 + period.due.month) - (case.filed_on.year * 12 + case.filed_on.month) == 6


def test_fulfilled_needs_the_money_paid_and_the_account_empty(w) -> None:
    from smartcourt.enforcement import services_funds as F
    from smartcourt.enforcement.tests.factories import party

    file = filed(w)
    with pytest.raises(S.EnforcementInputError, match="未达执行标的"):
        S.enforcement_close(file=file, kind=ClosingKind.FULFILLED, actor=w.officer)
    account = account_of(file)
    F.fund_receive(account=account, amount="50000", actor=w.officer, reference="B1")
    payout = F.payout_request(
        account=account, party=party(file, "enforcement_applicant"), amount="50000", actor=w.officer
    )
    F.payout_approve(payout=payout, actor=w.officer2)
    file = S.enforcement_close(file=file, kind=ClosingKind.FULFILLED, actor=w.officer)
    case = Case.objects.get(pk=file.case_id)
    assert case.state == CaseState.CLOSED and case.closing_method == "enforced"
    assert file.closing_kind == ClosingKind.FULFILLED
    from smartcourt.enforcement.selectors import indicators

    figures = indicators(files=EnforcementFile.objects.all())
    assert figures["fulfilled_rate"] == 1.0 and figures["recovery_rate"] == 1 and figures["final_this_round_rate"] == 0
    with pytest.raises(Exception, match="已于"):
        S.enforcement_close(file=file, kind=ClosingKind.FULFILLED, actor=w.officer)


def test_final_this_round_checks_its_conditions_and_can_be_restored(w) -> None:
    from smartcourt.enforcement import services_control as C
    from smartcourt.enforcement import services_measures as M
    from smartcourt.enforcement.tests.factories import party

    with time_machine.travel(date(2025, 4, 1), tick=False):
        file = filed(w)
    with time_machine.travel(date(2025, 4, 2), tick=False):
        with pytest.raises(S.EnforcementInputError) as refused:
            S.enforcement_close(file=file, kind=ClosingKind.FINAL_THIS_ROUND, actor=w.officer, applicant_informed=True)
        assert "报告财产" in str(refused.value) and "三个月" in str(refused.value) and "穷尽" in str(refused.value)
        S.enforcement_notice_issue(file=file, actor=w.officer)
    debtor = party(file, "judgment_debtor")
    with time_machine.travel(date(2025, 4, 20), tick=False):
        M.measure_take(file=file, party=debtor, kind=MeasureKind.CONSUMPTION_RESTRICTION, actor=w.officer)
    with time_machine.travel(date(2025, 7, 10), tick=False):
        # the inquiry (answered at once by the doubles) finds assets: not yet controlled, 终本 is refused
        from django.test.utils import CaptureQueriesContext  # noqa: F401

        batch = C.inquiry_batch_start(file=file, actor=w.officer)
        C.inquiry_batch_resume(batch=batch)
        free = sum(a.value for a in file.assets.all())
        if free > 0:
            with pytest.raises(S.EnforcementInputError, match="未发现可供执行的财产"):
                S.enforcement_close(
                    file=file, kind=ClosingKind.FINAL_THIS_ROUND, actor=w.officer, applicant_informed=True
                )
            for asset in file.assets.filter(value__gt=0):
                C.asset_freeze(asset=asset, amount=asset.value, actor=w.officer)
        file = S.enforcement_close(
            file=file, kind=ClosingKind.FINAL_THIS_ROUND, actor=w.officer, applicant_informed=True
        )
    assert Case.objects.get(pk=file.case_id).state == CaseState.TERMINATED
    # 终本 keeps the consumption restriction in force (the case can be restored); only a closing for good lifts it
    assert Measure.objects.get(file=file, kind=MeasureKind.CONSUMPTION_RESTRICTION).state == Measure.State.ACTIVE
    with pytest.raises(S.EnforcementInputError, match="理由"):
        S.enforcement_restore(file=file, actor=w.officer, reason="")
    restored = S.enforcement_restore(file=file, actor=w.officer, reason="申请执行人提供了新的财产线索")
    assert restored.case.type_code == "执恢" and restored.restores_id == file.pk
    assert restored.amount_due == Decimal("50000.00")
    assert Measure.objects.filter(file=file, kind=MeasureKind.REPORT_PROPERTY).exists()


def _events(file: EnforcementFile) -> int:
    return CaseEvent.objects.filter(case_id=file.case_id).count()


def test_terminated_needs_a_ground_of_article_268_and_writes_one_event(w) -> None:
    from smartcourt.documents.models import Document

    file = filed(w)
    with pytest.raises(S.EnforcementInputError, match="第二百六十八条"):
        S.enforcement_close(file=file, kind=ClosingKind.TERMINATED, actor=w.officer)
    with pytest.raises(S.EnforcementInputError, match="写明理由"):
        S.enforcement_close(file=file, kind=ClosingKind.TERMINATED, actor=w.officer, ground="other")
    before = _events(file)
    file = S.enforcement_close(file=file, kind=ClosingKind.TERMINATED, actor=w.officer, ground="withdrawn")
    assert _events(file) == before + 1  # the closing, its case move and its ruling: one event
    event = CaseEvent.objects.filter(case_id=file.case_id).latest("id")
    assert event.type == "enforcement.closed" and "第二百六十八条" in event.summary
    assert event.payload["new"]["state"] == "closed" and event.payload["old"]["state"] == "in_trial"
    case = Case.objects.get(pk=file.case_id)
    assert case.state == CaseState.CLOSED and case.closing_method == "enforcement_ended"
    ruling = Document.objects.get(case_id=file.case_id, kind="enf_terminate")
    assert "申请人撤销申请" in ruling.context["reason_text"] and "第二百六十八条" in ruling.context["basis"]


def test_not_enforced_only_for_an_arbitral_award_or_notarised_instrument(w) -> None:
    file = filed(w)
    with pytest.raises(S.EnforcementInputError, match="不予执行只适用于仲裁裁决"):
        S.enforcement_close(file=file, kind=ClosingKind.NOT_ENFORCED, actor=w.officer, ground="procedure")
    award = S.enforcement_apply_from_title(
        title=Title(
            kind=TitleKind.ARBITRATION, reference="（2025）苏仲裁字第9号",
            parties=(TitleParty("applicant", "甲公司", kind="legal", amount=Decimal(1000)), TitleParty("debtor", "乙")),
            amount=Decimal(1000), file_content=b"%PDF-1.4 award", file_name="award.pdf",
        ),
        court=w.court, actor=SYSTEM,
    )  # fmt: skip
    Case.objects.filter(pk=award.case_id).update(judge=w.officer, state=CaseState.IN_TRIAL)
    award.refresh_from_db()
    with pytest.raises(S.EnforcementInputError, match="第二百四十八条"):
        S.enforcement_close(file=award, kind=ClosingKind.NOT_ENFORCED, actor=w.officer, ground="notarised_error")
    before = _events(award)
    award = S.enforcement_close(file=award, kind=ClosingKind.NOT_ENFORCED, actor=w.officer, ground="procedure")
    assert _events(award) == before + 1
    assert Case.objects.get(pk=award.case_id).closing_method == "not_enforced"
    assert award.papers.filter(document__kind="enf_not_enforce").exists()


def test_cancelled_with_its_ground_sends_the_closing_notice(w) -> None:
    file = filed(w)
    with pytest.raises(S.EnforcementInputError, match="第十八条"):
        S.enforcement_close(file=file, kind=ClosingKind.CANCELLED, actor=w.officer, ground="nonsense")
    before = _events(file)
    file = S.enforcement_close(file=file, kind=ClosingKind.CANCELLED, actor=w.officer, ground="filed_elsewhere")
    assert _events(file) == before + 1
    assert Case.objects.get(pk=file.case_id).closing_method == "cancelled"
    notice = file.papers.get(document__kind="enf_closing_notice").document
    assert notice.recipient.role == "enforcement_applicant" and "销案" in notice.context["method"]
    assert "执行程序若干问题的解释" in notice.context["basis"]


def test_fulfilled_closing_is_one_event(w) -> None:
    from smartcourt.enforcement import services_funds as F
    from smartcourt.enforcement.tests.factories import party

    file = filed(w)
    account = account_of(file)
    F.fund_receive(account=account, amount="50000", actor=w.officer, reference="B1")
    F.payout_approve(
        payout=F.payout_request(account=account, party=party(file, "enforcement_applicant"), amount="50000",
                                actor=w.officer),
        actor=w.officer2,
    )  # fmt: skip
    before = _events(file)
    S.enforcement_close(file=file, kind=ClosingKind.FULFILLED, actor=w.officer)
    assert _events(file) == before + 1


def test_closing_for_good_lifts_the_listing_and_the_restriction_in_its_one_event(w) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from smartcourt.enforcement import rules as R
    from smartcourt.enforcement import services_measures as M
    from smartcourt.enforcement.selectors import dishonest_public_query

    from .factories import party

    file = filed(w)
    debtor = party(file, "judgment_debtor")
    S.enforcement_notice_issue(file=file, actor=w.officer, on=timezone.localdate() - timedelta(days=30))
    M.measure_take(file=file, party=debtor, kind=MeasureKind.CONSUMPTION_RESTRICTION, actor=w.officer)
    M.measure_take(file=file, party=debtor, kind=MeasureKind.DISHONEST_LIST, actor=w.officer, ground="able_refuses")
    assert dishonest_public_query(name=debtor.person.name)
    before = _events(file)
    file = S.enforcement_close(file=file, kind=ClosingKind.TERMINATED, actor=w.officer, ground="withdrawn")
    assert _events(file) == before + 1
    event = CaseEvent.objects.filter(case_id=file.case_id).latest("id")
    assert (
        "同时解除" in event.summary and "第十条" in event.summary and len(event.payload["new"]["measures_lifted"]) == 2
    )
    assert not Measure.objects.filter(file=file, state=Measure.State.ACTIVE, kind__in=R.STANDING_MEASURES).exists()
    assert dishonest_public_query(name=debtor.person.name) == []  # off the public list
    from smartcourt.documents.models import Document

    assert Document.objects.filter(case_id=file.case_id, kind="enf_revocation").count() == 2

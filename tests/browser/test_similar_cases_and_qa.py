"""A judge opens a case and its assistant tab (智能辅助): similar cases pushed with their reasons; then asks a question
on 法答网, and the court's designated expert answers it; the judge opens the answer's citable address."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.knowledge.library.models import Answer
from smartcourt.knowledge.library.services import LibraryCaseData, expert_designate, library_case_add
from smartcourt.knowledge.library.tests.factories import LOAN, SALE, with_facts
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_judge_sees_similar_cases_with_reasons_and_an_expert_answers_on_fadawang(
    page, browser, live_server, tmp_path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.KNOWLEDGE_LIBRARY_INDEX_DIR = tmp_path / "library_index"
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, civil, full_name="陈建国")
    expert = user_with_role(Role.DIVISION_HEAD, court, civil, full_name="郑海燕")
    expert_designate(actor=SYSTEM, court=court, user=expert, field="民商事审判")
    case = with_facts(make_case(court=court, division=civil, judge=judge, plaintiff="刘小红", defendant="王大明"),
                      "原告刘小红向被告王大明出借人民币48000元，被告出具借条，约定半年后归还，到期后经多次催讨，被告仍未还款。")  # fmt: skip
    library_case_add(actor=SYSTEM, data=LibraryCaseData(
        kind="reference", title="民间借贷参考案例", facts=LOAN, cause="民间借贷纠纷", case_type="civil",
        statutes="民法典/第六百七十五条", amount=Decimal("50000"), result="被告于判决生效之日起十日内归还借款本金及利息。",
    ))  # fmt: skip
    library_case_add(actor=SYSTEM, data=LibraryCaseData(kind="guiding", title="买卖合同指导性案例", facts=SALE,
                                                        cause="买卖合同纠纷", case_type="civil"))  # fmt: skip

    page.set_default_timeout(60_000)  # a loaded machine: generous, never a timing assertion
    staff_sign_in(page, judge, TOTPDevice.objects.create(user=judge, confirmed=True))
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.click("[data-testid=tab-assistant]")
    first = page.wait_for_selector("[data-testid=similar-case]")
    assert "民间借贷参考案例" in first.inner_text()
    reasons = page.inner_text("[data-testid=similar-reasons]")
    assert "关键事实" in reasons and "借条" in reasons and "适用法条" in reasons
    screenshot(page, "similar-01-assistant-tab")

    page.goto(f"{page.base_url}/knowledge/library/qa/")
    page.fill("#qa-title", "仅有转账凭证而无借条，如何认定借贷关系？")
    page.fill("#qa-cause", "民间借贷纠纷")
    page.fill("#qa-body", "被告抗辩转账系归还此前借款。")
    with page.expect_navigation():
        page.click("[data-testid=qa-ask] button")
    assert "等待本院专家答复" in page.inner_text(".sc-messages")
    question_url = page.url

    expert_page = browser.new_context(locale="zh-CN").new_page()
    expert_page.set_default_timeout(60_000)
    staff_sign_in(expert_page, expert, TOTPDevice.objects.create(user=expert, confirmed=True), base_url=live_server.url)
    expert_page.goto(live_server.url + "/knowledge/library/qa/")
    with expert_page.expect_navigation():
        expert_page.click("[data-testid=qa-awaiting] a")
    expert_page.fill("#qa-answer", "被告应对其还款抗辩举证；被告举证后，原告仍应就借贷关系的成立承担举证责任。")
    with expert_page.expect_navigation():
        expert_page.click("[data-testid=qa-answer-form] button")
    answer = Answer.objects.get()
    expert_page.context.close()

    page.goto(question_url)
    assert "原告仍应就借贷关系的成立承担举证责任" in page.inner_text("[data-testid=qa-answer]")
    page.goto(f"{page.base_url}/knowledge/library/qa/answers/{answer.pk}/")
    assert page.url.endswith(f"#answer-{answer.pk}")
    screenshot(page, "similar-02-fadawang-answer")

"""Issue 18's "Done when", through the UI: a new court's president designates a 法答网 expert from the landing page
(the experts page, no seed path); a judge opens a case and its assistant tab (智能辅助): similar cases pushed with
their reasons (cause, key facts, amounts, the statutes applied), opens a statute from a citation; asks a question on
法答网 in the expert's field, and the designated expert answers it; the judge opens the answer's citable address."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.demo.statutes import SHIPPED_LAWS
from smartcourt.knowledge.library.models import Answer, ExpertDesignation
from smartcourt.knowledge.library.services import LibraryCaseData, library_case_add
from smartcourt.knowledge.library.tests.factories import LOAN, SALE, with_facts
from smartcourt.knowledge.services import statutes_import
from smartcourt.knowledge.store import store_changed
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def statutes():  # type: ignore[no-untyped-def]
    statutes_import(SHIPPED_LAWS)
    yield
    store_changed()


def test_judge_sees_similar_cases_with_reasons_opens_a_statute_and_an_expert_designated_on_the_page_answers(
    page, browser, live_server, tmp_path, settings, statutes
) -> None:  # type: ignore[no-untyped-def]
    settings.KNOWLEDGE_LIBRARY_INDEX_DIR = tmp_path / "library_index"
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    civil = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, civil, full_name="陈建国")
    expert = user_with_role(Role.DIVISION_HEAD, court, civil, full_name="郑海燕")
    president = user_with_role(Role.PRESIDENT, court, full_name="周院长")
    case = with_facts(make_case(court=court, division=civil, judge=judge, plaintiff="刘小红", defendant="王大明"),
                      "原告刘小红向被告王大明出借人民币48000元，被告出具借条，约定半年后归还，到期后经多次催讨，被告仍未还款。"
                      "依据《中华人民共和国民法典》第六百七十五条，请求判令被告归还借款。")  # fmt: skip
    library_case_add(actor=SYSTEM, data=LibraryCaseData(
        kind="reference", title="民间借贷参考案例", facts=LOAN, cause="民间借贷纠纷", case_type="civil",
        statutes="民法典/第六百七十五条", amount=Decimal("50000"), result="被告于判决生效之日起十日内归还借款本金及利息。",
    ))  # fmt: skip
    library_case_add(actor=SYSTEM, data=LibraryCaseData(kind="guiding", title="买卖合同指导性案例", facts=SALE,
                                                        cause="买卖合同纠纷", case_type="civil"))  # fmt: skip
    page.set_default_timeout(60_000)  # a loaded machine: generous, never a timing assertion

    # 1. The president designates the expert from the landing page: no expert exists before.
    assert not ExpertDesignation.objects.exists()
    boss = browser.new_context(locale="zh-CN").new_page()
    boss.set_default_timeout(60_000)
    staff_sign_in(boss, president, TOTPDevice.objects.create(user=president, confirmed=True), base_url=live_server.url)
    boss.goto(live_server.url + "/")
    with boss.expect_navigation():
        boss.click("[data-testid=panel-library-experts]")
    boss.select_option("#ex-user", label="郑海燕")
    boss.fill("#ex-field", "民商事审判")
    with boss.expect_navigation():
        boss.click("[data-testid=expert-designate] button")
    assert "已指定法答网专家" in boss.inner_text(".sc-messages")
    assert "郑海燕" in boss.inner_text("[data-testid=expert-rows]")
    screenshot(boss, "similar-00-experts-page")
    boss.context.close()

    # 2. The judge opens the case: similar cases with reasons; a statute opened from a citation.
    staff_sign_in(page, judge, TOTPDevice.objects.create(user=judge, confirmed=True))
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.click("[data-testid=tab-assistant]")
    first = page.wait_for_selector("[data-testid=similar-case]")
    assert "民间借贷参考案例" in first.inner_text()
    reasons = page.inner_text("[data-testid=similar-reasons]")
    assert "关键事实" in reasons and "借条" in reasons and "金额相近" in reasons and "适用法条" in reasons
    screenshot(page, "similar-01-assistant-tab")
    with page.expect_navigation():
        page.locator("[data-testid=similar-statute]").first.click()
    assert page.get_by_test_id("article").get_attribute("data-address") == "民法典/第六百七十五条"
    assert "借款人应当按照约定的期限返还借款" in page.get_by_test_id("article").inner_text()
    page.go_back()
    page.click("[data-testid=tab-assistant]")
    with page.expect_navigation():
        page.locator("[data-testid=assistant-statutes] a").first.click()
    assert page.get_by_test_id("article").get_attribute("data-address") == "民法典/第六百七十五条"

    # 3. A question on 法答网 in the expert's field.
    page.goto(f"{page.base_url}/knowledge/library/qa/")
    page.select_option("#qa-field", "民商事审判")
    page.fill("#qa-title", "仅有转账凭证而无借条，如何认定借贷关系？")
    page.fill("#qa-cause", "民间借贷纠纷")
    page.fill("#qa-body", "被告抗辩转账系归还此前借款。")
    with page.expect_navigation():
        page.click("[data-testid=qa-ask] button")
    assert "等待本院专家答复" in page.inner_text(".sc-messages")
    question_url = page.url

    # 4. The expert answers from their queue.
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
    assert answer.author == expert
    expert_page.context.close()

    # 5. The judge reads the answer and its citable address.
    page.goto(question_url)
    assert "原告仍应就借贷关系的成立承担举证责任" in page.inner_text("[data-testid=qa-answer]")
    page.goto(f"{page.base_url}/knowledge/library/qa/answers/{answer.pk}/")
    assert page.url.endswith(f"#answer-{answer.pk}")
    screenshot(page, "similar-02-fadawang-answer")

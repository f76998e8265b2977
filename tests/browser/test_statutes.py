"""Statutes in a real browser (public, no sign-in): search by abbreviation and number, open the article, follow a
citation in its text to the cited article; an article that does not exist is answered in Chinese; the element
guide of a cause links its articles. On a phone-sized screen too."""

from __future__ import annotations

import pytest

from smartcourt.demo.statutes import SHIPPED_LAWS
from smartcourt.knowledge.services import statutes_import
from smartcourt.knowledge.store import store_changed
from tests.browser.conftest import screenshot, screenshot_from_top

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def statutes():  # type: ignore[no-untyped-def]
    statutes_import(SHIPPED_LAWS)
    yield
    store_changed()


def test_search_open_an_article_and_follow_a_citation(page, statutes) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/knowledge/statutes/")
    page.get_by_test_id("statute-q").fill("民诉法 第126条")
    page.get_by_test_id("statute-q").press("Enter")
    exact = page.get_by_test_id("statute-exact")
    assert "第一百二十六条" in exact.inner_text()
    exact.get_by_role("link").first.click()
    article = page.get_by_test_id("article")
    assert article.get_attribute("data-address") == "民事诉讼法/第一百二十六条"
    screenshot_from_top(page, "statutes-article")
    page.locator('a.sc-cite[data-address="民事诉讼法/第一百二十二条"]').first.click()
    assert page.get_by_test_id("article").get_attribute("data-address") == "民事诉讼法/第一百二十二条"
    assert "起诉必须符合下列条件" in page.get_by_test_id("article").inner_text()

    page.goto(page.base_url + "/knowledge/statutes/?q=" + "民法典第九千条")
    assert "《民法典》没有第九千条。" in page.get_by_test_id("statute-notice").inner_text()
    page.goto(page.base_url + "/knowledge/statutes/?q=" + "民法典 违约责任")
    assert page.get_by_test_id("statute-results").locator("li").count() > 3
    screenshot_from_top(page, "statutes-search")


def test_the_element_guide_on_a_phone(phone_page, statutes) -> None:  # type: ignore[no-untyped-def]
    page = phone_page
    page.goto(page.base_url + "/knowledge/guide/")
    page.get_by_test_id("guide-cause").filter(has_text="民间借贷纠纷").click()
    assert page.get_by_test_id("guide-element").count() == 5
    screenshot(page, "statutes-guide-phone")
    page.get_by_test_id("guide-articles").get_by_role("link").first.click()
    assert page.get_by_test_id("article").get_attribute("data-address") == "民法典/第六百六十七条"

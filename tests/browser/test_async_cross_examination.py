"""An asynchronous evidence round (异步质证) in two browsers: the judge opens it from the case's evidence, each side's
lawyer — in a Chromium context of their own — enters an opinion on every piece of the other side's evidence, the
judge ends the round, and the report PDF filed in the dossier lists every opinion (text extracted with pypdf)."""

from __future__ import annotations

import io

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from smartcourt.courts.tests.factories import PASSWORD
from smartcourt.dossier.selectors import document_content
from smartcourt.hearings.models import AsyncOpinion, AsyncRound
from smartcourt.hearings.tests.factories import build_async_world
from tests.browser.conftest import SCREENSHOTS, staff_sign_in
from tests.browser.conftest import screenshot_from_top as screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# what each lawyer says about each piece of the other side's evidence: (authenticity, legality, relevance, reason)
OPINIONS = {
    "原告证据1 借条": ("dispute", "accept", "accept", "借条落款笔迹并非被告所写"),
    "原告证据2 转账记录": ("accept", "accept", "dispute", "转账系归还此前另一笔借款"),
    "被告证据1 还款收据": ("accept", "accept", "accept", "收据属实但仅还款两万元"),
    "被告证据2 聊天记录": ("dispute", "dispute", "accept", "聊天记录经过删改且未经公证"),
}


def _lawyer_context(browser, live_server, user):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return context, page


def _give_opinions(page, url: str, titles: list[str]) -> None:  # type: ignore[no-untyped-def]
    for title in titles:
        page.goto(url)
        item = page.locator("[data-testid=async-item]", has_text=title)
        details = item.locator("details")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        authenticity, legality, relevance, reason = OPINIONS[title]
        form = item.locator("[data-testid=opinion-form]")
        for code, verdict in (("authenticity", authenticity), ("legality", legality), ("relevance", relevance)):
            form.locator(f"input[name={code}][value={verdict}]").check()
        disputed = [c for c, v in (("authenticity", authenticity), ("legality", legality), ("relevance", relevance))
                    if v == "dispute"]  # fmt: skip
        for code in disputed or ["authenticity"]:
            form.locator(f"textarea[name={code}_reason]").fill(reason)
        with page.expect_navigation():
            form.locator("[data-testid=opinion-submit]").click()
        assert "质证意见已提交" in page.inner_text(".sc-messages"), page.inner_text(".sc-messages")


def test_both_sides_enter_opinions_and_the_report_lists_every_one(page, browser, live_server) -> None:  # type: ignore[no-untyped-def]
    aw = build_async_world()
    judge = aw.world.a.judge
    device = TOTPDevice.objects.create(user=judge, confirmed=True)
    url = live_server.url + f"/hearings/cases/{aw.case.pk}/async/"

    staff_sign_in(page, judge, device)
    page.goto(url)
    page.wait_for_selector("[data-testid=async-open-form]")
    assert "第二十条" in page.inner_text("[data-testid=async-rule]")
    screenshot(page, "async-00-judge-before")
    with page.expect_navigation():
        page.click("[data-testid=async-open]")
    assert "已开启异步质证" in page.inner_text(".sc-messages")
    assert AsyncRound.objects.get().items.count() == 4

    ctx_d, page_d = _lawyer_context(browser, live_server, aw.lawyer_d)
    ctx_p, page_p = _lawyer_context(browser, live_server, aw.lawyer_p)
    try:
        page_d.goto(url)
        page_d.wait_for_selector("[data-testid=opinion-form]")
        screenshot(page_d, "async-01-defendant-lawyer")
        _give_opinions(page_d, url, ["原告证据1 借条", "原告证据2 转账记录"])
        _give_opinions(page_p, url, ["被告证据1 还款收据", "被告证据2 聊天记录"])
        page_p.goto(url)
        assert page_p.locator("[data-testid=async-disputed]").count() == 3
        screenshot(page_p, "async-02-plaintiff-lawyer-after")
    finally:
        ctx_d.close()
        ctx_p.close()
    assert AsyncOpinion.objects.count() == 4

    page.goto(url)
    with page.expect_navigation():
        page.click("[data-testid=async-close]")
    assert "质证报告已归入电子卷宗" in page.inner_text(".sc-messages")
    screenshot(page, "async-03-judge-closed")
    rnd = AsyncRound.objects.get()
    content = document_content(document_id=rnd.report_id).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).replace("\n", "")
    for title, (_a, _l, _r, reason) in OPINIONS.items():
        assert reason in text, reason
        assert title in text, title
    for name in (aw.plaintiff.person.name, aw.defendant.person.name):
        assert name in text
    assert text.count("争议，提交庭审") == 3
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "async-report.pdf").write_bytes(content)  # to look at (pdftoppm)

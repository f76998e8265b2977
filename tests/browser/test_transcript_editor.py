"""The transcript editor (庭审笔录) in two browsers: the clerk writes and it autosaves; a second writer (the judge, in
a context of their own) saves on the same revision, and the clerk's next save is refused with the Chinese message
and the newer text shown in place of the stale one. Then review, a signature on the court's pad, and the final PDF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.hearings.models import Transcript
from smartcourt.hearings.services import hearing_schedule
from smartcourt.hearings.tests.factories import at, booking, build_world
from smartcourt.legaltime.selectors import calendar_load
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _day():  # type: ignore[no-untyped-def]
    calendar = calendar_load()
    day = timezone.localdate() + timedelta(days=7)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def test_two_writers_cannot_overwrite_each_other_and_the_clerk_signs_on_the_pad(page, browser, live_server) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    day = _day()
    hearing = hearing_schedule(
        case=world.cases["a"], data=booking(world.a, at(day, 9), at(day, 11)), actor=world.a.judge
    ).hearing
    url = live_server.url + f"/hearings/{hearing.pk}/transcript/"
    staff_sign_in(page, world.a.clerk, TOTPDevice.objects.create(user=world.a.clerk, confirmed=True))
    page.goto(url)
    page.click("[data-testid=add-entry]")
    entry = page.locator("[data-testid=entry]").nth(0)
    entry.locator('[data-f="speaker"]').fill("审判长")
    entry.locator('[data-f="text"]').fill("现在开庭，核对当事人身份。")
    page.wait_for_selector("[data-testid=save-status]:has-text('已保存')")
    assert Transcript.objects.get().revision >= 1

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    judge_page = context.new_page()
    judge_page.set_default_timeout(20_000)
    try:
        staff_sign_in(judge_page, world.a.judge, TOTPDevice.objects.create(user=world.a.judge, confirmed=True),
                      base_url=live_server.url)  # fmt: skip
        judge_page.goto(url)
        judge_page.click("[data-testid=add-entry]")
        judge_entry = judge_page.locator("[data-testid=entry]").nth(1)
        judge_entry.locator('[data-f="speaker"]').fill("原告代理人")
        judge_entry.locator('[data-f="text"]').fill("原告坚持诉讼请求。")
        judge_page.click("[data-testid=save-now]")
        judge_page.wait_for_selector("[data-testid=save-status]:has-text('已保存')")
    finally:
        context.close()

    # the clerk, on the older revision, types again: refused, the newer text replaces the stale one
    entry.locator('[data-f="text"]').fill("现在开庭，核对当事人身份。（书记员补记）")
    page.click("[data-testid=save-now]")
    page.wait_for_selector("[data-testid=stale-alert]:not(.d-none)")
    assert "未保存" in page.inner_text("[data-testid=stale-alert]")
    assert page.locator("[data-testid=entry]").count() == 2
    assert page.locator("[data-testid=entry]").nth(1).locator('[data-f="text"]').input_value() == "原告坚持诉讼请求。"
    screenshot(page, "transcript-01-stale")

    # review, a pad signature by the defendant at court, the final PDF
    page.goto(url)
    with page.expect_navigation():
        page.click("[data-testid=transcript-review]")
    page.select_option("#sign-participant", index=0)
    box = page.locator("[data-testid=sign-pad]").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(box["x"] + 20 + i * 25, box["y"] + 40 + (i % 3) * 25)
    page.mouse.up()
    screenshot(page, "transcript-02-review")
    with page.expect_navigation():
        page.click("[data-testid=sign-submit]")
    assert "已签名" in page.inner_text(".sc-messages")
    with page.expect_navigation():
        page.click("[data-testid=transcript-finalise]")
    assert "笔录已定稿" in page.inner_text(".sc-messages")
    t = Transcript.objects.get()
    assert t.state == "final" and t.final_document_id and t.signatures.filter(method="pad").exists()
    screenshot(page, "transcript-03-final")

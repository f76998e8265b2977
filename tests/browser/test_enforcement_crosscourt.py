"""Cross-court enforcement in the browser (ADR 0043): the case's officer hands a designated case over, the receiving
court's head acknowledges it and names the officer, who sends a task to a grid worker; the worker (on a phone)
lands on the task, reports back with a photo, and the officer sees the report on the case page."""

from __future__ import annotations

import io

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.enforcement import services_crosscourt as S
from smartcourt.enforcement.models import AssistanceTask, CrossCourt
from smartcourt.enforcement.tests.test_crosscourt import build
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.click(selector)


def _png(path) -> str:  # type: ignore[no-untyped-def]
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 200)).save(buf, format="PNG")
    path.write_bytes(buf.getvalue())
    return str(path)


def test_handover_acknowledged_then_a_grid_worker_reports_with_a_photo(browser, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = build()
    devices = {
        u.pk: TOTPDevice.objects.create(user=u, confirmed=True) for u in (p.a_officer, p.b_head, p.b_officer, p.worker)
    }
    cc = S.designation_decide(
        file=p.file, actor=p.president, designating_court=p.city, to_court=p.b, kind="designated",
        ground="long_pending", reason="被执行人及其财产均在乙区",
    )  # fmt: skip

    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    staff_sign_in(page, p.a_officer, devices[p.a_officer.pk], base_url=live_server.url)
    page.goto(f"{live_server.url}/enforcement/{p.file.pk}/")
    page.fill("[data-testid=crosscourt] input[name=note]", "电子卷宗与案款账户一并移交")
    _submit(page, "[data-testid=handover]")
    assert "已移交" in page.inner_text(".sc-messages .alert")
    ctx.close()

    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    staff_sign_in(page, p.b_head, devices[p.b_head.pk], base_url=live_server.url)
    page.goto(f"{live_server.url}/enforcement/crosscourt/")
    _submit(page, f"[data-testid=handover-{cc.pk}]")
    page.select_option("[data-testid=ack-form] select[name=officer]", str(p.b_officer.pk))
    page.fill("[data-testid=ack-form] input[name=note]", "已核对")
    _submit(page, "[data-testid=acknowledge]")
    assert "已确认接收" in page.inner_text(".sc-messages .alert")
    screenshot(page, "enforcement-crosscourt-01-handover-acknowledged")
    ctx.close()
    assert CrossCourt.objects.get().state == CrossCourt.State.ACTIVE

    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    staff_sign_in(page, p.b_officer, devices[p.b_officer.pk], base_url=live_server.url)
    page.goto(f"{live_server.url}/enforcement/{p.file.pk}/")
    page.click("[data-testid=assign-form] summary")
    page.select_option("[data-testid=assign-form] select[name=worker]", str(p.worker.pk))
    page.select_option("[data-testid=assign-form] select[name=kind]", "verify_address")
    page.fill("[data-testid=assign-form] input[name=address]", "某村三组12号")
    _submit(page, "[data-testid=assign-task]")
    assert "已发出协助执行任务" in page.inner_text(".sc-messages .alert")
    task = AssistanceTask.objects.get()

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    wpage = phone.new_page()
    wpage.set_default_timeout(15_000)
    staff_sign_in(wpage, p.worker, devices[p.worker.pk], base_url=live_server.url)
    wpage.goto(live_server.url + "/")
    _submit(wpage, f"[data-panel=enforcement_assistance] a[href='/enforcement/assistance/{task.pk}/']")
    wpage.select_option("select[name=outcome]", "done")
    wpage.fill("textarea[name=note]", "地址属实，被执行人在家")
    wpage.set_input_files("input[name=photo]", _png(tmp_path / "scene.png"))
    _submit(wpage, "[data-testid=submit-report]")
    assert "已反馈" in wpage.inner_text(".sc-messages .alert")
    screenshot(wpage, "enforcement-crosscourt-02-worker-reported-phone")
    phone.close()

    page.goto(f"{live_server.url}/enforcement/{p.file.pk}/")
    assert "地址属实" in page.inner_text(f"[data-testid=task-{task.pk}]")
    assert "乙区人民法院" in page.inner_text("[data-testid=timeline]")
    screenshot(page, "enforcement-crosscourt-03-case-page")
    ctx.close()

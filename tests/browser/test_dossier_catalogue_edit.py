"""A clerk renames a catalogue entry on the dossier viewer while a scanned page waits for OCR; when OCR finishes, the
open viewer reloads itself (htmx polling, no inline script). A party's copy of a judgment stays 证据."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.models import Case, CaseEvent
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.dossier import services
from smartcourt.dossier.models import DossierDocument
from smartcourt.dossier.tests import samples
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _Line:
    def __init__(self, text: str, n: int) -> None:
        self.text, self.box, self.confidence = text, (10, 10 + 40 * n, 600, 40 + 40 * n), 0.95


class _Read:
    engine = "test-ocr"

    def __init__(self, text: str, image) -> None:  # type: ignore[no-untyped-def]
        self.lines = [_Line(t, n) for n, t in enumerate(text.splitlines())]
        self.width, self.height = image.width, image.height


def test_clerk_renames_an_entry_and_the_viewer_follows_ocr(page, settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # the worker is elsewhere: OCR waits until this test runs it, as a real worker would, minutes later
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "ocr"]}}
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    division = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    clerk = user_with_role(Role.CLERK, court, division, full_name="吴佳怡")
    device = TOTPDevice.objects.create(user=clerk, confirmed=True)
    case = make_case(court=court, division=division, judge=judge, plaintiff="刘小红", defendant="王大明")
    Case.objects.filter(pk=case.pk).update(clerk=clerk)
    services.dossier_document_add(
        case=case, title="民事起诉状", category="complaint", source="filing", actor=SYSTEM, filename="起诉状.pdf",
        content=samples.text_pdf("民事起诉状", ["原告：刘小红", "被告：王大明", "诉讼请求：判令被告归还借款五万元。"]),
    )  # fmt: skip
    services.dossier_document_add(
        case=case, title="前案判决书", source="filing", actor=SYSTEM, filename="判决书.pdf", submitted_by_party=True,
        content=samples.text_pdf("民事判决书", ["本院认为，借贷关系成立。", "判决如下：", "审判长 张三"]),
    )  # fmt: skip
    scan = services.dossier_document_add(
        case=case, title="扫描件0003", source="scan", actor=clerk, filename="扫描件0003.png",
        content=samples.page_png("借款合同", ["甲方：刘小红", "乙方：王大明", "借款金额：伍万元整"], dpi=150),
    )  # fmt: skip
    assert scan.ocr_state == "pending"

    staff_sign_in(page, clerk, device)
    page.goto(page.base_url + f"/dossier/cases/{case.pk}/")
    page.wait_for_selector("[data-testid=page-stage][data-loaded='1']")
    assert "1 页待文字识别" in page.inner_text("[data-testid=ocr-pending]")
    screenshot(page, "dossier-catalogue-01-ocr-pending")

    item = page.locator("[data-testid=catalogue-item]").filter(has_text="扫描件0003")
    item.locator("[data-testid=catalogue-edit] summary").click()
    item.locator("[data-testid=rename-title]").fill("借款合同（原件扫描）")
    screenshot(page, "dossier-catalogue-02-rename-form")
    with page.expect_navigation():
        item.locator("[data-testid=rename-save]").click()
    assert "已更名为“借款合同（原件扫描）”" in page.inner_text(".sc-messages .alert")
    titles = page.locator("[data-testid=catalogue-item] .sc-cat-title").all_inner_texts()
    assert "借款合同（原件扫描）" in titles and "扫描件0003" not in titles
    assert CaseEvent.objects.filter(case=case, type="dossier.document_renamed").count() == 1
    page.wait_for_selector("[data-testid=page-stage][data-loaded='1']")
    screenshot(page, "dossier-catalogue-03-renamed")

    # The worker reads the page; the open viewer notices on its next poll and reloads itself.
    monkeypatch.setattr(services, "_recognise", lambda image: _Read("借款合同\n甲方：刘小红\n乙方：王大明", image))
    services.dossier_page_ocr(page_id=scan.pages.get().pk)
    page.wait_for_selector("[data-testid=ocr-pending]", state="detached", timeout=20_000)
    page.wait_for_selector("[data-testid=page-stage][data-loaded='1']")
    evidence = page.locator("[data-testid=catalogue-item]").filter(has_text="前案判决书")
    assert evidence.locator("[data-testid=category]").inner_text() == "证据"
    evidence.locator("[data-testid=catalogue-edit] summary").click()
    assert "当事人提交的证据材料" in evidence.locator("[data-testid=category-reasons]").inner_text()
    assert DossierDocument.objects.get(pk=scan.pk).ocr_state == "done"
    screenshot(page, "dossier-catalogue-04-ocr-done-reloaded")

"""A clerk uploads a scanned bundle, sees it OCR'd and catalogued, fixes one document's category in the review
queue, exports the whole file as one PDF; the public verify page confirms the exported PDF's hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import PASSWORD, CourtFactory, DivisionFactory, user_with_role
from smartcourt.dossier.models import CatalogueCorrection, DossierDocument, DossierExport
from smartcourt.dossier.tests import samples
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OCR_DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ocr-dev"


def _bundle(tmp_path: Path) -> tuple[list[Path], str]:  # the files, and a term printed on two of them
    """Scanner output: a two-page PDF of page images (a summons), a PNG (a proof of service), and a scanned
    statement with no standard title (which the classifier cannot place with confidence)."""
    if (OCR_DEV / "08.png").exists():
        summons, proof = (OCR_DEV / "08.png").read_bytes(), (OCR_DEV / "09.png").read_bytes()
    else:  # the product's own rendering, scanned at 200 dpi
        summons = samples.page_png("传票", ["案由 借款合同纠纷", "被传唤人 孙兰敏", "传唤事由 开庭",
                                            "应到时间 2026年12月20日9时", "应到处所 第三审判庭"], dpi=200)  # fmt: skip
        proof = samples.page_png("送达回证", ["案由 借款合同纠纷", "受送达人 孙兰敏", "送达方式 直接送达"], dpi=200)
    statement = samples.page_png(
        "情况说明", ["关于本案款项支付情况说明如下：我方已支付部分款项。", "特此说明。"], dpi=200
    )
    files = {
        "扫描件-001.pdf": samples.scanned_pdf([summons, samples.page_png("", ["（本页无正文）"], dpi=200)]),
        "扫描件-002.png": proof,
        "扫描件-003.pdf": samples.scanned_pdf([statement]),
    }
    paths = []
    for filename, content in files.items():
        path = tmp_path / filename
        path.write_bytes(content)
        paths.append(path)
    return paths, "案由"  # printed on both the summons and the proof of service


def test_clerk_scans_catalogues_corrects_exports_and_the_public_verifies(
    page, browser, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    division = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    clerk = user_with_role(Role.CLERK, court, division, full_name="吴佳怡")
    device = TOTPDevice.objects.create(user=clerk, confirmed=True)
    case = make_case(court=court, division=division, judge=judge, plaintiff="杭州远景餐饮管理有限公司",
                     defendant="孙兰敏")  # fmt: skip
    Case.objects.filter(pk=case.pk).update(clerk=clerk)
    paths, name = _bundle(tmp_path)

    staff_sign_in(page, clerk, device)
    page.click("nav >> text=扫描归档")
    page.wait_for_selector("[data-testid=scanning-cases]")
    screenshot(page, "dossier-01-scanning-desk")
    page.click("[data-testid=scanning-open]")
    page.set_input_files("[data-testid=scan-files]", [str(p) for p in paths])
    screenshot(page, "dossier-02-scan-upload")
    page.set_default_timeout(240_000)  # real OCR of four pages runs inline with the test task backend
    with page.expect_navigation():
        page.click("[data-testid=scan-submit]")
    page.set_default_timeout(15_000)

    # OCR'd and catalogued: the summons and the proof of service placed in volume order, the statement flagged.
    page.wait_for_selector("[data-testid=catalogue]")
    assert "已归档3份扫描文件" in page.inner_text(".sc-messages .alert")
    assert page.locator("[data-testid=ocr-pending]").count() == 0
    categories = page.locator("[data-testid=catalogue-item] [data-testid=category]").all_inner_texts()
    assert categories[:2] == ["传票", "送达回证"], categories
    page.wait_for_selector("[data-testid=page-canvas]")
    page.fill("[data-testid=dossier-search]", name)
    page.click("[data-testid=search-form] button")
    page.wait_for_selector("[data-testid=search-hit]")
    hits = page.locator("[data-testid=search-hit]")
    assert hits.count() >= 2  # on the summons and on the proof of service
    last = hits.last.get_attribute("data-page")
    hits.last.click()
    page.wait_for_selector(f"[data-testid=page-stage][data-loaded='{last}']")
    screenshot(page, "dossier-03-viewer-catalogued-search")

    # The review queue: the statement is not a standard document; the clerk files it as evidence.
    page.click("nav >> text=编目审核")
    item = page.locator("[data-testid=review-item]").filter(has_text="扫描件-003")
    assert item.count() == 1
    screenshot(page, "dossier-04-review-queue")
    item.locator("[data-testid=review-category]").select_option("evidence")
    item.locator("[data-testid=review-save]").click()
    page.wait_for_selector(".sc-messages .alert")
    assert "已编为“证据”" in page.inner_text(".sc-messages .alert")
    doc = DossierDocument.objects.get(case=case, title="扫描件-003")
    assert doc.category == "evidence" and CatalogueCorrection.objects.filter(document=doc, actor=clerk).exists()

    # Export the whole file; the download's SHA-256 is the one the court anchored.
    page.goto(page.base_url + f"/dossier/cases/{case.pk}/")
    page.click("[data-testid=export]")
    page.wait_for_selector("[data-testid=export-row]")
    page.wait_for_selector("[data-testid=page-stage][data-loaded='1']")
    shown = page.inner_text("[data-testid=export-sha]").strip()
    export = DossierExport.objects.get(case=case)
    assert shown == export.sha256
    with page.expect_download() as download_info:
        page.click("[data-testid=export-download]")
    downloaded = Path(download_info.value.path()).read_bytes()
    assert hashlib.sha256(downloaded).hexdigest() == export.sha256 and downloaded.startswith(b"%PDF")
    (tmp_path / "export.pdf").write_bytes(downloaded)
    screenshot(page, "dossier-05-exported")

    # Anyone can check it on the public verify page (a fresh browser, not signed in).
    public = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    visitor = public.new_page()
    visitor.goto(live_server.url + f"/ledger/verify/?sha256={export.sha256}")
    result = visitor.wait_for_selector("[data-testid=ledger-result]")
    assert result.get_attribute("data-status") == "recorded", visitor.inner_text("[data-testid=ledger-result]")
    assert "已存证" in visitor.inner_text("[data-testid=ledger-verdict]")
    screenshot(visitor, "dossier-06-public-verify-phone")
    public.close()

    # A page read online: the clerk downloads the page shown and checks that very file on the verify page.
    page.click("[data-testid=catalogue-item] >> nth=1 >> .sc-cat-link")
    page.wait_for_selector("[data-testid=page-stage][data-loaded='2']")
    with page.expect_download() as page_download:
        page.click("[data-testid=page-download]")
    page_bytes = Path(page_download.value.path()).read_bytes()
    page.click("[data-testid=page-verify]")
    result = page.wait_for_selector("[data-testid=ledger-result]")
    assert result.get_attribute("data-status") == "recorded"
    assert hashlib.sha256(page_bytes).hexdigest() in page.inner_text("[data-testid=ledger-result]")
    assert "dossier.page" in page.inner_text("[data-testid=ledger-result]")
    screenshot(page, "dossier-08-page-verified")


def test_lawyer_reads_the_dossier_on_a_phone(phone_page, settings, tmp_path):
    from smartcourt.cases.models import CaseParty, Representation
    from smartcourt.core.models import AuditLog
    from smartcourt.dossier.services import dossier_document_add

    settings.MEDIA_ROOT = str(tmp_path / "media")
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508")
    lawyer = user_with_role(Role.LAWYER, court, full_name="杨律明")
    case = make_case(court=court, plaintiff="刘小红")
    Representation.objects.create(party=CaseParty.objects.get(case=case, role="plaintiff"), kind="lawyer",
                                  name="杨律明", user=lawyer)  # fmt: skip
    for title, cat in (("民事判决书", "judgment"), ("民事起诉状", "complaint")):
        dossier_document_add(case=case, title=title, category=cat, source="generated", actor=SYSTEM,
                             content=samples.text_pdf(title, ["原告刘小红诉被告借款合同纠纷一案。"] * 6),
                             filename=f"{title}.pdf")  # fmt: skip
    page = phone_page
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", lawyer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(page.base_url + f"/cases/{case.pk}/?tab=documents")
    page.click("[data-testid=dossier-link]")
    page.wait_for_selector("[data-testid=page-stage][data-loaded='1']")
    titles = page.locator("[data-testid=catalogue-item] .sc-cat-title").all_inner_texts()
    assert titles == ["民事起诉状", "民事判决书"]
    screenshot(page, "dossier-07-lawyer-phone")
    assert AuditLog.objects.filter(actor=lawyer, kind="read", action="dossier.page_read").exists()

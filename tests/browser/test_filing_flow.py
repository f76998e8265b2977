"""On a phone: a party registers, files a case with two evidence files; the filing officer asks for a correction,
the party corrects, the officer accepts; the case number shows in the party's cases and the fee notice is shown."""

from __future__ import annotations

import io

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.models import CauseOfAction
from smartcourt.core.tests.intake import samples
from smartcourt.courts.roles import CourtLevel, DivisionKind, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.filing.models import Filing
from smartcourt.portal import services as portal_services
from smartcourt.portal.models import LitigantAccount
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTY_PASSWORD = "Litigant-Pass-2025"
PARTY_ID = "320508199512120019"


def _one_page_pdf() -> bytes:
    """A real one-page PDF: the filing refuses PDFs it cannot open (a dossier must be able to file them)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "evidence copy")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


PDF = _one_page_pdf()
# real photos: filing reads an image's header (its announced size: decompression bombs are refused at upload)
JPEG = samples.jpeg()
PNG = samples.png(400, 300)


def _court() -> tuple:  # type: ignore[type-arg]
    parent = CourtFactory(name="苏州市中级人民法院", code="苏05", level=CourtLevel.INTERMEDIATE, region="苏州市")
    court = CourtFactory(
        name="苏州市姑苏区人民法院", short_name="姑苏法院", code="苏0508", parent=parent, region="苏州市姑苏区"
    )
    CourtFactory(name="昆山市人民法院", code="苏0583", parent=parent, region="昆山市")
    division = DivisionFactory(court=court, name="民事审判第一庭", kind=DivisionKind.CIVIL)
    user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    officer = user_with_role(Role.FILING_OFFICER, court, full_name="孙立平")
    device = TOTPDevice.objects.create(user=officer, confirmed=True)
    root = CauseOfAction.objects.create(kind="civil", code="9", name="合同纠纷", level=1, selectable=False)
    CauseOfAction.objects.create(kind="civil", code="9-1", name="民间借贷纠纷", level=2, parent=root)
    CauseOfAction.objects.create(kind="civil", code="9-2", name="买卖合同纠纷", level=2, parent=root)
    return court, officer, device


def _officer_page(browser, live_server, officer, device):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    staff_sign_in(page, officer, device, base_url=live_server.url)
    return context, page


def _next(page) -> None:  # type: ignore[no-untyped-def]
    page.click("[data-testid=next]")
    page.wait_for_load_state()


def test_party_files_on_a_phone_officer_corrects_then_accepts(phone_page, browser, live_server) -> None:  # type: ignore[no-untyped-def]
    _, officer, device = _court()
    page = phone_page

    # Register as a party and submit real-name data (在线诉讼规则 Art. 7).
    page.goto(page.base_url + "/portal/register/")
    page.fill("#id_full_name", "赵小明")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_password", PARTY_PASSWORD)
    page.fill("#id_password2", PARTY_PASSWORD)
    page.check("#id_agree")
    # the court by its code: the list's order is the courts' materialised paths, which compare as text ("/10/" sorts
    # before "/9/"), so which court comes first depends on the ids this run's database handed out
    page.select_option("#id_court", "苏0508")
    screenshot(page, "filing-01-register-phone")
    page.click("[data-testid=register]")
    # The same answer for a new number and a known one (ADR 0017): the litigants' sign-in (/login/, the front door's
    # entrance for parties), then sign in with the number just registered.
    page.wait_for_selector("[data-testid=litigant-login]")
    assert "/login/?next=%2Fportal%2Fverify%2F" in page.url and "/accounts/" not in page.url
    assert "注册申请已提交" in page.inner_text(".sc-messages")
    page.fill("#id_username", "13912345678")
    page.fill("#id_password", PARTY_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=verify-state]")
    page.fill("[data-testid=id-number]", PARTY_ID)
    page.set_input_files(
        "[data-testid=id-photo]", files=[{"name": "身份证.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    page.click("[data-testid=verify-submit]")
    assert "待人工审核" in page.inner_text("[data-testid=verify-state]")
    account = LitigantAccount.objects.get(user__username="13912345678")
    portal_services.identity_review(account=account, actor=officer, approve=True)  # the counter approves the photo

    # The wizard.
    page.goto(page.base_url + "/filing/new/")
    page.check("[data-testid=consent]")
    screenshot(page, "filing-02-start-phone")
    page.click("[data-testid=start]")
    page.wait_for_selector("[data-step=basics]")
    page.select_option("[data-testid=cause]", label="民间借贷纠纷")
    screenshot(page, "filing-03-cause-phone")
    _next(page)
    page.wait_for_selector("[data-step=parties]")
    assert page.input_value("[data-testid=party-0-id]") == PARTY_ID  # pre-filled from the verified account
    page.fill("#p0-addr", "苏州市姑苏区人民路1188号")
    page.fill("#p1-name", "王大明")
    page.fill("#p1-addr", "苏州市姑苏区干将路8号")
    screenshot(page, "filing-04-parties-phone")
    _next(page)
    page.wait_for_selector("[data-step=claims]")
    page.fill("#c0-text", "判令被告归还借款本金50000元")
    page.fill("[data-testid=claim-0-amount]", "50000")
    page.fill("#c1-text", "判令被告承担本案诉讼费用")
    screenshot(page, "filing-05-claims-phone")
    _next(page)
    page.wait_for_selector("[data-step=court]")
    assert "苏州市姑苏区人民法院" in page.inner_text("[data-testid=court-suggestion]")
    screenshot(page, "filing-06-court-phone")
    _next(page)
    page.wait_for_selector("[data-step=facts]")
    page.fill(
        "[data-testid=facts]",
        "2024年3月1日，被告因资金周转向原告借款50000元，约定同年9月1日前归还。到期后原告多次催要，被告至今未还。",
    )
    _next(page)
    page.wait_for_selector("[data-step=evidence]")
    for title, name, mime, data in (
        ("借条", "借条.pdf", "application/pdf", PDF),
        ("转账记录", "转账记录.png", "image/png", PNG),
    ):
        page.fill("#id_title", title)
        page.fill("#id_source", "原告持有")
        page.set_input_files("[data-testid=evidence-file]", files=[{"name": name, "mimeType": mime, "buffer": data}])
        page.click("[data-testid=upload]")
        page.wait_for_selector(f"[data-testid=evidence-item]:has-text('{title}')")
    assert page.locator("[data-testid=evidence-item]").count() == 2
    screenshot(page, "filing-07-evidence-phone")
    page.click("[data-testid=next]")
    page.wait_for_selector("[data-step=preview]")
    page.fill("[data-testid=signature]", "赵小明")
    page.check("[data-testid=confirm]")
    screenshot(page, "filing-08-preview-phone")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=submitted]")
    screenshot(page, "filing-09-submitted-phone")
    filing = Filing.objects.get()
    assert filing.state == "submitted" and filing.evidence.count() == 2

    # The filing officer asks for one consolidated correction.
    context, officer_page = _officer_page(browser, live_server, officer, device)
    officer_page.goto(live_server.url + "/filing/review/")
    assert filing.reference in officer_page.inner_text("[data-testid=review-queue]")
    screenshot(officer_page, "filing-10-review-queue")
    officer_page.click("[data-testid=review-open]")
    officer_page.check("#d-id_copy")
    officer_page.fill("[data-testid=correction-items]", "请补充被告的身份证号码")
    officer_page.click("[data-testid=request-correction]")
    officer_page.wait_for_selector("[data-testid=review-title]")

    # The party corrects and resubmits; the clock restarts.
    page.goto(page.base_url + f"/portal/filings/{filing.pk}/")
    notice = page.inner_text("[data-testid=correction-notice]")
    assert "身份证" in notice and "请补充被告的身份证号码" in notice
    screenshot(page, "filing-11-correction-phone")
    page.click("[data-testid=start-correction]")
    page.wait_for_selector("[data-step=parties]")
    page.fill("[data-testid=party-1-id]", "320508199001010010")
    _next(page)
    page.goto(page.base_url + f"/filing/{filing.pk}/step/evidence/")
    page.fill("#id_title", "身份证复印件")
    page.set_input_files(
        "[data-testid=evidence-file]", files=[{"name": "身份证.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=evidence-item]:has-text('身份证复印件')")
    page.click("[data-testid=next]")
    page.wait_for_selector("[data-step=preview]")
    page.fill("[data-testid=signature]", "赵小明")
    page.check("[data-testid=confirm]")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=submitted]")
    filing.refresh_from_db()
    assert filing.state == "submitted" and filing.events.filter(type="filing.resubmitted").exists()
    assert filing.parties.get(role="plaintiff").id_number == PARTY_ID
    assert filing.parties.get(role="defendant").id_number == "320508199001010010"

    # The officer accepts: case number, random assignment, fee notice.
    officer_page.goto(live_server.url + f"/filing/review/{filing.pk}/")
    screenshot(officer_page, "filing-12-review-detail")
    officer_page.click("[data-testid=accept]")
    officer_page.wait_for_selector("[data-testid=review-title]")
    filing.refresh_from_db()
    assert filing.case is not None
    context.close()

    page.goto(page.base_url + "/portal/cases/")
    assert page.inner_text("[data-testid=case-number]") == filing.case.number
    screenshot(page, "filing-13-my-cases-phone")
    page.goto(page.base_url + f"/portal/filings/{filing.pk}/")
    assert page.inner_text("[data-testid=case-number]") == filing.case.number
    fee = page.inner_text("[data-testid=fee-notice]")
    assert "交纳诉讼费用通知书" in fee and "¥ 1050.00" in fee and "第二十二条" in fee
    screenshot(page, "filing-14-fee-notice-phone")

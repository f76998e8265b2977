"""Paper custody in a browser: the file-room keeper registers a bundle and prints its QR label; a clerk on a phone
opens the bundle's scan page (where the QR code leads) and checks it out to the judge; the where-is list shows it
borrowed."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.dossier.custody import services
from smartcourt.dossier.custody.models import BundleStatus, PaperBundle
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():  # type: ignore[no-untyped-def]
    court = CourtFactory(name="苏州市姑苏区人民法院", short_name="姑苏法院", code="苏0508")
    division = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    clerk = user_with_role(Role.CLERK, court, division, full_name="吴佳怡")
    keeper = user_with_role(Role.TRIAL_MANAGEMENT, court, full_name="冯丽娟")
    case = make_case(court=court, division=division, judge=judge, plaintiff="王小芳", defendant="苏州恒信贸易有限公司")
    Case.objects.filter(pk=case.pk).update(clerk=clerk)
    services.locker_create(court=court, unit="A01", cells=12, site="诉讼服务中心一楼", actor=keeper)
    devices = {u.pk: TOTPDevice.objects.create(user=u, confirmed=True) for u in (clerk, keeper)}
    return court, case, judge, clerk, keeper, devices


def test_keeper_prints_labels_clerk_checks_out_on_a_phone(page, phone_page) -> None:  # type: ignore[no-untyped-def]
    _court, case, judge, clerk, keeper, devices = _world()

    # The keeper registers the party's originals handed in at the counter.
    staff_sign_in(page, keeper, devices[keeper.pk])
    page.click("nav >> text=纸质卷宗")
    page.wait_for_selector("[data-testid=pf-title]")
    page.click("[data-testid=pf-register]")
    page.fill("#id_case_number", case.number)
    page.select_option("#id_kind", "originals")
    page.fill("#id_title", "原告提交的证据原件")
    page.fill("#id_pages", "36")
    page.fill("#id_received_from", "王小芳")
    screenshot(page, "paper-01-register-desktop")
    page.click("[data-testid=pf-register-submit]")
    page.wait_for_selector("[data-testid=pf-bundle-title]")
    bundle = PaperBundle.objects.get()
    assert bundle.status == BundleStatus.REGISTERED
    # … puts it into the first free locker cell …
    page.select_option("[data-testid=pf-location]", label="云柜 A01 号柜 01 格 · 诉讼服务中心一楼")
    page.click("[data-testid=pf-checkin]")
    page.wait_for_selector("text=已存入")
    assert "云柜 A01 号柜 01 格" in page.inner_text("[data-testid=pf-where]")
    screenshot(page, "paper-02-detail-desktop")
    # … and prints the label sheet from the where-is list.
    page.click("nav >> text=纸质卷宗")
    page.check(f"[data-row={bundle.label_code}] input[type=checkbox]")
    screenshot(page, "paper-03-list-desktop")
    with page.context.expect_page() as popup_info:
        page.click("[data-testid=pf-print-labels]")
    popup = popup_info.value
    popup.wait_for_load_state()
    url = popup.url
    assert "/paper-files/labels.pdf" in url and f"id={bundle.pk}" in url
    pdf = page.request.get(url)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.body()))
    text = reader.pages[0].extract_text()
    assert case.number in text and "原告提交的证据原件" in text and len(reader.pages[0].images) == 1
    popup.close()

    # A clerk scans the label with the phone camera: it opens the bundle's scan page.
    phone = phone_page
    staff_sign_in(phone, clerk, devices[clerk.pk])
    phone.goto(phone.base_url + f"/paper-files/scan/{bundle.label_code}/")
    phone.wait_for_selector("[data-testid=pf-scan]")
    assert "云柜 A01 号柜 01 格" in phone.inner_text("[data-testid=pf-where]")
    screenshot(phone, "paper-04-scan-phone")
    box = phone.locator("[data-testid=pf-checkout]").bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 300  # a big thumb-sized button
    phone.select_option("[data-testid=pf-handed-to]", str(judge.pk))
    phone.fill("[data-testid=pf-due-on]", (timezone.localdate() + timedelta(days=10)).isoformat())
    phone.click("[data-testid=pf-checkout]")
    phone.wait_for_selector("text=已取出交 陈建国")
    assert "在借阅人处：陈建国" in phone.inner_text("[data-testid=pf-where]")
    screenshot(phone, "paper-05-scan-after-checkout-phone")
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.BORROWED and bundle.holder == judge and bundle.locker_cell is None

    # The where-is list shows it borrowed, with the judge as holder.
    page.goto(page.base_url + "/paper-files/?status=borrowed")
    row = page.locator(f"[data-row={bundle.label_code}]")
    assert "借出" in row.inner_text() and "陈建国" in row.inner_text()
    screenshot(page, "paper-06-list-borrowed-desktop")
    phone.goto(phone.base_url + "/paper-files/")
    card = phone.locator(f"[data-testid=pf-cards] [data-label={bundle.label_code}]")
    assert card.is_visible() and "借出" in card.inner_text() and "陈建国" in card.inner_text()
    screenshot(phone, "paper-07-list-phone")
    page.goto(page.base_url + "/paper-files/locations/")
    screenshot(page, "paper-08-locations-desktop")

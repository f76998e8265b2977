"""The filing officer opens 实名认证审核 from the menu: only their court's applicants, ID numbers masked; the
applicant's page shows the full number and the ID photo (served by the permission-checked view); approving removes
the applicant from the queue."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.tests.factories import CourtFactory, user_with_role
from smartcourt.demo.portal import applicants_seed
from smartcourt.portal.models import LitigantAccount
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_verifies_an_applicant_of_their_court(page) -> None:  # type: ignore[no-untyped-def]
    parent = CourtFactory(name="苏州市中级人民法院", code="苏05", level=CourtLevel.INTERMEDIATE, region="苏州市")
    court = CourtFactory(
        name="苏州市姑苏区人民法院", short_name="姑苏法院", code="苏0508", parent=parent, region="苏州市姑苏区"
    )
    other = CourtFactory(name="昆山市人民法院", short_name="昆山法院", code="苏0583", parent=parent, region="昆山市")
    officer = user_with_role(Role.FILING_OFFICER, court, full_name="孙立平")
    device = TOTPDevice.objects.create(user=officer, confirmed=True)
    applicants_seed(courts=[court, other], per_court=3, seed=7)
    mine = list(LitigantAccount.objects.filter(court=court).select_related("user").order_by("updated_at", "id"))
    theirs = list(LitigantAccount.objects.filter(court=other).select_related("user"))

    staff_sign_in(page, officer, device)
    page.click("nav >> text=实名认证审核")
    page.wait_for_selector("[data-testid=verification-queue]")
    rows = page.locator("[data-testid=verification-item]")
    assert rows.count() == 3
    text = page.inner_text("[data-testid=verification-queue]")
    for account in mine:
        assert account.user.full_name in text and account.id_number not in text
        assert f"{account.id_number[:4]}**********{account.id_number[-4:]}" in text
    for account in theirs:
        assert account.user.full_name not in text
    screenshot(page, "identity-queue")

    page.click("[data-testid=verification-open] >> nth=0")
    page.wait_for_selector("[data-testid=verification-detail]")
    assert mine[0].id_number in page.inner_text("[data-testid=id-number]")
    # The ID photo loads from its permission-checked view (polled from here: the page's CSP forbids the string
    # evaluation wait_for_function would need).
    for _ in range(300):
        if page.eval_on_selector("[data-testid=id-photo]", "img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the ID photo did not load")
    screenshot(page, "identity-detail")
    page.click("[data-testid=approve]")
    page.wait_for_selector("[data-testid=verification-queue]")
    assert page.locator("[data-testid=verification-item]").count() == 2
    mine[0].refresh_from_db()
    assert mine[0].state == LitigantAccount.State.VERIFIED and mine[0].reviewed_by == officer

"""Publication in the browser: an effective criminal judgment opened through `publication_open`; the judge finds it
on the workbench, reads the original beside the anonymised text, confirms and publishes; anyone then finds it on
the portal by its words, reads it with the victim as 商某 and the defendant's name kept, and follows the ledger link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.portal.publication.services import PublicationSource, RegistryParty, publication_open
from tests.browser.conftest import screenshot_from_top, staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "苏州市姑苏区人民法院\n刑事判决书\n"
    "被告人穆轩安，男，住江苏省苏州市姑苏区人民路100号3幢2单元501室。\n"
    "经审理查明，被告人穆轩安驾驶苏E·A1234小型轿车至被害人商龙兰（联系电话13282320165）经营的商店，窃得现金。"
    "证人窦萍的证言证实了上述事实。\n"
    "本院认为，被告人穆轩安的行为已构成盗窃罪。判决如下：\n被告人穆轩安犯盗窃罪，判处有期徒刑六个月。"
)


def test_judge_reviews_and_publishes_then_the_public_finds_it(page):  # type: ignore[no-untyped-def]
    inter = CourtFactory(name="苏州市中级人民法院", code="苏05", level=CourtLevel.INTERMEDIATE)
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508", parent=inter)
    division = DivisionFactory(court=court, name="刑事审判庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    device = TOTPDevice.objects.create(user=judge, confirmed=True)
    case = make_case(court=court, division=division, type_code="刑初", judge=judge)
    task = publication_open(
        PublicationSource(
            case_id=case.pk,
            court_id=court.pk,
            kind="judgment",
            title="刑事判决书",
            full_text=TEXT,
            effective_on=timezone.localdate() - timedelta(days=1),
            parties=(
                RegistryParty(name="穆轩安", role="被告人"),
                RegistryParty(name="商龙兰", role="被害人", phone="13282320165"),
                RegistryParty(name="窦萍", role="证人"),
            ),
        ),
        actor=SYSTEM,
    )

    staff_sign_in(page, judge, device)
    page.click("[data-testid=publication-panel] ~ ul a")
    page.wait_for_selector("[data-testid=publication-diff]")
    assert "商龙兰" in page.inner_text("[data-testid=diff-original]")
    right = page.inner_text("[data-testid=diff-anonymised]")
    assert "商某" in right and "窦某" in right and "穆轩安" in right and "13282320165" not in right
    assert page.locator("[data-testid=publish-button]").count() == 0  # not before the review
    screenshot_from_top(page, "publication-review")
    page.click("[data-testid=review-confirm]")
    page.wait_for_selector("[data-testid=publish-button]")
    page.click("[data-testid=publish-button]")
    page.wait_for_selector("[data-testid=publication-published]")

    page.goto(page.base_url + "/portal/judgments/?q=盗窃")
    page.click("[data-testid=judgment-hit] >> nth=0")
    page.wait_for_selector("[data-testid=judgment-text]")
    text = page.inner_text("[data-testid=judgment-text]")
    assert "商某" in text and "商龙兰" not in text and "人民路100号" not in text and "苏E·A1234" not in text
    assert "穆轩安" in text
    task.refresh_from_db()
    assert task.published_pdf_sha256 in page.inner_text("[data-testid=judgment-proof]")
    screenshot_from_top(page, "publication-judgment")
    page.click("[data-testid=judgment-verify]")
    page.wait_for_url(f"**/ledger/verify/?sha256={task.published_pdf_sha256}")

"""Pre-filing mediation in the browser: a party who filed online agrees to pre-filing mediation on their filing's page;
the filing officer registers it on the mediation track (诉前调); the mediator holds the session in the online room
(messages; the parties' offer and counter-offer); both parties sign the agreement; the applicant applies for
judicial confirmation; the guiding judge confirms it; the funnel dashboard counts it.

The online wizard itself is driven in test_filing_flow.py; here the complaint is written through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.courts.tests.factories import PASSWORD
from smartcourt.filing import services as filing_services
from smartcourt.filing.models import OnlineConsent
from smartcourt.filing.tests.online.helpers import submitted
from smartcourt.mediation import services
from smartcourt.mediation.models import Dispute
from smartcourt.mediation.tests.factories import mediation_world
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    return context, page


def _party_sign_in(page, user) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")


def test_party_agrees_mediator_holds_the_session_parties_sign_judge_confirms_funnel_counts(
    browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    m = mediation_world()
    m.village_mediator.body = m.county_body  # the county committee takes this one (the address names no village)
    m.village_mediator.save()
    filing = submitted(m.w)

    # 1. the party agrees to pre-filing mediation on their filing's page
    ctx, party = _context(browser, live_server)
    _party_sign_in(party, m.w.party)
    party.goto(party.base_url + f"/portal/filings/{filing.pk}/")
    party.click("[data-testid=agree-mediation]")
    party.wait_for_load_state()
    assert OnlineConsent.objects.filter(filing=filing, step="mediation", agreed=True).exists()

    # 2. the filing officer registers it on the mediation track (the review page is driven in test_filing_flow.py)
    case = filing_services.filing_accept(
        filing=filing, actor=m.w.officer, track="mediation", override_reason="当事人同意诉前调解"
    )
    dispute = Dispute.objects.filter(pre_case=case).first() or services.dispute_from_filing(
        filing_id=filing.pk, case_id=case.pk
    )
    assert dispute is not None and dispute.number == case.number
    assert dispute.mediator.user == m.mediator_user

    # 3. the mediator opens the room and writes to the parties
    mctx, mediator = _context(browser, live_server)
    device = TOTPDevice.objects.create(user=m.mediator_user, confirmed=True)
    staff_sign_in(mediator, m.mediator_user, device)
    mediator.goto(mediator.base_url + "/mediation/")
    mediator.click(f"text={dispute.number}")
    mediator.fill("textarea[name=body]", "双方好，请各自提出调解方案。")
    mediator.click("[data-testid=send-message]")
    mediator.wait_for_selector("text=双方好，请各自提出调解方案。")
    screenshot(mediator, "mediation-room-mediator")

    # 4. the applicant offers, the respondent counters, the applicant accepts; both sign
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    # the respondent filed nothing: their account is linked to their party row here (an invitation flow for the
    # other side is not built yet)
    dispute.parties.filter(side="respondent").update(user=m.respondent_user)
    party.goto(party.base_url + f"/mediation/{dispute.pk}/")
    party.fill("#amount", "50000")
    party.fill("#first_due_on", due)
    party.click("[data-testid=make-offer]")
    party.wait_for_selector("text=调解方案已提出")
    rctx, respondent = _context(browser, live_server)
    _party_sign_in(respondent, m.respondent_user)
    respondent.goto(respondent.base_url + f"/mediation/{dispute.pk}/")
    respondent.fill("#amount", "45000")
    respondent.fill("#instalments", "3")
    respondent.fill("#first_due_on", due)
    respondent.click("[data-testid=make-offer]")
    respondent.wait_for_selector("text=调解方案已提出")
    party.reload()
    party.click("[data-testid=accept-offer]")
    party.wait_for_selector("[data-testid=agreement]")
    party.fill("#sign-name", "刘小红")
    party.click("[data-testid=sign]")
    party.wait_for_selector("text=已签署调解协议")
    respondent.reload()
    respondent.fill("#sign-name", "王大明")
    respondent.click("[data-testid=sign]")
    respondent.wait_for_selector("text=各方已签署")
    party.reload()
    assert party.inner_text("[data-testid=dispute-state]") == "调解成功"
    party.click("[data-testid=apply-confirmation]")
    party.wait_for_selector("[data-testid=confirmation]")
    screenshot(party, "mediation-room-party-signed")

    # 5. the guiding judge confirms; the ruling is served; the funnel counts it
    jctx, judge = _context(browser, live_server)
    jdevice = TOTPDevice.objects.create(user=m.w.judge, confirmed=True)
    staff_sign_in(judge, m.w.judge, jdevice)
    judge.goto(judge.base_url + "/mediation/")
    judge.click("[data-testid=confirmations] a")
    judge.click("[data-testid=confirm]")
    judge.wait_for_selector("text=已作出裁定")
    assert "裁定确认有效" in judge.inner_text("[data-testid=confirmation]")
    judge.goto(judge.base_url + "/mediation/funnel/")
    judge.wait_for_selector("#chart-funnel canvas")
    assert judge.inner_text("[data-testid=total-entered]") == "1"
    assert judge.inner_text("[data-testid=total-settled]") == "1"
    assert judge.inner_text("[data-testid=total-confirmed]") == "1"
    screenshot(judge, "mediation-funnel")
    for c in (ctx, mctx, rctx, jctx):
        c.close()

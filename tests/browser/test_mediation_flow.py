"""Pre-filing mediation in the browser, all through the UI: a party files online through the wizard (naming the other
side with phone and ID number) and agrees to pre-filing mediation (诉前调解) on their filing's page; the filing officer
accepts it on the mediation track (a 诉前调 number); the dispute is routed and the respondent, who has no part in it
yet, is invited by SMS; the mediator sees that the other side has not answered, writes to the parties and opens the
online session (the hearings app's video room); the respondent opens the invitation, signs in with a real-name
verified account and claims the dispute; offer and counter-offer; both sign the agreement (rendered on the documents
path); the applicant applies for judicial confirmation; the guiding judge confirms (the ruling sealed and served by
the documents app); the funnel dashboard counts it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.core.outbox.providers import ScriptedProvider, provider_override
from smartcourt.courts.tests.factories import PASSWORD
from smartcourt.filing.models import Filing, OnlineConsent
from smartcourt.filing.tests.online.helpers import DEFENDANT_ID
from smartcourt.mediation.models import Dispute
from smartcourt.mediation.tests.factories import mediation_world
from smartcourt.portal.models import LitigantAccount
from tests.browser.conftest import screenshot_from_top as screenshot
from tests.browser.conftest import staff_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLOW = 90_000  # the agreement and the ruling go through LibreOffice (and the seal) on this request


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "IOU")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _context(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(45_000)  # a busy machine: acceptance runs the hand-off (routing, invitations) inline
    page.base_url = live_server.url
    return context, page


def _party_sign_in(page, user, next_url: str = "") -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _next(page) -> None:  # type: ignore[no-untyped-def]
    page.click("[data-testid=next]")
    page.wait_for_load_state()


@pytest.fixture
def court_certs(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    from smartcourt.documents.signing import certificates_make

    settings.DOCUMENTS_CERT_DIR = str(
        certificates_make(court_name="苏州市姑苏区人民法院", directory=tmp_path_factory.mktemp("c"))
    )


@pytest.fixture
def sms():  # type: ignore[no-untyped-def]
    provider = ScriptedProvider()
    provider_override("sms", provider)
    yield provider
    provider_override("sms", None)


def test_filed_in_the_wizard_mediated_online_signed_confirmed_and_counted(
    browser, live_server, court_certs, sms
) -> None:  # type: ignore[no-untyped-def]
    m = mediation_world()
    m.village_mediator.body = m.county_body  # the county committee takes this one (the address names no village)
    m.village_mediator.save()
    LitigantAccount.objects.create(user=m.respondent_user, kind="party", id_number=DEFENDANT_ID, state="verified")

    # 1. the party files through the online wizard, naming the other side (name, phone, ID number)
    ctx, party = _context(browser, live_server)
    _party_sign_in(party, m.w.party)
    party.goto(party.base_url + "/filing/new/")
    party.check("[data-testid=consent]")
    party.click("[data-testid=start]")
    party.wait_for_selector("[data-step=basics]")
    party.select_option("[data-testid=cause]", label="民间借贷纠纷")
    _next(party)
    party.wait_for_selector("[data-step=parties]")
    party.fill("#p0-addr", "苏州市姑苏区人民路1188号")
    party.fill("#p1-name", "王大明")
    party.fill("#p1-id", DEFENDANT_ID)
    party.fill("#p1-phone", "13900139000")
    party.fill("#p1-addr", "苏州市姑苏区干将路8号")
    _next(party)
    party.wait_for_selector("[data-step=claims]")
    party.fill("#c0-text", "判令被告归还借款本金50000元")
    party.fill("[data-testid=claim-0-amount]", "50000")
    party.fill("#c1-text", "判令被告承担本案诉讼费用")
    _next(party)
    party.wait_for_selector("[data-step=court]")
    _next(party)
    party.wait_for_selector("[data-step=facts]")
    party.fill("[data-testid=facts]", "2024年3月1日，被告向原告借款50000元，约定同年9月1日前归还，到期后多次催要未还。")
    _next(party)
    party.wait_for_selector("[data-step=evidence]")
    party.fill("#id_title", "借条")
    party.fill("#id_source", "原告持有")
    party.set_input_files(
        "[data-testid=evidence-file]", files=[{"name": "借条.pdf", "mimeType": "application/pdf", "buffer": _pdf()}]
    )
    party.click("[data-testid=upload]")
    party.wait_for_selector("[data-testid=evidence-item]:has-text('借条')")
    party.click("[data-testid=next]")
    party.wait_for_selector("[data-step=preview]")
    party.fill("[data-testid=signature]", "刘小红")
    party.check("[data-testid=confirm]")
    party.click("[data-testid=submit]")
    party.wait_for_selector("[data-testid=submitted]")
    filing = Filing.objects.get(filer=m.w.party)

    # 2. ... and agrees to pre-filing mediation on the filing's page
    party.goto(party.base_url + f"/portal/filings/{filing.pk}/")
    screenshot(party, "mediation-01-agree")
    party.click("[data-testid=agree-mediation]")
    party.wait_for_selector("text=同意先行诉前调解")
    assert OnlineConsent.objects.filter(filing=filing, step="mediation", agreed=True).exists()

    # 3. the filing officer accepts it on the mediation track (诉前调); the dispute opens and invites the respondent
    octx, officer = _context(browser, live_server)
    staff_sign_in(officer, m.w.officer, TOTPDevice.objects.create(user=m.w.officer, confirmed=True))
    officer.goto(officer.base_url + f"/filing/review/{filing.pk}/")
    officer.select_option("[data-testid=track]", value="mediation")
    officer.fill("input[name=override_reason]", "当事人同意诉前调解")
    officer.click("[data-testid=accept]", timeout=SLOW)
    officer.wait_for_selector("[data-testid=review-title]", timeout=SLOW)
    filing.refresh_from_db()
    dispute = Dispute.objects.get(pre_case=filing.case)
    assert "诉前调" in dispute.number and dispute.mediator.user == m.mediator_user
    respondent_row = dispute.parties.get(side="respondent")
    assert respondent_row.user is None and respondent_row.invite_count == 1
    text = next(body for to, body in sms.sent if to == "13900139000" and "/mediation/join/" in body)
    assert dispute.number in text
    link = text[text.index("/mediation/join/") : text.index("/", text.index("/mediation/join/") + 16) + 1]

    # 4. the mediator sees the silent respondent, writes to the parties and opens the online session
    mctx, mediator = _context(browser, live_server)
    staff_sign_in(mediator, m.mediator_user, TOTPDevice.objects.create(user=m.mediator_user, confirmed=True))
    mediator.goto(mediator.base_url + "/mediation/")
    assert mediator.locator("[data-testid=awaiting]").count() == 1
    mediator.click(f"text={dispute.number}")
    assert "未应答：已邀请1次" in mediator.inner_text("[data-testid=awaiting-party]")
    mediator.fill("textarea[name=body]", "双方好，请各自提出调解方案。")
    mediator.click("[data-testid=send-message]")
    mediator.wait_for_selector("text=双方好，请各自提出调解方案。")
    screenshot(mediator, "mediation-02-room-mediator-awaiting")
    mediator.click("text=进入视频调解室", timeout=SLOW)
    mediator.wait_for_url("**/hearing-room/**")
    screenshot(mediator, "mediation-03-video-session")
    dispute.refresh_from_db()
    assert dispute.video_room_id is not None

    # 5. the respondent opens the invitation, signs in (real-name verified) and claims the dispute
    rctx, respondent = _context(browser, live_server)
    respondent.goto(respondent.base_url + link)
    assert "王大明" in respondent.inner_text("[data-testid=join]")
    respondent.click("[data-testid=join-login]")
    respondent.fill("#id_username", m.respondent_user.username)
    respondent.fill("#id_password", PASSWORD)
    respondent.click("button[type=submit]")
    respondent.wait_for_selector("[data-testid=claim]")
    respondent.click("[data-testid=claim]")
    respondent.wait_for_selector("[data-testid=room-title]")
    assert "已认领" in respondent.inner_text(".sc-messages")

    # 6. offer and counter-offer; the applicant accepts; both sign
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    party.goto(party.base_url + f"/mediation/{dispute.pk}/")
    party.fill("#amount", "50000")
    party.fill("#first_due_on", due)
    party.click("[data-testid=make-offer]")
    party.wait_for_selector("text=调解方案已提出")
    respondent.reload()
    respondent.fill("#amount", "45000")
    respondent.fill("#instalments", "3")
    respondent.fill("#first_due_on", due)
    respondent.click("[data-testid=make-offer]")
    respondent.wait_for_selector("text=调解方案已提出")
    party.reload()
    party.click("[data-testid=accept-offer]", timeout=SLOW)
    party.wait_for_selector("[data-testid=agreement]", timeout=SLOW)
    assert party.locator("[data-testid=agreement-pdf]").count() == 1
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
    screenshot(party, "mediation-04-room-party-signed")

    # 7. the guiding judge confirms: the ruling sealed and served by the documents app; the funnel counts it
    jctx, judge = _context(browser, live_server)
    staff_sign_in(judge, m.w.judge, TOTPDevice.objects.create(user=m.w.judge, confirmed=True))
    judge.goto(judge.base_url + "/mediation/")
    judge.click("[data-testid=confirmations] a")
    judge.click("[data-testid=confirm]", timeout=SLOW)
    judge.wait_for_selector("text=已作出裁定", timeout=SLOW)
    assert "裁定确认有效" in judge.inner_text("[data-testid=confirmation]")
    assert judge.locator("[data-testid=ruling-pdf]").count() == 1
    screenshot(judge, "mediation-05-confirmed")
    judge.goto(judge.base_url + "/mediation/funnel/")
    judge.wait_for_selector("#chart-funnel canvas")
    assert judge.inner_text("[data-testid=total-entered]") == "1"
    assert judge.inner_text("[data-testid=total-settled]") == "1"
    assert judge.inner_text("[data-testid=total-confirmed]") == "1"
    screenshot(judge, "mediation-06-funnel")
    for c in (ctx, octx, mctx, rctx, jctx):
        c.close()

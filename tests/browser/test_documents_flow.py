"""Issue 17's "done when", end to end in the browser, in one test: the judge drafts a judgment beside the file (a quote
from the dossier with its page, a statute article by citation), the division head returns it with a comment anchored
to a passage, the judge fixes it, the division head approves, the judge applies the court's seal (a background task:
the tests' inline task backend runs it after the request's commit) and serves it; once the appeal period has run it
is registered effective, the judge reviews and publishes the anonymised text, and anyone finds it on the portal with
the original's signature verified — and the public verify page accepts the signed PDF the judge downloaded.

Only one step is not clicked: the appeal period (民诉法 Art. 171, fifteen days from service) is passed by moving the
document's service date back sixteen days in the database, instead of waiting."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from smartcourt.cases.models import Case
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.documents import render
from smartcourt.documents.models import Document, DocumentState
from smartcourt.documents.tests.conftest import _cert_dir, certs, fake_statutes  # noqa: F401 — fixtures
from tests.browser.conftest import screenshot_from_top, staff_sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(render.soffice_path() is None, reason="LibreOffice not installed"),
]

QUOTE = "原告向被告出借人民币十万元"
ADDRESS = "江苏省苏州市姑苏区人民路100号3幢2单元501室"


def _staff(role: Role, court, division=None, **kwargs):  # type: ignore[no-untyped-def]
    user = user_with_role(role, court, division, **kwargs)
    return user, TOTPDevice.objects.create(user=user, confirmed=True)


def _dossier_page(case: Case) -> None:
    """One dossier page whose recognised text holds the passage the judge quotes."""
    from reportlab.pdfgen.canvas import Canvas

    from smartcourt.dossier.models import DossierPage
    from smartcourt.dossier.services import dossier_document_add

    out = io.BytesIO()
    c = Canvas(out)
    c.drawString(72, 720, "complaint")
    c.save()
    dossier_document_add(case=case, title="起诉状", content=out.getvalue(), filename="complaint.pdf", source="scan",
                         actor=SYSTEM, category="")  # fmt: skip
    DossierPage.objects.filter(case=case).update(
        ocr_text=f"民事起诉状\n事实与理由：{QUOTE}，约定一年内归还，被告到期未还。", ocr_state="done"
    )


def _select(page, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.evaluate(
        """([selector, text]) => {
            const root = document.querySelector(selector);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const i = node.textContent.indexOf(text);
                if (i >= 0) {
                    const range = document.createRange();
                    range.setStart(node, i); range.setEnd(node, i + text.length);
                    const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
                    return;
                }
            }
            throw new Error("text not found: " + text);
        }""",
        [selector, text],
    )


@pytest.mark.usefixtures("fake_statutes", "certs")
def test_a_judgment_drafted_beside_the_file_goes_through_review_seal_service_effect_and_publication(page, browser):  # type: ignore[no-untyped-def]
    inter = CourtFactory(name="苏州市中级人民法院", code="苏05", level=CourtLevel.INTERMEDIATE)
    court = CourtFactory(name="苏州市姑苏区人民法院", code="苏0508", parent=inter)
    division = DivisionFactory(court=court, name="民事审判第一庭")
    judge, judge_device = _staff(Role.JUDGE, court, division, full_name="陈建国")
    head, head_device = _staff(Role.DIVISION_HEAD, court, division, full_name="郑海燕")
    case = make_case(court=court, division=division, judge=judge, plaintiff="韦雨涵", defendant="苏州恒信贸易有限公司")
    plaintiff = case.parties.get(role="plaintiff").person
    plaintiff.address, plaintiff.id_number = ADDRESS, "320508199001011238"
    plaintiff.save(update_fields=["address", "id_number"])
    _dossier_page(case)

    staff_sign_in(page, judge, judge_device)
    page.goto(f"{page.base_url}/cases/{case.pk}/?tab=documents")
    form = page.locator("[data-testid=generate-form]")
    form.locator("select[name=kind]").select_option("judgment_civil")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=draft-pane]")
    body = page.locator("[data-testid=body]")
    body.evaluate("el => { el.focus(); el.selectionStart = el.selectionEnd = el.value.indexOf('本院认为，') + 5; }")
    _select(page, "[data-testid=dossier-pane]", QUOTE)
    page.click("[data-testid=quote]")
    assert f"“{QUOTE}”（卷宗第1页）" in body.input_value()
    page.fill("[data-testid=cite-address]", "民法典/第五百七十七条")
    page.click("[data-testid=cite]")
    expect(body).to_have_value(re.compile("《中华人民共和国民法典》第五百七十七条"))
    body.evaluate(
        "el => { el.value = el.value.replace('判决如下：', '判决如下：被告支付原告借款十万元。');"
        " el.dispatchEvent(new Event('input')); }"
    )
    page.wait_for_selector("text=已自动保存")
    screenshot_from_top(page, "documents-draft-beside-the-file")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=doc-state]:has-text('阅核中')")

    doc = Document.objects.get(case=case, kind="judgment_civil")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    hp = context.new_page()
    hp.set_default_timeout(15_000)
    hp.base_url = page.base_url
    staff_sign_in(hp, head, head_device)
    hp.goto(f"{hp.base_url}/documents/{doc.pk}/")
    _select(hp, "[data-testid=review-body]", "被告支付原告借款十万元")
    hp.click("[data-testid=add-comment]")
    hp.fill("[data-testid=comment-text]", "写明履行期限")
    hp.click("[data-testid=return]")
    hp.wait_for_selector("[data-testid=doc-state]:has-text('退回修改')")
    assert "写明履行期限" in hp.inner_text("[data-testid=review-steps]")

    page.goto(f"{page.base_url}/documents/{doc.pk}/draft/")
    assert "写明履行期限" in page.inner_text("[data-testid=returned]")
    body = page.locator("[data-testid=body]")
    body.evaluate(
        "el => { el.value = el.value.replace('借款十万元。', '借款十万元，于本判决生效之日起十日内付清。');"
        " el.dispatchEvent(new Event('input')); }"
    )
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=doc-state]:has-text('阅核中')")

    hp.goto(f"{hp.base_url}/documents/{doc.pk}/")
    assert "十日内付清" in hp.inner_text("[data-testid=review-body]")
    hp.click("[data-testid=approve]")
    hp.wait_for_selector("[data-testid=doc-state]:has-text('已核准')")
    context.close()

    page.goto(f"{page.base_url}/documents/{doc.pk}/")
    page.click("[data-testid=sign]", timeout=120_000)  # queued; the inline task backend signs after the commit
    page.wait_for_selector("[data-testid=doc-state]:has-text('已签章')", timeout=120_000)
    assert page.locator("[data-testid=sign-job]").count() == 0  # 签章中 is over
    page.click("[data-testid=serve]")
    page.wait_for_selector("[data-testid=doc-state]:has-text('已送达')")
    screenshot_from_top(page, "documents-signed-and-served")
    doc.refresh_from_db()
    assert doc.state == DocumentState.SERVED and doc.signed_sha256
    signed_pdf = page.request.get(page.base_url + page.get_attribute("[data-testid=signed-link]", "href")).body()
    assert signed_pdf.startswith(b"%PDF")

    # the appeal period (fifteen days from service) has run: the only step not taken in the browser
    Document.objects.filter(pk=doc.pk).update(served_at=timezone.now() - timedelta(days=16))
    page.goto(f"{page.base_url}/documents/{doc.pk}/")
    page.click("[data-testid=effective]")
    page.wait_for_selector("[data-testid=doc-state]:has-text('已生效')")

    # publication (法释〔2016〕19号): the task opened when it took effect; the judge reviews the anonymised text
    page.goto(f"{page.base_url}/portal/publication/")
    page.click("[data-testid=publication-open] >> nth=0")
    page.wait_for_selector("[data-testid=publication-diff]")
    assert ADDRESS in page.inner_text("[data-testid=diff-original]")
    anonymised = page.inner_text("[data-testid=diff-anonymised]")
    assert ADDRESS not in anonymised and "十日内付清" in anonymised
    assert page.locator("[data-testid=publish-button]").count() == 0  # not before the review
    page.click("[data-testid=review-confirm]")
    page.click("[data-testid=publish-button]")
    page.wait_for_selector("[data-testid=publication-published]")

    # anyone: the portal finds it by its words, anonymised, with the original's signature verified
    public = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pp = public.new_page()
    pp.set_default_timeout(30_000)
    pp.goto(page.base_url + "/portal/judgments/?q=借款")
    pp.click("[data-testid=judgment-hit] >> nth=0")
    text = pp.inner_text("[data-testid=judgment-text]")
    assert "十日内付清" in text and QUOTE in text and "第五百七十七条" in text
    assert ADDRESS not in text and "320508199001011238" not in text
    pp.wait_for_selector("[data-testid=signature-valid]")
    # the original's ledger record is the signed PDF's hash
    assert pp.locator(f"[data-testid=signature-status] a[href*='{doc.signed_sha256}']").count() == 1
    screenshot_from_top(pp, "documents-published-on-the-portal")

    # the public verify page accepts the signed PDF the judge downloaded
    pp.goto(page.base_url + "/documents/verify/")
    pp.set_input_files("[data-testid=verify-form] input[name=file]",
                       {"name": "judgment.pdf", "mimeType": "application/pdf", "buffer": signed_pdf})  # fmt: skip
    pp.click("[data-testid=verify-form] button[type=submit]")
    verdict = pp.inner_text("[data-testid=verify-verdict]", timeout=60_000)
    assert "核验通过" in verdict and "有效" in pp.inner_text("[data-testid=verify-signature]")
    assert "已存证" in pp.inner_text("[data-testid=verify-ledger]")
    screenshot_from_top(pp, "documents-verify-accepts-the-signed-pdf")
    public.close()

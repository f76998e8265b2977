"""Service centre (集中送达): a clerk batch-serves summonses; the outbox shows the SMS with its link sealed; the
defendant opens the link on a phone, types the code from the SMS and signs; the case timeline shows "served" with
the receipt; the task page and the 送达回证 PDF show who read and how; the PDF is in the dossier and its hash in the
ledger.
Then the clerk serves another defendant in person from the phone page (photo, GPS, time)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, user_with_role
from smartcourt.ledger.selectors import ledger_records_for_sha256
from smartcourt.service.models import ServiceTask, TaskState
from smartcourt.service.services import AddressIn, service_address_confirm
from tests.browser.conftest import SCREENSHOTS, staff_sign_in
from tests.browser.conftest import screenshot_from_top as screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a"
    "1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101"
    "010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107"
    "227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63"
    "6465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9"
    "cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)


def _clerk_page(browser, live_server, clerk, device):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  geolocation={"latitude": 31.30123, "longitude": 120.61234, "accuracy": 12},
                                  permissions=["geolocation"])  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(20_000)
    staff_sign_in(page, clerk, device, base_url=live_server.url)
    return context, page


@pytest.fixture
def handset():  # type: ignore[no-untyped-def]
    """The defendant's phone: the SMS gateway keeps the texts it delivers (links and codes the outbox never holds)."""
    from smartcourt.core.outbox.providers import sms_provider_override
    from smartcourt.service.tests.helpers import Phone

    device = Phone()
    sms_provider_override(device)
    yield device
    sms_provider_override(None)


def test_batch_serve_sms_link_on_a_phone_timeline_certificate_in_dossier_and_ledger(  # type: ignore[no-untyped-def]
    phone_page, browser, live_server, settings, handset
) -> None:
    settings.SERVICE_PUBLIC_BASE_URL = live_server.url
    court = CourtFactory(name="苏州市姑苏区人民法院", short_name="姑苏法院", code="苏0508")
    division = DivisionFactory(court=court, name="民事审判第一庭")
    judge = user_with_role(Role.JUDGE, court, division, full_name="陈建国")
    clerk = user_with_role(Role.CLERK, court, division, full_name="吴佳怡")
    device = TOTPDevice.objects.create(user=clerk, confirmed=True)
    cases = [
        make_case(court=court, division=division, judge=judge, plaintiff=f"原告{n}", defendant=name)
        for n, name in enumerate(["苏州恒信贸易有限公司", "王建军", "李秀英"])
    ]
    sms_defendant = cases[0].parties.get(role="defendant")
    service_address_confirm(
        person=sms_defendant.person,
        case=cases[0],
        actor=clerk,
        data=AddressIn(
            signed_via="paper",
            postal_address="苏州市姑苏区人民路100号",
            mobile="13912345678",
            consent_sms=True,
            consent_basis="explicit",
            paper_scan=JPEG,
        ),
    )
    for case in cases[1:]:
        person = case.parties.get(role="defendant").person
        person.address = "苏州市姑苏区十全街8号"
        person.save(update_fields=["address"])

    context, page = _clerk_page(browser, live_server, clerk, device)
    page.click("nav >> text=送达中心")
    page.wait_for_selector("[data-testid=service-title]")
    page.click("[data-testid=batch-open]")
    page.fill("[data-testid=batch-cases]", "\n".join(c.number for c in cases))
    page.uncheck("#role-plaintiff")
    page.check("#role-defendant")
    screenshot(page, "service-batch-form")
    page.click("[data-testid=batch-submit]")
    page.wait_for_selector("[data-testid=service-queue]")
    assert page.locator("[data-testid=queue-row]").count() == 3
    assert "已创建 3 个送达任务" in page.inner_text("main")
    screenshot(page, "service-queue-batch")

    # The outbox shows the SMS with its one-time link and code sealed: no clerk can open or sign it (ADR 0015).
    page.goto(live_server.url + "/service/outbox/?kind=sms")
    body = page.inner_text("[data-testid=outbox]")
    assert "13912345678" in body and "〔送达链接（已隐去）〕" in body and "/service/s/" not in body
    screenshot(page, "service-outbox")
    path, code = handset.link()  # what reached the defendant's phone

    phone = phone_page
    phone.goto(live_server.url + path)
    phone.wait_for_selector("[data-testid=open-code-form]")
    assert "传票" in phone.inner_text("[data-testid=open-title]")
    assert "第九十条" in phone.inner_text("main") and cases[0].number not in phone.inner_text("main")
    screenshot(phone, "service-sms-link-phone")
    sms_task = ServiceTask.objects.get(case=cases[0])
    assert sms_task.state == TaskState.IN_PROGRESS  # opening the page alone is not service
    phone.fill("#open-code", "000000" if code != "000000" else "111111")
    phone.click("[data-testid=open-confirm]")
    phone.wait_for_selector("[data-testid=open-error]")
    assert "验证码不正确" in phone.inner_text("[data-testid=open-error]")
    screenshot(phone, "service-sms-link-wrong-code-phone")
    phone.fill("#open-code", code)
    phone.click("[data-testid=open-confirm]")
    phone.wait_for_selector("[data-testid=open-done]")
    assert "本文书已于" in phone.inner_text("[data-testid=open-done]")
    screenshot(phone, "service-sms-link-signed-phone")

    sms_task.refresh_from_db()
    assert sms_task.state == TaskState.SERVED and sms_task.served_channel == "sms"

    # The case timeline shows "served" with the receipt.
    page.goto(f"{live_server.url}/cases/{cases[0].pk}/")
    page.click("[data-testid=tab-timeline]")
    page.wait_for_selector("#tab-timeline.show.active")
    page.wait_for_timeout(300)  # the tab's fade
    timeline = page.inner_text("[data-testid=timeline]")
    assert (
        "传票已送达苏州恒信贸易有限公司" in timeline
        and "回执：受送达人于" in timeline
        and "打开送达链接签收" in timeline
    )
    screenshot(page, "service-case-timeline")

    # The 送达回证 is in the dossier and its hash in the ledger.
    from smartcourt.dossier.models import DossierDocument

    document = DossierDocument.objects.get(case=cases[0], origin_ref=f"service.certificate:{sms_task.pk}")
    assert document.category == "service_certificate"
    assert ledger_records_for_sha256(sha256=sms_task.certificate_sha256)
    assert [r.kind for r in ledger_records_for_sha256(sha256=document.sha256)]
    page.goto(f"{live_server.url}/service/tasks/{sms_task.pk}/")
    assert page.inner_text("[data-testid=certificate-ledger]") == "已上链"
    assert "输入随短信/邮件发送的验证码" in page.inner_text("[data-testid=read-evidence]")
    screenshot(page, "service-task-served")
    pdf = page.request.get(f"{live_server.url}/service/tasks/{sms_task.pk}/certificate.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    (Path(SCREENSHOTS) / "service-certificate.pdf").write_bytes(pdf.body())

    # In person, from the phone page: move the post task on, capture photo + GPS, record.
    post_task = ServiceTask.objects.get(case=cases[1])
    page.goto(f"{live_server.url}/service/tasks/{post_task.pk}/")
    page.fill("input[name=reason]", "邮寄地址无人签收，改为直接送达")
    page.click("[data-testid=next-channel]")
    page.click("[data-testid=capture-open]")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_selector(".sc-geo-ok")
    page.select_option("#outcome", "signed")
    page.fill("input[name=signer]", "王建军")
    page.click("[data-testid=capture-submit]")  # no photo yet: refused with the reason, nothing recorded
    assert "现场照片" in page.inner_text("main")
    page.wait_for_selector(".sc-geo-ok")
    page.set_input_files("[data-testid=photo]", files=[{"name": "scene.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    screenshot(page, "service-capture-phone")
    page.click("[data-testid=capture-submit]")
    page.wait_for_selector("[data-testid=served-box]")
    post_task.refresh_from_db()
    assert post_task.state == TaskState.SERVED and post_task.served_channel == "in_person"
    assert abs(post_task.served_attempt.evidence["latitude"] - 31.30123) < 1e-4
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/service/stats/")
    page.wait_for_selector("[data-testid=chart-channels] canvas")
    screenshot(page, "service-stats")
    context.close()

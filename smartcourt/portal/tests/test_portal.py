"""Public side: registration of parties and lawyers, real-name verification and staff approval, public lookup,
the kiosk with its printed receipt, the outbox."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from smartcourt.core.actors import SYSTEM
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.filing.models import Filing, FilingState
from smartcourt.filing.tests.online.helpers import JPEG, PDF, PLAINTIFF_ID, submitted, upload, world
from smartcourt.portal import services
from smartcourt.portal.identity import GovernmentIdentityProvider, lawyer_licence_problem
from smartcourt.portal.models import LitigantAccount

pytestmark = pytest.mark.django_db
PASSWORD = "Litigant-Pass-2025"


def _register(client, **extra):  # type: ignore[no-untyped-def]
    data = {
        "kind": "party",
        "full_name": "赵小明",
        "phone": "13912345678",
        "password": PASSWORD,
        "password2": PASSWORD,
        "agree": "on",
        "court": "苏0508",
    } | extra
    return client.post(reverse("portal:register"), data)


def test_party_registers_verifies_and_is_approved(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    response = _register(client)
    assert response.status_code == 302 and response.url.startswith(reverse("litigant_login"))
    account = LitigantAccount.objects.get(user__username="13912345678")
    assert account.state == "unverified" and account.user.grants.filter(role="party", court=w.court).exists()
    signed_in = client.post(response.url, {"username": "13912345678", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in.url == reverse("portal:verify")
    body = client.post(
        reverse("portal:verify"), {"id_number": "320508198806150023", "id_photo": upload("id.jpg", JPEG)}
    ).content.decode()
    assert "校验码不正确" in body
    body = client.post(
        reverse("portal:verify"), {"id_number": "320508199512120019", "id_photo": upload("id.jpg", PDF)}
    ).content.decode()
    assert "与扩展名" in body or "JPEG 或 PNG" in body
    client.post(reverse("portal:verify"), {"id_number": "320508199512120019", "id_photo": upload("id.jpg", JPEG)})
    account.refresh_from_db()
    assert account.state == "pending" and account.id_photo_sha256
    login_verified(client, w.officer)
    assert "赵小明" in client.get(reverse("portal:verification_queue")).content.decode()
    client.post(reverse("portal:verification_detail", args=[account.pk]), {"approve": "yes"})
    account.refresh_from_db()
    assert account.state == "verified" and account.reviewed_by == w.officer


def test_the_registration_page_sends_an_existing_account_to_the_litigants_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    """The link "已有账户，登录" is the parties' and lawyers' door (/login/), not /accounts/login/, which without a `next`
    routes to the staff entrance."""
    world()
    body = client.get(reverse("portal:register")).content.decode()
    assert f'href="{reverse("litigant_login")}" data-testid="register-login"' in body
    assert reverse("accounts:login") not in body


def test_registration_refusals() -> None:
    w = world()
    with pytest.raises(services.AccountInputError, match="手机号码应为 11 位"):
        services.litigant_register(kind="party", full_name="甲", phone="12345", password=PASSWORD, court=w.court)
    with pytest.raises(services.AccountInputError, match="17位数字"):
        services.litigant_register(
            kind="lawyer",
            full_name="乙",
            phone="13900000001",
            password=PASSWORD,
            court=w.court,
            licence_no="1320",
            law_firm="某所",
        )
    assert lawyer_licence_problem("13205201910123456") == ""
    assert "年份" in lawyer_licence_problem("13205999910123456")
    with pytest.raises(NotImplementedError):
        GovernmentIdentityProvider().check(full_name="甲", id_number=PLAINTIFF_ID, photo=None)


def test_public_lookup_needs_the_right_code(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    filing = submitted(w)
    wrong = client.post(reverse("portal:lookup"), {"ref": filing.reference, "code": "ZZZZZZ"}).content.decode()
    assert "未查到" in wrong and "lookup-result" not in wrong
    right = client.post(
        reverse("portal:lookup"), {"ref": filing.reference, "code": filing.verification_code}
    ).content.decode()
    assert 'data-testid="lookup-result"' in right and "待审查" in right


def _kiosk_data(w):  # type: ignore[no-untyped-def]
    return {
        "name": "刘小红",
        "id_number": PLAINTIFF_ID,
        "phone": "13800138000",
        "address": "苏州市姑苏区人民路1号",
        "defendant_kind": "natural",
        "defendant_name": "王大明",
        "defendant_address": "苏州市姑苏区干将路8号",
        "cause": w.cause.code,
        "court": str(w.court.pk),
        "claim": "判令被告归还借款",
        "amount": "30000",
        "facts": "2024年3月1日被告向原告借款30000元，约定半年内归还，至今未还。",
        "files": [upload("借条.pdf", PDF)],
    }


def test_kiosk_files_and_prints_a_receipt_with_qr(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    _device, key = services.kiosk_device_register(court=w.other, name="昆山诉讼服务中心1号机", actor=SYSTEM)
    client.cookies[settings.KIOSK_COOKIE_NAME] = key  # as set in the terminal's browser at registration
    data = _kiosk_data(w)
    bad = client.post(
        reverse("portal:kiosk", args=["苏0583"]),
        data | {"id_number": "320508198806150023", "files": [upload("借条.pdf", PDF)]},
    )
    assert "校验码不正确" in bad.content.decode() and not Filing.objects.exists()
    response = client.post(reverse("portal:kiosk", args=["苏0583"]), data)
    filing = Filing.objects.get()
    assert filing.state == FilingState.RECEIVED and filing.receiving_court == w.other  # 跨域立案
    receipt = client.get(response.url).content.decode()
    assert filing.reference in receipt and filing.verification_code in receipt and "data:image/png;base64," in receipt


def test_kiosk_filing_without_a_device_key_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    anonymous = client.post(reverse("portal:kiosk", args=["苏0583"]), _kiosk_data(w))
    assert anonymous.status_code == 403 and "自助立案终端" in anonymous.content.decode()
    about = client.get(reverse("portal:kiosk_start"))  # the home page's tile: what the terminals are, not a form
    assert about.status_code == 200 and 'data-testid="kiosk-unregistered"' in about.content.decode()
    assert client.get(reverse("portal:kiosk", args=["苏0583"])).status_code == 403
    forged = client.post(reverse("portal:kiosk", args=["苏0583"]), _kiosk_data(w), HTTP_X_KIOSK_KEY="kiosk_" + "A" * 43)
    assert forged.status_code == 403
    device, key = services.kiosk_device_register(court=w.other, name="1号机", actor=SYSTEM)
    services.kiosk_device_revoke(device=device, actor=SYSTEM)
    revoked = client.post(reverse("portal:kiosk", args=["苏0583"]), _kiosk_data(w), HTTP_X_KIOSK_KEY=key)
    assert revoked.status_code == 403
    assert not Filing.objects.exists()


def test_a_terminal_files_for_its_own_court_with_its_header_key(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    _device, key = services.kiosk_device_register(court=w.court, name="姑苏1号机", actor=SYSTEM)
    # A terminal of 苏0508 cannot pose as another court's terminal: it is sent to its own court's form.
    elsewhere = client.get(reverse("portal:kiosk", args=["苏0583"]), HTTP_X_KIOSK_KEY=key)
    assert elsewhere.status_code == 302 and elsewhere.url == reverse("portal:kiosk", args=["苏0508"])
    response = client.post(reverse("portal:kiosk", args=["苏0508"]), _kiosk_data(w), HTTP_X_KIOSK_KEY=key)
    assert response.status_code == 302
    filing = Filing.objects.get()
    assert filing.state == FilingState.SUBMITTED and filing.receiving_court is None


def test_the_courts_administrator_registers_this_browser_as_a_terminal(client) -> None:  # type: ignore[no-untyped-def]
    from smartcourt.core.models import AuditLog
    from smartcourt.portal.models import KioskDevice

    w = world()
    admin = user_with_role("system_admin", w.court)
    login_verified(client, admin)
    assert client.get(reverse("portal:kiosk_devices")).status_code == 200
    refused = client.post(
        reverse("portal:kiosk_devices"), {"action": "register_browser", "court": w.other.pk, "name": "外院终端"}
    )
    assert refused.status_code == 400 and not KioskDevice.objects.exists()  # not another court's terminal
    response = client.post(
        reverse("portal:kiosk_devices"), {"action": "register_browser", "court": w.court.pk, "name": "大厅1号机"}
    )
    assert response.status_code == 302 and response.url == reverse("portal:kiosk_start")
    cookie = response.cookies[settings.KIOSK_COOKIE_NAME]
    assert cookie["httponly"] and cookie["path"] == reverse("portal:kiosk_start")
    assert "_auth_user_id" not in client.session  # the terminal keeps no staff session
    assert client.get(reverse("portal:kiosk_start"), follow=True).status_code == 200
    device = KioskDevice.objects.get()
    assert device.court == w.court and device.key_hash not in cookie.value
    assert AuditLog.objects.filter(action="kiosk.device_registered", actor=admin, target_id=str(device.pk)).exists()
    judge = user_with_role("judge", w.court)
    login_verified(client, judge)
    assert client.get(reverse("portal:kiosk_devices")).status_code == 403


def test_a_key_from_the_command_activates_a_browser(client, capsys) -> None:  # type: ignore[no-untyped-def]
    import re

    from django.core.management import call_command

    world()
    call_command("kiosk_register", "苏0508", "诉讼服务中心2号机")
    key = re.search(r"kiosk_[A-Za-z0-9_-]+", capsys.readouterr().out).group(0)
    wrong = client.post(reverse("portal:kiosk_activate"), {"key": "kiosk_wrong"})
    assert wrong.status_code == 400 and settings.KIOSK_COOKIE_NAME not in wrong.cookies
    response = client.post(reverse("portal:kiosk_activate"), {"key": key})
    assert response.status_code == 302 and response.cookies[settings.KIOSK_COOKIE_NAME].value == key
    assert client.get(reverse("portal:kiosk_start"), follow=True).status_code == 200


def test_outbox_is_for_administrators(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    assert client.get(reverse("portal:outbox"), follow=True).status_code == 403  # the old address leads to the one page
    admin = user_with_role("system_admin", w.court)
    login_verified(client, admin)
    response = client.get(reverse("portal:outbox"), follow=True)
    assert response.status_code == 200 and response.redirect_chain == [(reverse("courts:outbox"), 302)]

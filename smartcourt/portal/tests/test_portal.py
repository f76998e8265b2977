"""Public side: registration of parties and lawyers, real-name verification and staff approval, public lookup,
the kiosk with its printed receipt, the outbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

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
    assert response.status_code == 302 and response.url == reverse("portal:verify")
    account = LitigantAccount.objects.get(user__username="13912345678")
    assert account.state == "unverified" and account.user.grants.filter(role="party", court=w.court).exists()
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


def test_kiosk_files_and_prints_a_receipt_with_qr(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    data = {
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


def test_outbox_is_for_administrators(client) -> None:  # type: ignore[no-untyped-def]
    w = world()
    client.force_login(w.party)
    assert client.get(reverse("portal:outbox"), follow=True).status_code == 403  # the old address leads to the one page
    admin = user_with_role("system_admin", w.court)
    login_verified(client, admin)
    response = client.get(reverse("portal:outbox"), follow=True)
    assert response.status_code == 200 and response.redirect_chain == [(reverse("courts:outbox"), 302)]

"""The real-name verification queue (实名认证审核) shows an applicant only to those the permission table lets review
the court the applicant registered with (IDENTITY, court scope): ID numbers are masked in the list, shown in full
on the applicant's page (every such read audited), and the ID photo is served only by a permission-checked view
that no cache may store."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartcourt.core.models import AuditAction, AuditLog
from smartcourt.courts.navigation import navigation_for
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import login_verified, user_with_role
from smartcourt.filing.tests.online.helpers import JPEG, upload, world
from smartcourt.portal import selectors, services
from smartcourt.portal.models import LitigantAccount

pytestmark = pytest.mark.django_db
PASSWORD = "Litigant-Pass-2025"
ID_A = "320508199512120019"  # GB 11643 checksums valid
ID_B = "320583199001010010"


def _applicant(court, *, phone: str, name: str, id_number: str) -> LitigantAccount:  # type: ignore[no-untyped-def]
    user = services.litigant_register(kind="party", full_name=name, phone=phone, password=PASSWORD, court=court)
    return services.identity_submit(user=user, id_number=id_number, photo=upload("id.jpg", JPEG))


def _two_courts():  # type: ignore[no-untyped-def]
    w = world()
    at_a = _applicant(w.court, phone="13912345678", name="赵小明", id_number=ID_A)
    at_b = _applicant(w.other, phone="13912345679", name="钱小红", id_number=ID_B)
    assert at_a.state == at_b.state == LitigantAccount.State.PENDING
    return w, at_a, at_b


def test_an_applicant_belongs_to_the_court_they_registered_with() -> None:
    w, at_a, at_b = _two_courts()
    assert (at_a.court, at_b.court) == (w.court, w.other)


def test_a_filing_officer_sees_and_decides_only_their_own_courts_applicants(client) -> None:  # type: ignore[no-untyped-def]
    w, at_a, at_b = _two_courts()
    assert list(selectors.verification_queue(user=w.officer)) == [at_a]
    assert list(selectors.verification_queue(user=w.other_officer)) == [at_b]
    login_verified(client, w.officer)
    body = client.get(reverse("portal:verification_queue")).content.decode()
    assert "赵小明" in body and "钱小红" not in body and ID_B[-4:] not in body
    # court B's applicant is not there for court A's officer: page, photo and decision all answer 404
    assert client.get(reverse("portal:verification_detail", args=[at_b.pk])).status_code == 404
    assert client.get(reverse("portal:id_photo", args=[at_b.pk])).status_code == 404
    refused = client.post(reverse("portal:verification_detail", args=[at_b.pk]), {"approve": "yes"})
    assert refused.status_code == 404
    with pytest.raises(Exception) as raised:
        services.identity_review(account=at_b, actor=w.officer, approve=True)
    assert getattr(raised.value, "status", None) == 403
    at_b.refresh_from_db()
    assert at_b.state == LitigantAccount.State.PENDING
    approved = client.post(reverse("portal:verification_detail", args=[at_a.pk]), {"approve": "yes"})
    assert approved.status_code == 302
    at_a.refresh_from_db()
    assert at_a.state == LitigantAccount.State.VERIFIED and at_a.reviewed_by == w.officer


def test_a_system_admin_without_the_grant_sees_no_queue(client) -> None:  # type: ignore[no-untyped-def]
    w, at_a, _at_b = _two_courts()
    admin = user_with_role(Role.SYSTEM_ADMIN, w.court, is_superuser=True, is_staff=True)
    assert not selectors.verification_queue(user=admin).exists()
    login_verified(client, admin)
    assert client.get(reverse("portal:verification_queue")).status_code == 403
    assert client.get(reverse("portal:verification_detail", args=[at_a.pk])).status_code == 404
    assert client.get(reverse("portal:id_photo", args=[at_a.pk])).status_code == 404
    urls = [i["url"] for i in navigation_for(user=admin, path="/")["nav_items"]]
    assert reverse("portal:verification_queue") not in urls
    officer_urls = [i["url"] for i in navigation_for(user=w.officer, path="/")["nav_items"]]
    assert reverse("portal:verification_queue") in officer_urls  # the menu entry, for whom the table lets in


def test_the_list_masks_id_numbers_and_the_detail_shows_them_audited(client) -> None:  # type: ignore[no-untyped-def]
    w, at_a, _at_b = _two_courts()
    login_verified(client, w.officer)
    listing = client.get(reverse("portal:verification_queue"))
    body = listing.content.decode()
    assert ID_A not in body and "13912345678" not in body  # neither the ID number nor the phone in full
    assert "3205**********0019" in body and "139****5678" in body
    assert not AuditLog.objects.filter(action=AuditAction.PERSONAL_DATA_VIEWED).exists()  # nothing read in full
    detail = client.get(reverse("portal:verification_detail", args=[at_a.pk])).content.decode()
    assert ID_A in detail and reverse("portal:id_photo", args=[at_a.pk]) in detail
    read = AuditLog.objects.get(action=AuditAction.PERSONAL_DATA_VIEWED)
    assert (read.actor, read.data_subject, read.target_id) == (w.officer, f"user:{at_a.user_id}", str(at_a.pk))


def test_the_id_photo_is_served_only_to_those_allowed_and_never_stored(client) -> None:  # type: ignore[no-untyped-def]
    w, at_a, _at_b = _two_courts()
    for outsider in (w.party, w.judge, w.other_officer):
        client.logout()
        login_verified(client, outsider)
        assert client.get(reverse("portal:id_photo", args=[at_a.pk])).status_code == 404
    assert not AuditLog.objects.filter(action=AuditAction.PERSONAL_DATA_VIEWED).exists()
    client.logout()
    login_verified(client, w.officer)
    photo = client.get(reverse("portal:id_photo", args=[at_a.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert "no-store" in photo["Cache-Control"] and photo["X-Content-Type-Options"] == "nosniff"
    assert AuditLog.objects.filter(
        action=AuditAction.PERSONAL_DATA_VIEWED, actor=w.officer, data_subject=f"user:{at_a.user_id}"
    ).exists()


def test_the_queue_and_the_applicants_page_are_never_stored(client) -> None:  # type: ignore[no-untyped-def]
    w, at_a, _at_b = _two_courts()
    login_verified(client, w.officer)
    for url in (reverse("portal:verification_queue"), reverse("portal:verification_detail", args=[at_a.pk])):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], url

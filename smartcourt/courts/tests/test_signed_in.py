"""The signed-in person read from the cache (courts.signed_in) and the session read through it (core.sessions):
a page after the first reads neither from the database, and every write that changes who the person is or what
they hold takes effect on the next page."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartcourt.courts.models import RoleGrant
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db

WORKBENCH = "/"


def _reads_of_the_person(client, user, path: str = WORKBENCH) -> list[str]:  # type: ignore[no-untyped-def]
    """The page's reads of the session, of this person's row, of their grants and of their devices."""
    own = (
        'FROM "django_session"',
        f'WHERE "courts_user"."id" = {user.pk}',
        f'"courts_rolegrant"."user_id" = {user.pk}',
        'FROM "otp_totp_totpdevice"',
        'FROM "otp_static_staticdevice"',
    )
    with CaptureQueriesContext(connection) as capture:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return [q["sql"] for q in capture.captured_queries if any(part in q["sql"] for part in own)]


@pytest.fixture
def judge(client):  # type: ignore[no-untyped-def]
    user = user_with_role(Role.JUDGE, CourtFactory())
    login_verified(client, user)
    return user


def test_the_second_page_reads_no_session_person_grant_or_device(client, judge):
    # the case list reads no grant of its own; the workbench's standing-team panel reads the judge's posts
    assert _reads_of_the_person(client, judge, "/cases/") != []  # the first page after signing in fills the cache
    assert _reads_of_the_person(client, judge, "/cases/") == []


def test_a_deactivated_person_is_signed_out_on_the_next_page(client, judge):
    client.get(WORKBENCH)
    judge.is_active = False
    judge.save()
    response = client.get("/cases/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_changed_password_ends_the_session(client, judge):
    client.get(WORKBENCH)
    judge.set_password("一个新的密码-2026")
    judge.save()
    response = client.get("/cases/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_revoked_grant_counts_on_the_next_page(client, judge):
    assert client.get("/cases/").status_code == 200
    from smartcourt.courts.signed_in import signed_in

    case_links = client.get(WORKBENCH).content.count(b"/cases/")
    RoleGrant.objects.filter(user=judge).delete()  # a queryset delete: post_delete per row
    entry = signed_in(judge.pk)
    assert entry is not None and entry.grants == ()
    response = client.get(WORKBENCH)  # a person without roles: no staff workbench, no case list in the menu
    assert response.status_code == 200
    assert response.content.count(b"/cases/") < case_links


def test_a_grant_written_is_seen_on_the_next_page(client):
    court = CourtFactory()
    party = user_with_role(Role.PARTY, court)
    client.force_login(party)
    client.get(WORKBENCH)
    RoleGrant.objects.create(user=party, role=Role.JUDGE, court=court)
    # now staff: the second factor is asked for at once
    response = client.get("/cases/")
    assert response.status_code == 302 and "/accounts/otp/" in response["Location"]


def test_a_deleted_device_unverifies_the_session(client, judge):
    client.get(WORKBENCH)
    TOTPDevice.objects.filter(user=judge).delete()
    response = client.get("/cases/")
    assert response.status_code == 302 and "/accounts/otp/" in response["Location"]


def test_a_court_renamed_is_seen_in_the_grants_at_once(client, judge):
    from smartcourt.courts.grants import permission_memo, user_grants
    from smartcourt.courts.signed_in import signed_in

    client.get(WORKBENCH)
    court = judge.grants.get().court
    court.name = "改名后的人民法院"
    court.save()
    entry = signed_in(judge.pk)
    assert entry is not None and entry.grants[0].court.name == "改名后的人民法院"
    with permission_memo():
        assert user_grants(user=judge)[0].court.name == "改名后的人民法院"


def test_a_session_row_deleted_by_a_queryset_signs_the_person_out(client, judge):
    client.get(WORKBENCH)
    Session.objects.all().delete()
    response = client.get("/cases/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_signing_out_drops_the_cached_session(client, judge):
    client.get(WORKBENCH)
    key = client.session.session_key
    client.post("/accounts/logout/")
    from django.core.cache import cache

    from smartcourt.core.sessions import CACHE_PREFIX

    assert cache.get(CACHE_PREFIX + key) is None
    assert client.get("/cases/").status_code == 302


def test_an_unreachable_cache_leaves_the_database_to_answer(client, judge):
    client.get(WORKBENCH)
    from django.core.cache import caches

    backend = type(caches["default"])
    broken = ConnectionError("cache down")
    with (
        mock.patch.object(backend, "get", side_effect=broken),
        mock.patch.object(backend, "get_many", side_effect=broken),
        mock.patch.object(backend, "set", side_effect=broken),
        mock.patch.object(backend, "delete", side_effect=broken),
        CaptureQueriesContext(connection) as capture,
    ):
        response = client.get("/cases/")
    assert response.status_code == 200
    assert any('FROM "django_session"' in q["sql"] for q in capture.captured_queries)  # the database answered

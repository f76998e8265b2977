"""People, role grants, courts and the holiday calendar are read-only in the Django admin: their writes go through
the services, which check and audit them (the admin wrote them without either)."""

from __future__ import annotations

import pytest

from smartcourt.courts.models import Court, HolidayYear, RoleGrant, User
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, UserFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db

MODELS = ["user", "rolegrant", "court", "holidayyear"]


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory(), is_staff=True, is_superuser=True)
    login_verified(client, admin)
    client.admin = admin
    return client


@pytest.mark.parametrize("model", MODELS)
def test_lists_render_but_nothing_can_be_added(admin_client, model) -> None:
    assert admin_client.get(f"/admin/courts/{model}/").status_code == 200
    assert admin_client.get(f"/admin/courts/{model}/add/").status_code == 403


def test_no_change_or_delete_through_the_admin(admin_client) -> None:
    target = UserFactory(full_name="张三")
    grant = RoleGrant.objects.create(user=target, role=Role.JUDGE, court=admin_client.admin.grants.first().court)
    court = grant.court
    year = HolidayYear.objects.order_by("year").first()  # loaded by the data migration
    admin_client.post(f"/admin/courts/user/{target.pk}/change/", {"username": target.username, "is_superuser": "on"})
    admin_client.post(f"/admin/courts/rolegrant/{grant.pk}/change/", {"role": Role.PRESIDENT, "user": target.pk})
    admin_client.post(f"/admin/courts/court/{court.pk}/change/", {"name": "改名", "code": court.code, "level": "high"})
    for url in (
        f"/admin/courts/rolegrant/{grant.pk}/delete/",
        f"/admin/courts/holidayyear/{year.pk}/delete/",
    ):
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
    target.refresh_from_db()
    grant.refresh_from_db()
    court.refresh_from_db()
    assert not target.is_superuser and grant.role == Role.JUDGE and court.name != "改名"
    assert HolidayYear.objects.filter(pk=year.pk).exists() and User.objects.filter(pk=target.pk).exists()
    assert Court.objects.filter(pk=court.pk, level=court.level).exists()


def test_the_admin_site_is_opened_by_the_table_not_by_a_role_name(client) -> None:
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory(), is_staff=True)  # not a superuser
    login_verified(client, admin)
    assert client.get("/admin/").status_code == 200
    judge = user_with_role(Role.JUDGE, CourtFactory(), is_staff=True)
    login_verified(client, judge)
    assert client.get("/admin/").status_code == 302  # to the admin's login page


def test_courts_people_and_grants_are_added_through_the_audited_services() -> None:
    from django.core.management import CommandError, call_command

    from smartcourt.core.models import AuditLog

    call_command("court_add", "苏州市中级人民法院", "苏05", "intermediate")
    call_command("court_add", "苏州市姑苏区人民法院", "苏0508", "basic", "--parent", "苏05")
    upper, court = Court.objects.get(code="苏05"), Court.objects.get(code="苏0508")
    assert court.path == f"/{upper.pk}/{court.pk}/"
    call_command("role_grant", "zhang", "clerk", "苏0508", "--create", "--full-name", "张书记")
    user = User.objects.get(username="zhang")
    assert not user.has_usable_password() and user.grants.get().role == Role.CLERK
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"court.created", "user.created", "role.granted"} <= actions
    with pytest.raises(CommandError, match="不存在"):
        call_command("role_grant", "li", "judge", "苏0508")
    with pytest.raises(CommandError, match="上级法院"):
        call_command("court_add", "某法院", "苏9999", "basic", "--parent", "浙01")

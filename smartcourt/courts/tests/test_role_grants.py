"""No all-powerful administrator (ADR 0017): roles are granted only through `role_grant`, under the granting rules
(courts/rules/grants.py) — never to oneself, only where the table lets the granter manage staff, the president's and
the system administrator's roles from a higher court, judges' roles with their appointment, and a system
administrator holds no other role. The demo's administrator granted itself a judge role at another court and read
that court's cases; each of those steps is refused here."""

from __future__ import annotations

import pytest

from smartcourt.cases.selectors import case_visible_to
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditLog
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.rules.grants import GRANT_RULES, AdminScope, grant_refusal
from smartcourt.courts.services import AccountRefused, role_grant
from smartcourt.courts.tests.factories import CourtFactory, UserFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db
APPOINTMENT = "姑人常任〔2025〕3号"


@pytest.fixture
def province():  # type: ignore[no-untyped-def]
    high = CourtFactory(level=CourtLevel.HIGH)
    city = CourtFactory(level=CourtLevel.INTERMEDIATE, parent=high)
    basic = CourtFactory(parent=city)
    other = CourtFactory(parent=city)
    return {
        "high": high,
        "city": city,
        "basic": basic,
        "other": other,
        "admin": user_with_role(Role.SYSTEM_ADMIN, basic),
        "city_admin": user_with_role(Role.SYSTEM_ADMIN, city),
    }


def test_self_grant_is_refused(province) -> None:  # type: ignore[no-untyped-def]
    admin = province["admin"]
    with pytest.raises(AccountRefused) as refused:
        role_grant(user=admin, role=Role.CLERK, court=province["basic"], actor=admin)
    assert refused.value.code == "courts.grant_self" and refused.value.status == 403
    assert list(admin.grants.values_list("role", flat=True)) == [Role.SYSTEM_ADMIN]
    assert not AuditLog.objects.filter(action="role.granted").exists()


def test_a_court_admin_cannot_grant_at_another_court(province) -> None:  # type: ignore[no-untyped-def]
    clerk = UserFactory()
    with pytest.raises(AccountRefused) as refused:
        role_grant(user=clerk, role=Role.CLERK, court=province["other"], actor=province["admin"])
    assert refused.value.code == "courts.grant_out_of_scope"
    with pytest.raises(AccountRefused):  # nor upwards, at its parent court
        role_grant(user=clerk, role=Role.CLERK, court=province["city"], actor=province["admin"])
    assert not clerk.grants.exists() and not AuditLog.objects.filter(action="role.granted").exists()
    grant = role_grant(user=clerk, role=Role.CLERK, court=province["basic"], actor=province["admin"])  # own court
    row = AuditLog.objects.get(action="role.granted")
    assert row.actor == province["admin"] and row.target_id == str(grant.pk) and row.extra["court"] == grant.court.code


def test_a_higher_courts_admin_grants_below_it_and_gives_presidents_and_admins(province) -> None:  # type: ignore[no-untyped-def]
    person, admin = UserFactory(), UserFactory()
    with pytest.raises(AccountRefused) as refused:  # a court's admin neither makes peers nor its own president
        role_grant(user=admin, role=Role.SYSTEM_ADMIN, court=province["basic"], actor=province["admin"])
    assert refused.value.code == "courts.grant_needs_higher_court"
    with pytest.raises(AccountRefused):
        role_grant(
            user=person,
            role=Role.PRESIDENT,
            court=province["basic"],
            actor=province["admin"],
            appointment_ref=APPOINTMENT,
        )
    with pytest.raises(AccountRefused):  # the city court's admin is not above the city court itself
        role_grant(user=admin, role=Role.SYSTEM_ADMIN, court=province["city"], actor=province["city_admin"])
    role_grant(user=admin, role=Role.SYSTEM_ADMIN, court=province["basic"], actor=province["city_admin"])
    role_grant(
        user=person,
        role=Role.PRESIDENT,
        court=province["other"],
        actor=province["city_admin"],
        appointment_ref=APPOINTMENT,
    )
    assert person.grants.get().appointment_ref == APPOINTMENT


def test_judges_roles_need_the_appointment(province) -> None:  # type: ignore[no-untyped-def]
    judge = UserFactory()
    for actor in (province["admin"], SYSTEM):
        with pytest.raises(AccountRefused) as refused:
            role_grant(user=judge, role=Role.JUDGE, court=province["basic"], actor=actor)
        assert refused.value.code == "courts.grant_needs_appointment" and "法官法" in str(refused.value.message)
        assert refused.value.status == 400
    role_grant(
        user=judge, role=Role.JUDGE, court=province["basic"], actor=province["admin"], appointment_ref=APPOINTMENT
    )
    assert judge.grants.get().appointment_ref == APPOINTMENT


def test_a_system_administrator_holds_no_other_role(province) -> None:  # type: ignore[no-untyped-def]
    """The demo's administrator reached case data through a judge's role: no administrator may get one, from
    anyone, and no judge becomes an administrator."""
    other_admin = user_with_role(Role.SYSTEM_ADMIN, province["basic"])
    with pytest.raises(AccountRefused) as refused:
        role_grant(
            user=other_admin,
            role=Role.JUDGE,
            court=province["basic"],
            actor=province["city_admin"],
            appointment_ref=APPOINTMENT,
        )
    assert refused.value.code == "courts.grant_separation"
    judge = user_with_role(Role.JUDGE, province["basic"])
    with pytest.raises(AccountRefused):
        role_grant(user=judge, role=Role.SYSTEM_ADMIN, court=province["basic"], actor=SYSTEM)
    case = make_case(court=province["other"])
    assert not case_visible_to(user=province["admin"]).filter(pk=case.pk).exists()


def test_lawyers_and_parties_are_not_granted_here(province) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccountRefused) as refused:
        role_grant(user=UserFactory(), role=Role.LAWYER, court=province["basic"], actor=SYSTEM)
    assert refused.value.code == "courts.grant_public_role"


def test_the_superuser_flag_grants_nothing(province) -> None:  # type: ignore[no-untyped-def]
    superuser = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(AccountRefused):
        role_grant(user=UserFactory(), role=Role.CLERK, court=province["basic"], actor=superuser)


def test_every_role_has_a_granting_rule_and_the_rule_is_pure() -> None:
    assert set(GRANT_RULES) == set(Role)
    basic = AdminScope(path="/1/2/3/", subordinate=True)
    refusal = grant_refusal(
        role=Role.CLERK,
        court_path="/1/2/4/",
        by_system=False,
        self_grant=False,
        admin_scopes=[basic],
        holder_roles=[],
    )
    assert refusal is not None and refusal.code == "courts.grant_out_of_scope"
    assert (
        grant_refusal(
            role=Role.CLERK,
            court_path="/1/2/3/",
            by_system=False,
            self_grant=False,
            admin_scopes=[basic],
            holder_roles=[],
        )
        is None
    )


def test_the_staff_page_grants_under_the_same_rules(client, province) -> None:  # type: ignore[no-untyped-def]
    admin = province["admin"]
    login_verified(client, admin)
    clerk = user_with_role(Role.CLERK, province["basic"])
    page = client.get(f"/courts/staff/{clerk.pk}/")
    assert page.status_code == 200 and clerk.get_full_name() in page.content.decode()
    mine = client.post(
        f"/courts/staff/{admin.pk}/",
        {"action": "grant", "role": Role.JUDGE, "court": province["basic"].pk, "appointment_ref": APPOINTMENT},
    )
    assert mine.status_code == 403 and admin.grants.count() == 1  # not oneself, not even through the page
    ok = client.post(
        f"/courts/staff/{clerk.pk}/",
        {"action": "grant", "role": Role.MEDIATOR, "court": province["basic"].pk},
    )
    assert ok.status_code == 302 and clerk.grants.filter(role=Role.MEDIATOR).exists()
    stranger = user_with_role(Role.CLERK, province["other"])  # another court's staff: not on this admin's pages
    assert client.get(f"/courts/staff/{stranger.pk}/").status_code == 404
    assert stranger.get_full_name() not in client.get("/courts/staff/").content.decode()
    judge = user_with_role(Role.JUDGE, province["basic"])
    login_verified(client, judge)
    assert client.get("/courts/staff/").status_code == 403

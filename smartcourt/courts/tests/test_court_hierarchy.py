"""A court always has its correct hierarchy path, and the permission table never reads an empty path as "every
court". The defect: the Django admin created courts with path "", and a president granted at such a court saw the
cases of every court (SUBORDINATE = path__startswith="")."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from smartcourt.cases.selectors import case_visible_to
from smartcourt.cases.tests.factories import make_case
from smartcourt.core.actors import SYSTEM
from smartcourt.core.models import AuditLog
from smartcourt.courts.models import Court
from smartcourt.courts.roles import CourtLevel, Role
from smartcourt.courts.selectors import court_subtree
from smartcourt.courts.services import court_create
from smartcourt.courts.tests.factories import CourtFactory, login_verified, user_with_role

pytestmark = pytest.mark.django_db


def _force_path(court: Court, path: str) -> None:
    """Write a path the database now refuses, as a row from before the constraint would have it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            cursor.execute("UPDATE courts_court SET path = %s WHERE id = %s", [path, court.pk])
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
        else:  # PostgreSQL: DDL is transactional, the test's rollback restores the constraint
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks may block the ALTER
            cursor.execute("ALTER TABLE courts_court DROP CONSTRAINT court_path_well_formed")
            cursor.execute("UPDATE courts_court SET path = %s WHERE id = %s", [path, court.pk])
    court.refresh_from_db()


def test_court_create_writes_the_path_from_the_parent_and_its_own_id() -> None:
    high = court_create(name="江苏省高级人民法院", code="苏", level=CourtLevel.HIGH, actor=SYSTEM)
    inter = court_create(
        name="苏州市中级人民法院", code="苏05", level=CourtLevel.INTERMEDIATE, parent=high, actor=SYSTEM
    )
    assert high.path == f"/{high.pk}/" and inter.path == f"/{high.pk}/{inter.pk}/"
    assert list(court_subtree(court=high)) == [high, inter]
    audit = AuditLog.objects.get(action="court.created", target_id=str(inter.pk))
    assert audit.actor is None and audit.extra == {"path": inter.path, "actor": "system"}


def test_the_database_refuses_a_court_with_an_empty_path() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Court.objects.create(name="后台新建法院", code="苏0599", level=CourtLevel.BASIC, path="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Court.objects.create(name="根路径法院", code="苏0598", level=CourtLevel.BASIC, path="/")
    assert not Court.objects.exists()


def test_validation_refuses_a_path_that_does_not_follow_the_parent() -> None:
    parent = CourtFactory(level=CourtLevel.INTERMEDIATE)
    court = CourtFactory(parent=parent)
    court.full_clean()
    court.path = f"/{court.pk}/"  # detached from its parent
    with pytest.raises(ValidationError, match="层级路径"):
        court.full_clean()


def test_a_court_created_in_the_admin_is_refused(client) -> None:
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory(), is_staff=True, is_superuser=True)
    login_verified(client, admin)
    response = client.post(
        "/admin/courts/court/add/", {"name": "后台新建法院", "code": "苏0599", "level": "basic", "short_name": ""}
    )
    assert response.status_code == 403
    assert not Court.objects.filter(code="苏0599").exists()


def test_a_president_at_a_court_with_an_empty_path_does_not_see_every_courts_cases() -> None:
    mine, elsewhere = CourtFactory(), CourtFactory()
    own_case, other_case = make_case(court=mine), make_case(court=elsewhere)
    president = user_with_role(Role.PRESIDENT, mine)
    assert set(case_visible_to(user=president).values_list("pk", flat=True)) == {own_case.pk}
    _force_path(mine, "")  # a court the old admin created: no path
    visible = set(case_visible_to(user=president).values_list("pk", flat=True))
    assert other_case.pk not in visible  # an empty path matches nothing, never every court
    assert not court_subtree(court=mine).exists()
    assert not elsewhere.is_within(mine) and not mine.is_within(elsewhere)


def test_the_migration_repairs_paths_of_existing_courts() -> None:
    repair = importlib.import_module("smartcourt.courts.migrations.0004_court_path_well_formed").repair_paths
    parent = CourtFactory(level=CourtLevel.INTERMEDIATE)
    child = CourtFactory(parent=parent)
    _force_path(child, "")
    repair(apps, None)
    child.refresh_from_db()
    assert child.path == f"/{parent.pk}/{child.pk}/"


def test_user_grant_courts_lists_what_user_courts_does() -> None:
    """The case list's court filter reads the courts from the person's grants (no query of its own): the same
    courts, each once, in hierarchy order."""
    from smartcourt.courts.grants import permission_memo
    from smartcourt.courts.models import RoleGrant
    from smartcourt.courts.selectors import user_courts, user_grant_courts

    upper = CourtFactory()
    lower = CourtFactory(parent=upper)
    other = CourtFactory()
    user = user_with_role(Role.JUDGE, lower)
    RoleGrant.objects.create(user=user, role=Role.CLERK, court=lower)  # a second grant in the same court
    RoleGrant.objects.create(user=user, role=Role.PRESIDENT, court=upper)
    assert user_grant_courts(user=user) == list(user_courts(user=user)) == [upper, lower]
    with permission_memo():
        assert user_grant_courts(user=user) == [upper, lower]
    assert other not in user_grant_courts(user=user)

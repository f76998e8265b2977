"""The permission table, tested from itself: for every role and action on cases, the visible set of cases is
exactly the union of the scopes the table grants — no more (nothing leaks), no less."""

from __future__ import annotations

import pytest

from smartcourt.cases.models import Case, CaseParty, Representation
from smartcourt.cases.selectors import case_visible_to
from smartcourt.cases.tests.factories import make_case
from smartcourt.courts.permissions import PERMISSION_TABLE, Action, Resource, Scope, grants_for
from smartcourt.courts.roles import CourtLevel, DivisionKind, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, UserFactory, login_verified

ROLES = sorted({g.role for g in PERMISSION_TABLE if g.resource == Resource.CASE} | set(Role))
ACTIONS = list(Action)


@pytest.fixture
def world(db):
    """Grant court I (intermediate) with two divisions; B below I; X in another branch."""
    high = CourtFactory(level=CourtLevel.HIGH, code="苏")
    inter = CourtFactory(level=CourtLevel.INTERMEDIATE, parent=high, code="苏05")
    basic = CourtFactory(level=CourtLevel.BASIC, parent=inter, code="苏0508")
    other = CourtFactory(
        level=CourtLevel.INTERMEDIATE, parent=CourtFactory(level=CourtLevel.HIGH, code="浙"), code="浙01"
    )
    civil = DivisionFactory(court=inter, kind=DivisionKind.CIVIL)
    criminal = DivisionFactory(court=inter, kind=DivisionKind.CRIMINAL, name="刑事审判庭")
    cases = {
        "own": make_case(court=inter, division=civil),
        "division": make_case(court=inter, division=civil),
        "court": make_case(court=inter, division=criminal),
        "subordinate": make_case(court=basic),
        "other": make_case(court=other),
    }
    return {"inter": inter, "civil": civil, "cases": cases}


def _attach(user, role: Role, case: Case) -> None:
    """Put `user` on the case the way their role is on a case."""
    if role == Role.PARTY:
        person = CaseParty.objects.filter(case=case).first().person
        person.user = user
        person.save(update_fields=["user"])
    elif role == Role.LAWYER:
        Representation.objects.create(
            party=CaseParty.objects.filter(case=case).first(), kind="lawyer", name=user.full_name, user=user
        )
    elif role == Role.JUDGE_ASSISTANT:
        Case.objects.filter(pk=case.pk).update(assistant=user)
    elif role == Role.CLERK:
        Case.objects.filter(pk=case.pk).update(clerk=user)
    else:
        Case.objects.filter(pk=case.pk).update(judge=user)


SCOPE_SETS = {
    Scope.OWN: {"own"},
    Scope.DIVISION: {"own", "division"},
    Scope.COURT: {"own", "division", "court"},
    Scope.SUBORDINATE: {"own", "division", "court", "subordinate"},
}


@pytest.mark.parametrize("action", ACTIONS, ids=str)
@pytest.mark.parametrize("role", ROLES, ids=str)
def test_visible_cases_are_exactly_what_the_table_grants(world, role, action):
    user = UserFactory()
    user.grants.create(role=role, court=world["inter"], division=world["civil"])
    _attach(user, role, world["cases"]["own"])
    expected: set[str] = set()
    for scope in grants_for(role=role, resource=Resource.CASE, action=action):
        expected |= SCOPE_SETS[scope]
    visible = set(case_visible_to(user=user, action=action).values_list("pk", flat=True))
    names = {name for name, case in world["cases"].items() if case.pk in visible}
    assert names == expected
    assert "other" not in names  # another province's case never leaks


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_case_page_answers_404_for_hidden_and_200_for_visible(world, client, role):
    user = UserFactory()
    user.grants.create(role=role, court=world["inter"], division=world["civil"])
    _attach(user, role, world["cases"]["own"])
    if user.requires_two_factor:  # staff need a verified second factor for pages
        login_verified(client, user)
    else:
        client.force_login(user)
    hidden = client.get(f"/cases/{world['cases']['other'].pk}/")
    assert hidden.status_code == 404
    assert world["cases"]["other"].number not in hidden.content.decode()
    visible_names = {
        n for n, c in world["cases"].items() if c.pk in set(case_visible_to(user=user).values_list("pk", flat=True))
    }
    for name in visible_names:
        assert client.get(f"/cases/{world['cases'][name].pk}/").status_code == 200


def test_a_grant_with_no_case_rights_sees_nothing(world):
    user = UserFactory()
    user.grants.create(role=Role.SYSTEM_ADMIN, court=world["inter"])
    assert not case_visible_to(user=user).exists()


def test_anonymous_and_inactive_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not case_visible_to(user=AnonymousUser()).exists()
    user = UserFactory(is_active=False)
    user.grants.create(role=Role.PRESIDENT, court=world["inter"])
    assert not case_visible_to(user=user).exists()

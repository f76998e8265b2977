"""Reads for courts and people."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Court, Division, RoleGrant, User
from .roles import Role


def court_get_by_code(*, code: str) -> Court | None:
    return Court.objects.filter(code=code).first()


def court_subtree(*, court: Court) -> QuerySet[Court]:
    """The court and every court below it."""
    return Court.objects.filter(path__startswith=court.path)


def court_list() -> QuerySet[Court]:
    return Court.objects.all().order_by("path")


def division_list(*, court: Court) -> QuerySet[Division]:
    return Division.objects.filter(court=court).order_by("id")


def users_with_role(*, role: Role, court: Court | None = None, division: Division | None = None) -> QuerySet[User]:
    grants = RoleGrant.objects.filter(role=role)
    if court is not None:
        grants = grants.filter(court=court)
    if division is not None:
        grants = grants.filter(division=division)
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by("id")


def user_courts(*, user: User) -> QuerySet[Court]:
    return Court.objects.filter(pk__in=user.grants.values("court_id")).order_by("path")

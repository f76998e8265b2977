"""Reads for courts and people, and the system actor every app passes for the platform's own work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeGuard

from django.db.models import QuerySet

from smartcourt.core.actors import SYSTEM, Actor, SystemActor, is_system

from .grants import request_once, user_grants
from .models import Court, Division, RoleGrant, Room, User
from .roles import Role

__all__ = ["SYSTEM", "Actor", "SystemActor", "actor_get", "is_system", "system_actor"]


def system_actor() -> SystemActor:
    """The platform itself as the actor of a job, a command or a hand-off (`SYSTEM`); never pass None."""
    return SYSTEM


def user_get(*, user_id: int | None, active_only: bool = False) -> User | None:
    """The user `user_id` (e.g. the acting user a hand-off's payload names), or None; with `active_only`, None
    also for a deactivated account."""
    if not user_id:
        return None
    users = User.objects.filter(pk=user_id, is_active=True) if active_only else User.objects.filter(pk=user_id)
    return users.first()


def user_require(*, user_id: int) -> User:
    """The user `user_id`, for a caller that has already checked it exists (raises `User.DoesNotExist` if not)."""
    return User.objects.get(pk=user_id)


def user_is_person(user: object) -> TypeGuard[User]:
    """Whether `user` (e.g. `request.user`) is a signed-in person rather than the anonymous visitor."""
    return isinstance(user, User)


def username_taken(*, username: str) -> bool:
    return User.objects.filter(username=username).exists()


def user_get_by_username(*, username: str) -> User | None:
    return User.objects.filter(username=username).first()


def actor_get(*, user_id: int | None) -> User | SystemActor:
    """The actor a job or hand-off acts as: the user its payload names, or SYSTEM when it names none (or is gone)."""
    return user_get(user_id=user_id) or SYSTEM


def court_get_by_code(*, code: str) -> Court | None:
    return Court.objects.filter(code=code).first()


def court_subtree(*, court: Court) -> QuerySet[Court]:
    """The court and every court below it. A court without a well-formed path (never saved through `court_create`)
    has no subtree: an empty prefix would otherwise match every court."""
    if not court.path_is_valid():
        return Court.objects.none()
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


def users_granted_role_in(*, role: Role, court_ids: Iterable[int] | QuerySet[Any, Any]) -> QuerySet[User]:
    """Everyone (active or not) holding `role` in one of the courts `court_ids` (ids, or a queryset of ids);
    unordered."""
    grants = RoleGrant.objects.filter(role=role, court_id__in=court_ids).values("user_id")
    return User.objects.filter(pk__in=grants)


def users_active_with_roles(*, roles: Iterable[Role], court_ids: Iterable[int] | None = None) -> QuerySet[User]:
    """Active users holding one of `roles` (in one of the courts `court_ids`, when given: role and court of the same
    grant), each once; unordered."""
    if court_ids is None:
        users = User.objects.filter(grants__role__in=list(roles), is_active=True)
    else:
        users = User.objects.filter(is_active=True, grants__role__in=list(roles), grants__court_id__in=list(court_ids))
    return users.distinct()


def court_list_by_ids(*, court_ids: Iterable[int] | QuerySet[Any, Any]) -> QuerySet[Court]:
    """The courts `court_ids` (ids, or a queryset of ids), ordered by their place in the hierarchy."""
    return Court.objects.filter(pk__in=court_ids).order_by("path")


def user_courts(*, user: User) -> QuerySet[Court]:
    return Court.objects.filter(pk__in=user.grants.values("court_id")).order_by("path")


def user_grant_courts(*, user: User) -> list[Court]:
    """The courts where `user` holds a role, each once, in hierarchy order: what `user_courts` lists, read from the
    person's grants (with their courts), which a request reads once and every permission check shares, so a page
    that also needs the courts asks no query of its own. Paths compare as code points, as the database's C
    collation (and SQLite) order them."""
    courts = {grant.court_id: grant.court for grant in user_grants(user=user)}
    return sorted(courts.values(), key=lambda court: court.path)


def user_grant_places(*, user: User) -> list[tuple[str, int, int | None]]:
    """Where `user` holds each role: (role, court id, division id or None), one per grant."""
    return [(grant.role, grant.court_id, grant.division_id) for grant in user_grants(user=user)]


def court_ancestors(*, court: Court) -> list[Court]:
    """The court and every court above it, from the top of the hierarchy down (empty for a malformed path)."""
    if not court.path_is_valid():
        return []
    ids = [int(pk) for pk in court.path.strip("/").split("/")]
    return list(Court.objects.filter(pk__in=ids).order_by("path"))


def division_list_for_courts(*, court_ids: Iterable[int] | QuerySet[Any, Any]) -> QuerySet[Division]:
    """The divisions of the courts `court_ids` (ids, or a queryset of ids), with their court, in hierarchy order."""
    return Division.objects.filter(court_id__in=court_ids).select_related("court").order_by("court__path", "id")


# --- Holiday calendar (工作日历) ---------------------------------------------------------------------------------

from .models import CalendarDay, HolidayYear  # noqa: E402
from .permissions import Action, Resource, permits  # noqa: E402


@dataclass(frozen=True)
class HolidayDays:
    """The loaded arrangement as plain values: holiday → festival, make-up working day → festival, loaded years."""

    holidays: dict[date, str]
    workdays: dict[date, str]
    years: frozenset[int]


def holiday_days_load() -> HolidayDays:
    """Every loaded year's holidays and make-up working days (two queries, once per request: `grants.request_once`;
    a request that loads or changes a year reads it back). `legaltime.selectors.calendar_load` turns them into the
    working-day calendar deadlines count on.

    The national arrangement is small (about 35 rows a year), so it is read whole; a court's own non-working days
    would be merged here if the platform ever records them. Not kept across requests: exact invalidation across
    worker processes needs a shared cache, and a deadline counted on a stale calendar is a wrong legal date (ADR
    0025).
    """
    return request_once("courts.holiday_days", _holiday_days_read)


def _holiday_days_read() -> HolidayDays:
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    for day, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays)[day] = name
    years = frozenset(HolidayYear.objects.values_list("year", flat=True))
    return HolidayDays(holidays=holidays, workdays=workdays, years=years)


def holiday_year_list() -> QuerySet[HolidayYear]:
    """Loaded years, newest first, with their days prefetched for the calendar page."""
    return HolidayYear.objects.select_related("loaded_by").prefetch_related("days").order_by("-year")


def holiday_year_get(*, year: int) -> HolidayYear | None:
    return HolidayYear.objects.filter(year=year).prefetch_related("days").first()


def calendar_change_allowed(*, user: User) -> bool:
    """Whether `user` may load or edit holiday years: a grant with calendar/change in the permission table.

    The calendar is national, not a per-object resource, so any court's grant suffices (no scope filter).
    """
    return permits(user=user, resource=Resource.CALENDAR, action=Action.CHANGE)


def room_list(*, court: Court | int) -> QuerySet[Room]:
    """The court's rooms (法庭、科技法庭、互联网法庭、调解室 …), by name: what a hearing is booked into."""
    return Room.objects.filter(court=court).order_by("kind", "name")


def room_get(*, room_id: int) -> Room | None:
    return Room.objects.select_related("court").filter(pk=room_id).first()

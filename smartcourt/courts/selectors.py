"""Reads for courts and people, and the system actor every app passes for the platform's own work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from smartcourt.core.actors import SYSTEM, Actor, SystemActor, is_system

from .models import Court, Division, RoleGrant, User
from .roles import Role

__all__ = ["SYSTEM", "Actor", "SystemActor", "actor_get", "is_system", "system_actor"]


def system_actor() -> SystemActor:
    """The platform itself as the actor of a job, a command or a hand-off (`SYSTEM`); never pass None."""
    return SYSTEM


def user_get(*, user_id: int | None) -> User | None:
    """The user `user_id` (e.g. the acting user a hand-off's payload names), or None."""
    return User.objects.filter(pk=user_id).first() if user_id else None


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


def user_courts(*, user: User) -> QuerySet[Court]:
    return Court.objects.filter(pk__in=user.grants.values("court_id")).order_by("path")


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
    """Every loaded year's holidays and make-up working days (two queries). `legaltime.selectors.calendar_load`
    turns them into the working-day calendar deadlines count on.

    The national arrangement is small (about 35 rows a year), so it is read whole; a court's own non-working days
    would be merged here if the platform ever records them.
    """
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

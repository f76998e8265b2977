"""Reads of accounts: staff in an administrator's scope (Resource.COURT_STAFF, by the table), a person's grants,
API tokens, enrolment codes. The COURT_STAFF scopes on `User` are registered from `CourtsConfig.ready`."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import ApiToken, Court, Division, RoleGrant, TotpEnrolmentCode, User
from .permissions import (
    Action,
    Resource,
    Scope,
    ScopeBuilders,
    allows,
    courts_q,
    grants_for,
    permits,
    register_scopes,
    visible_q,
)
from .roles import STAFF_ROLES, Role
from .rules.grants import AdminScope
from .selectors import court_subtree

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor

# A member of staff is "in" a court, division or subtree through a staff role's grant there (a party registered with
# the court as their usual court is not its staff); OWN is the person themselves.
_STAFF = list(STAFF_ROLES)
STAFF_SCOPES = ScopeBuilders(
    own=lambda user: Q(pk=user.pk),
    division=lambda division: Q(grants__division=division, grants__role__in=_STAFF),
    court=lambda court: Q(grants__court=court, grants__role__in=_STAFF),
    # the subtree's ids, never a path prefix: a court with an empty path must not read as "every court"
    subordinate=lambda court: Q(
        grants__court_id__in=list(court_subtree(court=court).values_list("pk", flat=True)), grants__role__in=_STAFF
    ),
)


def staff_scopes_register() -> None:
    register_scopes(Resource.COURT_STAFF, STAFF_SCOPES)


def staff_page_allowed(*, user: User) -> bool:
    """Whether `user` may open the staff pages (人员与角色): a court-wide COURT_STAFF/VIEW grant."""
    return permits(user=user, resource=Resource.COURT_STAFF, action=Action.VIEW)


def staff_list(*, user: User, query: str = "") -> QuerySet[User]:
    """People `user` may see on the staff pages (court staff of the courts in their scope), by name."""
    visible = User.objects.filter(visible_q(user=user, resource=Resource.COURT_STAFF, action=Action.VIEW))
    people = User.objects.filter(pk__in=visible.values("pk"), grants__role__in=_STAFF).distinct()
    query = (query or "").strip()
    if query:
        people = people.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    return people.prefetch_related("grants__court", "grants__division").order_by("username")


def staff_get_for_user(*, person_id: int, user: User) -> User | None:
    """The person if `user` may see them on the staff pages; a missing and a hidden person are both None."""
    visible = visible_q(user=user, resource=Resource.COURT_STAFF, action=Action.VIEW)
    return User.objects.filter(pk__in=User.objects.filter(visible).values("pk")).filter(pk=person_id).first()


def staff_change_allowed(*, user: Actor, person: User) -> bool:
    """Whether `user` manages `person` (issues enrolment codes): COURT_STAFF/CHANGE on them, never on oneself."""
    if getattr(user, "pk", None) == person.pk:
        return False
    return allows(user=user, resource=Resource.COURT_STAFF, action=Action.CHANGE, obj=person)


def grant_courts_for(*, user: Actor) -> QuerySet[Court]:
    """The courts where `user` may grant roles (COURT_STAFF/CHANGE court-wide), in hierarchy order."""
    return Court.objects.filter(courts_q(user=user, resource=Resource.COURT_STAFF, action=Action.CHANGE)).order_by(
        "path"
    )


def grant_divisions_for(*, user: Actor) -> QuerySet[Division]:
    return (
        Division.objects.filter(court__in=grant_courts_for(user=user))
        .select_related("court")
        .order_by("court__path", "id")
    )


def admin_scopes_of(*, user: Actor) -> list[AdminScope]:
    """`user`'s court-wide COURT_STAFF/CHANGE reaches, as the granting rules read them (courts/rules/grants)."""
    if not isinstance(user, User):
        return []
    out = []
    for grant in user.grants.select_related("court"):
        scopes = grants_for(role=Role(grant.role), resource=Resource.COURT_STAFF, action=Action.CHANGE)
        if Scope.SUBORDINATE in scopes and grant.court.path_is_valid():
            out.append(AdminScope(path=grant.court.path, subordinate=True))
        elif Scope.COURT in scopes or Scope.SUBORDINATE in scopes:
            out.append(AdminScope(path=grant.court.path, subordinate=False))
    return out


def roles_of(*, user: User) -> set[Role]:
    return {Role(r) for r in RoleGrant.objects.filter(user=user).values_list("role", flat=True)}


def grants_of(*, user: User) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(user=user).select_related("court", "division").order_by("court__path", "role")


# --- second factor, API tokens ----------------------------------------------------------------------------------


def enrolment_code_digest(code: str) -> str:
    """The stored form of an enrolment code: case, spaces and dashes do not matter when it is typed."""
    normal = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hashlib.sha256(f"totp-enrolment:{normal}".encode()).hexdigest()


def totp_enrolment_code_find(*, user: User, code: str) -> TotpEnrolmentCode | None:
    """`user`'s enrolment code `code` if it is unused, not withdrawn and not expired; else None."""
    if not (code or "").strip():
        return None
    return TotpEnrolmentCode.objects.filter(
        user=user,
        code_hash=enrolment_code_digest(code),
        used_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


def totp_enrolment_code_get(*, user: User, code_id: int | None) -> TotpEnrolmentCode | None:
    """The still valid enrolment code `code_id` of `user` (the one they entered earlier in this session)."""
    if not code_id:
        return None
    return TotpEnrolmentCode.objects.filter(
        pk=code_id, user=user, used_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def totp_enrolled(*, user: User) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """`user`'s own API tokens, newest first (active, expired and revoked: the owner sees them all)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get_own(*, user: User, token_id: int) -> ApiToken | None:
    """One of `user`'s own tokens; another person's token is None, as a missing one is."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()

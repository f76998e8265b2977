"""Judges' standing teams (固定审判团队) and who may serve on a case's team, read through the permission table.

`Resource.STANDING_TEAM` is scoped on the judge's post (the judge's `RoleGrant`): OWN is the person's own posts,
DIVISION the posts of the grant's division, COURT the court's. Registered from `CourtsConfig.ready`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from smartcourt.core.errors import Forbidden, NotFound

from .models import RoleGrant, StandingTeam, User
from .permissions import Action, Resource, ScopeBuilders, allows, register_scopes, visible_q
from .roles import Role
from .selectors import court_subtree

if TYPE_CHECKING:
    from .models import Court, Division

STANDING_TEAM_SCOPES = ScopeBuilders(
    own=lambda user: Q(user=user),
    division=lambda division: Q(division=division),
    court=lambda court: Q(court=court),
    subordinate=lambda court: Q(court_id__in=list(court_subtree(court=court).values_list("pk", flat=True))),
)


def standing_team_scopes_register() -> None:
    register_scopes(Resource.STANDING_TEAM, STANDING_TEAM_SCOPES)


def judge_posts_for(*, user: User, action: Action = Action.VIEW) -> QuerySet[RoleGrant]:
    """The judges' posts (a judge's grant at a court and division) whose standing team `user` may see or set."""
    return (
        RoleGrant.objects.filter(visible_q(user=user, resource=Resource.STANDING_TEAM, action=action), role=Role.JUDGE)
        .filter(user__is_active=True)
        .select_related("user", "court", "division", "standing_team__assistant", "standing_team__clerk")
        .order_by("court__path", "division_id", "user__full_name", "id")
    )


def judge_post_get_for_user(*, post_id: int, user: User, action: Action = Action.CHANGE) -> RoleGrant:
    """One judge's post `user` may see (NotFound otherwise) and perform `action` on (Forbidden otherwise)."""
    post = judge_posts_for(user=user).filter(pk=post_id).first()
    if post is None:
        raise NotFound()
    if action != Action.VIEW and not allows(user=user, resource=Resource.STANDING_TEAM, action=action, obj=post):
        raise Forbidden("只有承办法官本人或其所在庭的庭长可以设置固定审判团队。")
    return post


def standing_team_for(*, judge: User, court: Court, division: Division | None = None) -> StandingTeam | None:
    """The standing team of `judge` at `court` (the post in `division` first, when the judge has several), or None."""
    teams = StandingTeam.objects.filter(post__user=judge, post__court=court, post__role=Role.JUDGE).select_related(
        "assistant", "clerk", "post"
    )
    return next(iter(sorted(teams, key=lambda t: (t.post.division_id != getattr(division, "pk", None), t.pk))), None)


def user_holds_role(*, user: User, role: Role, court: Court) -> bool:
    """Whether `user` is an active holder of `role` at `court` (who may be placed on a case's or a standing team)."""
    return bool(user.is_active) and user.grants.filter(role=role, court=court).exists()


def role_holders(*, role: Role, court: Court) -> QuerySet[User]:
    """Active holders of `role` at `court`, by name: the choices of a team form."""
    grants = RoleGrant.objects.filter(role=role, court=court).values("user_id")
    return User.objects.filter(pk__in=grants, is_active=True).order_by("full_name", "id")


def court_leader_ids(*, court: Court) -> set[int]:
    """The court's president(s) and division heads (院长、庭长), who preside over a panel they sit on."""
    grants = RoleGrant.objects.filter(role__in=[Role.PRESIDENT, Role.DIVISION_HEAD], court=court)
    return set(grants.values_list("user_id", flat=True))

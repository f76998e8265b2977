"""Judges' standing teams (固定审判团队), mounted at /courts/teams/: the judge sets their own, the division head the
division's judges' (permission table: `Resource.STANDING_TEAM`). Reached from the workbench panel 审判团队."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartcourt.core.views import flash_action

from .models import User
from .permissions import Action
from .roles import Role
from .selectors import user_get
from .selectors_teams import judge_post_get_for_user, judge_posts_for, role_holders
from .services import standing_team_set


@login_required
@require_GET
def standing_teams(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):  # login_required lets only a signed-in person through
        raise PermissionDenied
    posts = list(judge_posts_for(user=user))
    editable = set(judge_posts_for(user=user, action=Action.CHANGE).values_list("pk", flat=True))
    choices: dict[int, dict[str, list[User]]] = {}
    for post in posts:
        if post.pk in editable and post.court_id not in choices:
            choices[post.court_id] = {
                "assistants": list(role_holders(role=Role.JUDGE_ASSISTANT, court=post.court)),
                "clerks": list(role_holders(role=Role.CLERK, court=post.court)),
            }
    rows = [
        {
            "post": post,
            "team": getattr(post, "standing_team", None),
            "editable": post.pk in editable,
            "choices": choices.get(post.court_id),
        }
        for post in posts
    ]
    return render(request, "courts/standing_teams.html", {"rows": rows})


@login_required
@require_POST
def standing_team_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    post = judge_post_get_for_user(post_id=post_id, user=user, action=Action.CHANGE)
    people: dict[str, User | None] = {}
    for key in ("assistant", "clerk"):
        raw = (request.POST.get(key) or "").strip()
        if not raw:
            people[key] = None
            continue
        people[key] = user_get(user_id=int(raw)) if raw.isdigit() else None
        if people[key] is None:
            messages.error(request, _("所选人员不存在。"))
            return redirect("courts:standing_teams")
    flash_action(
        request,
        lambda: standing_team_set(post=post, actor=user, assistant=people["assistant"], clerk=people["clerk"]),
        _("固定审判团队已保存：此后分配给该法官的新案件，将由其法官助理、书记员组成审判团队。"),
    )
    return redirect("courts:standing_teams")

"""Workbench panel of publication: the judgments waiting to be published (裁判文书待公开) for the people who review
them — the judge, assistant, division head and trial management — the overdue first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcourt.courts.permissions import Action, Resource, roles_with
from smartcourt.courts.workbench import Panel, register_panel

from .models import PublicationState
from .publication import selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

    from smartcourt.courts.models import User


def _waiting(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)
    today = timezone.localdate()
    qs = selectors.publication_tasks_for_user(user=user, action=Action.REVIEW).filter(
        state__in=[PublicationState.PENDING, PublicationState.REVIEWED]
    )
    # no court join: the panel shows none of the court's columns
    rows = list(qs.select_related(None).only("pk", "case_number", "title", "due_on", "state", "court_id")[:6])
    if len(rows) < 6:  # all of them are on the panel: nothing more to count
        counts = {"count": len(rows), "overdue": sum(1 for t in rows if t.due_on < today)}
    else:
        counts = qs.aggregate(count=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    return {"tasks": rows, **counts, "today": today}


register_panel(
    Panel("publication_waiting", _("裁判文书待公开"), roles_with(resource=Resource.PUBLICATION, action=Action.REVIEW),
          "portal/publication/panel.html", _waiting, order=40)
)  # fmt: skip

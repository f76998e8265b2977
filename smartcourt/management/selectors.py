"""Reads of the management app: the court overview (法院运行态势) for the leaders who supervise cases.

The figures are the case app's (`cases.selectors_stats`), computed over the cases the permission table lets this
person supervise. They are cached in the shared cache (settings.CACHES: every worker process reads the same entry)
per person and per day, under the versions of the courts they cover: every case write appends a case event, which
renews its court's version, so a filing, an assignment or a closing makes the next overview of that court's leaders
fresh (no timer to wait for), and leaves every other court's cached overview alone (ADR 0024).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils import timezone

from smartcourt.cases.selectors_stats import OverviewFigures, court_figures_versions, overview_figures
from smartcourt.courts.grants import user_grants
from smartcourt.courts.permissions import Action, Resource, permits
from smartcourt.courts.selectors import court_subtree

if TYPE_CHECKING:
    from smartcourt.core.actors import Actor

OVERVIEW_CACHE_SECONDS = 600


def overview_allowed(*, user: Actor | None) -> bool:
    """Whether the table gives this person SUPERVISE on cases in some court or division (院长、庭长、审管办)."""
    return permits(user=user, resource=Resource.CASE, action=Action.SUPERVISE)


def _overview_courts(*, user: Actor) -> list[int]:
    """The courts whose cases this person's overview may count: those of their grants and every court below."""
    courts: set[int] = set()
    # the courts of the person's grants, as this request read them already (no query of its own)
    for court in {grant.court_id: grant.court for grant in user_grants(user=user)}.values():  # type: ignore[arg-type]
        courts.update(court_subtree(court=court).values_list("pk", flat=True))
    return sorted(courts)


def court_overview(*, user: Actor, today: date | None = None) -> OverviewFigures:
    today = today or timezone.localdate()
    versions = court_figures_versions(court_ids=_overview_courts(user=user))
    digest = hashlib.sha256(versions.encode()).hexdigest()[:24]
    key = f"management:overview:{user.pk}:{today.isoformat()}:{digest}"
    figures: OverviewFigures | None = cache.get(key)
    if figures is None:
        figures = overview_figures(user=user, today=today)  # type: ignore[arg-type]
        cache.set(key, figures, OVERVIEW_CACHE_SECONDS)
    return figures


def overview_chart_data(figures: OverviewFigures) -> dict[str, object]:
    """The charts' series, for the page's json_script block."""
    return {
        "months": [m.month.strftime("%Y-%m") for m in figures.months],
        "filed": [m.filed for m in figures.months],
        "closed": [m.closed for m in figures.months],
        "pending": [m.pending_at_end for m in figures.months],
        "divisions": [d.name for d in figures.divisions],
        "division_ids": [d.division_id for d in figures.divisions],
        "division_filed": [d.filed for d in figures.divisions],
        "division_closed": [d.closed for d in figures.divisions],
        "division_pending": [d.pending for d in figures.divisions],
        "division_overdue": [d.overdue for d in figures.divisions],
    }

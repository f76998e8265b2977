"""The court overview (法院运行态势): leaders' charts over the cases they supervise, each figure a link to its list."""

from __future__ import annotations

from calendar import monthrange

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from smartcourt.core.errors import Forbidden
from smartcourt.courts.selectors import user_is_person

from . import selectors


@never_cache
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user_is_person(user) and selectors.overview_allowed(user=user)):
        raise Forbidden("法院运行态势仅向院庭长和审判管理部门开放。")
    figures = selectors.court_overview(user=user)
    months = [
        {
            "flow": m,
            "first": m.month,
            "last": m.month.replace(day=monthrange(m.month.year, m.month.month)[1]),
        }
        for m in figures.months
    ]
    return render(
        request,
        "management/overview.html",
        {
            "f": figures,
            "months": months,
            "chart": selectors.overview_chart_data(figures),
        },
    )

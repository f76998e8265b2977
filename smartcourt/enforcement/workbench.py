"""The enforcement officer's workbench panel: payouts waiting for their approval as the second person, freezes of
their cases about to lapse (执行规定: renew before the term ends), and the way to their cases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils.translation import gettext_lazy as _

from smartcourt.courts.roles import Role
from smartcourt.courts.workbench import Panel, register_panel

from . import rules, selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

    from smartcourt.courts.models import User


def _desk(request: HttpRequest) -> dict[str, Any]:
    user = cast("User", request.user)
    return {"desk": selectors.officer_desk(user=user), "notice_days": rules.RENEWAL_NOTICE_DAYS}


register_panel(
    Panel("enforcement_desk", _("执行事务"), frozenset({Role.ENFORCEMENT_OFFICER}), "enforcement/panels/desk.html",
          _desk, order=12)
)  # fmt: skip

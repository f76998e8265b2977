"""Case factories: cases are registered through the service (numbers, parties, timeline) like in production."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from smartcourt.cases.models import Case
from smartcourt.cases.services import PartyIn, case_register
from smartcourt.core.actors import SYSTEM
from smartcourt.courts.models import Court, Division, User

_counter = itertools.count(1)


def make_case(
    *,
    court: Court,
    division: Division | None = None,
    type_code: str = "民初",
    judge: User | None = None,
    plaintiff: str | None = None,
    defendant: str | None = None,
    filed_on: date | None = None,
    plaintiff_user: User | None = None,
    **extra: object,
) -> Case:
    n = next(_counter)
    parties = [
        PartyIn(role="plaintiff", kind="natural", name=plaintiff or f"原告{n}", user=plaintiff_user),
        PartyIn(role="defendant", kind="legal", name=defendant or f"被告{n}有限公司"),
    ]
    case = case_register(
        court=court,
        division=division,
        type_code=type_code,
        parties=parties,
        actor=SYSTEM,
        filed_on=filed_on,
        claim_amount=Decimal("10000.00"),
        **extra,
    )  # type: ignore[arg-type]
    if judge is not None:
        Case.objects.filter(pk=case.pk).update(judge=judge, state="in_trial")
        case.refresh_from_db()
    return case


def extend_trial_period(
    *, case: Case, requester: User, approver: User, reason: str = "案情复杂", months: int = 0, days: int = 0
) -> object:
    """An extension as it happens now: the judge requests it, the approver the rules name approves it."""
    from smartcourt.cases.services_approvals import approval_approve, extension_request

    request = extension_request(case=case, actor=requester, reason=reason, months=months, days=days)
    return approval_approve(request=request, actor=approver)

"""portal 0004: accounts opened before accounts had a court get the court of their registration grant (the role
party or lawyer registration gave them), else of any grant; one with no grant keeps none."""

from __future__ import annotations

import pytest
from django.db import connection

from smartcourt.core.squashed import replaced_chains_executor
from smartcourt.courts.models import RoleGrant
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, UserFactory, user_with_role
from smartcourt.portal.models import LitigantAccount

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("portal", "0003_delete_outboundmessage")]


def _migrate(targets: list[tuple[str, str]] | None = None):  # type: ignore[no-untyped-def]
    executor = replaced_chains_executor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return replaced_chains_executor(connection).loader.project_state(targets).apps if targets else None


def test_existing_accounts_take_their_registration_court() -> None:
    home, elsewhere = CourtFactory(code="苏0508"), CourtFactory(code="苏0583")
    party = user_with_role(Role.PARTY, home)
    lawyer = user_with_role(Role.JUDGE, elsewhere)  # a grant that is not the registration one comes second
    RoleGrant.objects.create(user=lawyer, role=Role.LAWYER, court=home)
    staff_only = user_with_role(Role.CLERK, elsewhere)
    nobody = UserFactory()
    try:
        old = _migrate(BEFORE)
        Account = old.get_model("portal", "LitigantAccount")
        for user, kind in ((party, "party"), (lawyer, "lawyer"), (staff_only, "party"), (nobody, "party")):
            Account.objects.create(user_id=user.pk, kind=kind, state="pending")
    finally:
        _migrate()
    courts = dict(LitigantAccount.objects.values_list("user_id", "court_id"))
    assert courts == {party.pk: home.pk, lawyer.pk: home.pk, staff_only.pk: elsewhere.pk, nobody.pk: None}

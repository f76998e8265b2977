"""In a JSON body a number is a number: `true` is not 1 day nor record 1 (schemathesis found a token created for
`"lifetime_days": true`; pydantic's lax mode had turned it into 1)."""

from __future__ import annotations

import pytest
from django.test import Client

from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_a_boolean_is_not_a_number_of_days() -> None:
    court = CourtFactory(code="苏0508")
    party = user_with_role(Role.PARTY, court, full_name="刘小红")
    client = Client()
    client.force_login(party)
    refused = client.post("/api/v1/me/tokens", {"name": "脚本", "lifetime_days": True}, content_type="application/json")
    assert refused.status_code in (400, 422) and "lifetime_days" in refused.content.decode()
    made = client.post("/api/v1/me/tokens", {"name": "脚本", "lifetime_days": 30}, content_type="application/json")
    assert made.status_code == 201

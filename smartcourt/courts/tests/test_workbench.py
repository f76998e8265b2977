"""Every role lands on a workbench with its own panels and navigation; none gets an error page."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from smartcourt.courts.roles import STAFF_ROLES, Role
from smartcourt.courts.tests.factories import CourtFactory, DivisionFactory, login_verified, user_with_role
from smartcourt.courts.workbench import panels_for

pytestmark = pytest.mark.django_db
SHANGHAI = timezone.get_default_timezone()


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_role_gets_a_workbench(client, role):
    court = CourtFactory()
    user = user_with_role(role, court, DivisionFactory(court=court))
    if role in STAFF_ROLES:
        login_verified(client, user)
    else:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    for panel in panels_for({role}):
        assert f'data-panel="{panel.key}"' in page
    assert str(role.label) in page  # the role badge in the navigation


@time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False)
def test_admin_is_warned_about_a_missing_holiday_year(client):
    admin = user_with_role(Role.SYSTEM_ADMIN, CourtFactory())
    login_verified(client, admin)
    page = client.get("/").content.decode()
    assert "2027 年的节假日安排尚未录入" in page  # 2026 is loaded, 2027 is not

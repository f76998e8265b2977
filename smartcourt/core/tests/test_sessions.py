"""The session store (core.sessions): a page view writes the session only when it changed or its expiry was last
pushed forward a minute ago or more; an idle session still ends within SESSION_COOKIE_AGE."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartcourt.core.sessions import REFRESH_SECONDS
from smartcourt.courts.roles import Role
from smartcourt.courts.tests.factories import CourtFactory, user_with_role

pytestmark = pytest.mark.django_db


def _session_writes(client, path: str = "/portal/cases/") -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as capture:
        assert client.get(path).status_code == 200
    return sum(
        1
        for q in capture.captured_queries
        if q["sql"].startswith(('UPDATE "django_session"', 'INSERT INTO "django_session"'))
    )


def _expiry(client) -> object:  # type: ignore[no-untyped-def]
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_an_unchanged_session_is_written_at_most_once_a_minute(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user_with_role(Role.PARTY, CourtFactory()))
        assert _session_writes(client) == 0  # just written by the sign-in
        clock.shift(timedelta(seconds=REFRESH_SECONDS - 5))
        assert _session_writes(client) == 0
        clock.shift(timedelta(seconds=10))
        before = _expiry(client)
        assert _session_writes(client) == 1  # a minute on: the expiry moves forward
        assert _expiry(client) > before


def test_a_changed_session_is_written_at_once(client):
    with time_machine.travel(timezone.now(), tick=False):
        client.force_login(user_with_role(Role.PARTY, CourtFactory()))
        session = client.session
        session["note"] = "changed"
        session.save()
        assert Session.objects.get(session_key=session.session_key).get_decoded()["note"] == "changed"


def test_an_idle_session_still_ends_within_its_age(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user_with_role(Role.PARTY, CourtFactory()))
        for _ in range(3):  # pages within the minute: nothing written, the expiry stays
            clock.shift(timedelta(seconds=15))
            client.get("/portal/cases/")
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE))
        response = client.get("/portal/cases/")
        assert response.status_code == 302 and "/login" in response["Location"]

"""Project-wide pytest fixtures."""

import importlib

import pytest


@pytest.fixture(autouse=True)
def _reset_axes_cache(settings):
    """Lockout state lives in the database (django-axes' DB handler), reset per test by the transaction."""
    yield


_holidays = importlib.import_module("smartcourt.courts.migrations.0002_load_holidays_2024_2026")


@pytest.fixture(autouse=True)
def _statutory_holidays(request):
    """The 2024–2026 holidays are loaded by a data migration; a transactional test's flush empties the table for
    every later test on the worker. Reload them so each database test sees the calendar a real install has."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps

    _holidays.load(apps, None)
